"""The case page (`/sager/{reference}`, the link in every task email): status, steps with
deadlines, the plan, the timeline (as `case_display` shows them), and the forms that record what
happened.

Only the job centre's own consultants and team leads (and admins, read-only) see a case; every
showing of the page, every change and every CPR reveal is in the audit log.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException

from fasttrack_core.domain.access import Role, may_see_case
from fasttrack_core.domain.corrections import CORRECTABLE
from fasttrack_core.domain.municipalities import MUNICIPALITIES
from fasttrack_core.domain.pause import PAUSE_REASON_LABELS
from fasttrack_core.domain.specialists import SpecialistContact, is_specialist
from fasttrack_core.domain.transitions import CaseSnapshot, StepState, awaited_events
from fasttrack_core.domain.vocabulary import (
    CAUSE_LABELS,
    EVENT_LABELS,
    EXTENSION_GROUND_LABELS,
    MEASURE_LABELS,
    MODE_LABELS,
    OUTCOME_LABELS,
    REASSESSMENT_OUTCOME_LABELS,
    ROLE_LABELS,
    STATUS_LABELS,
    EventKind,
    ParticipantRole,
    StepKind,
)
from fasttrack_core.errors import Refused
from fasttrack_core.models import User
from fasttrack_core.presentation.danish import meeting_time
from fasttrack_core.presentation.links import CASE_PATH, case_path
from fasttrack_core.reporting.case_file import render as render_case_file
from fasttrack_core.schemas import FIELD_LABELS, Questions
from fasttrack_core.services.assignment import reassign
from fasttrack_core.services.case_access import CaseKey, RequestDetails, case_key, reveal_cpr
from fasttrack_core.services.case_file import EXPORT_FORMATS, export_case_file
from fasttrack_core.services.events import record
from fasttrack_core.services.queries import CaseView, shown_case
from fasttrack_core.services.workload import Colleague
from fasttrack_core.web.case_display import page_steps, plan_of, timeline
from fasttrack_core.web.event_forms import (
    FORM_KINDS,
    PARTICIPANT_FIELDS,
    WITH_NOTE,
    EventForm,
    build,
    local_moment,
)
from fasttrack_core.web.security import NotVisible, actor_of, check_csrf, context_of, require
from fasttrack_core.web.templating import page

router = APIRouter(include_in_schema=False)

VIEWERS = (Role.CONSULTANT, Role.TEAM_LEAD, Role.ADMIN)
WORKERS = (Role.CONSULTANT, Role.TEAM_LEAD)  # an admin reads cases, never changes them
FLASH = "flash"

Viewer = Annotated[User, Depends(require(*VIEWERS))]
Worker = Annotated[User, Depends(require(*WORKERS))]


def check_access(user: User, key: CaseKey) -> None:
    """Not found (404, as for a case that does not exist: issue 12) unless the user may see it."""
    if not may_see_case(Role(user.role), user.job_centre_id, key.job_centre_id, user.system_admin):
        raise NotVisible


def visible_case(request: Request, user: User, reference: str) -> CaseKey:
    """The case, if it exists and the user may see it (else 404 either way: issue 12)."""
    key = case_key(context_of(request), reference)
    if key is None:
        raise HTTPException(404)
    check_access(user, key)
    return key


def show(
    request: Request,
    user: User,
    reference: str,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    reasons: list[str] | None = None,
    open_form: str | None = None,
    cpr: str | None = None,
    status_code: int = 200,
) -> Response:
    """The case page, read and logged as shown (VIEW) in one transaction."""
    ctx = context_of(request)
    now = ctx.clock.now()
    shown = shown_case(
        ctx, reference, actor_of(user), now, check=lambda key: check_access(user, key)
    )
    if shown is None:
        raise HTTPException(404)
    view, team = shown.view, shown.colleagues
    consultant = next((c for c in team if c.email == view.consultant), None)
    steps = page_steps(view, now)
    return page(
        request,
        "case.html",
        {
            "case": view,
            "details": shown.details,
            "questions": {f: FIELD_LABELS[f"questions.{f}"] for f in Questions.model_fields},
            "causes": CAUSE_LABELS,
            "reference": view.reference,
            "status": STATUS_LABELS[view.status],
            "closed": view.closed,
            "outcome": OUTCOME_LABELS[view.outcome] if view.outcome else None,
            "pause": view.pause,
            "correctable": _correctable(view),
            "pause_reasons": PAUSE_REASON_LABELS,
            "consultant": consultant.name if consultant else view.consultant,
            "cpr": cpr or view.employee.cpr,
            "revealed": cpr is not None,
            "requested_at": view.requested_at,
            "first_absence_day": view.first_absence_day,
            "steps": steps,
            "plan": plan_of(view, steps),
            "timeline": timeline(view, team),
            "flash": request.session.pop(FLASH, []),
            "can_act": Role(user.role) in WORKERS and not view.closed,
            "may_reopen": Role(user.role) in WORKERS and view.closed,
            "colleagues": [(str(c.id), c.name) for c in team if c is not consultant],
            # The queue's moves (web/queue_pages.py): a colleague takes over, the owner hands back.
            "may_take_over": any(c.email == user.email for c in team)
            and (consultant is None or consultant.email != user.email),
            "may_hand_back": consultant is not None and consultant.email == user.email,
            "transfer_to": sorted(MUNICIPALITIES.items(), key=lambda item: item[1]),
            "open_actions": [s for s in steps if s.kind == StepKind.ACTION and s.open],
            "form_kinds": _offered(view, open_form),
            "with_note": WITH_NOTE,
            "event_labels": EVENT_LABELS,
            # Helsingør's conversation tool: only where the policy switches it on.
            "staircase": shown.policy.staircase_steps if shown.policy.staircase else {},
            "measures": MEASURE_LABELS,
            "modes": MODE_LABELS,
            "outcomes": OUTCOME_LABELS,
            "reassessment_outcomes": REASSESSMENT_OUTCOME_LABELS,
            "extension_grounds": EXTENSION_GROUND_LABELS,
            "roles": ROLE_LABELS,
            "values": {
                **_defaults(shown.details, consultant, now),
                **_specialist_defaults(view, shown.specialist),
                **(values or {}),
            },
            "errors": errors or {},
            "reasons": reasons or [],
            "open_form": open_form,
        },
        status_code=status_code,
    )


def _correctable(view: CaseView) -> list[tuple[str, str]]:
    """The events a correction may name, as the correction form lists them."""
    return [
        (str(e.id), f"Nr. {e.id}: {EVENT_LABELS[e.kind]}, {meeting_time(e.effective_at)}")
        for e in view.events
        if e.kind in CORRECTABLE
    ]


def _offered(view: CaseView, open_form: str | None) -> list[EventKind]:
    """The event forms that fit where the case is (and the one just refused, to show why)."""
    steps = tuple(StepState(s.kind, s.seq, s.status, s.due) for s in view.steps)
    pause = view.pause.as_pause() if view.pause else None
    awaited = awaited_events(CaseSnapshot(view.status, steps, pause))
    return [kind for kind in FORM_KINDS if kind in awaited or kind == open_form]


def _defaults(
    details: RequestDetails, consultant: Colleague | None, now: datetime
) -> dict[str, Any]:
    """What the forms show before anything is typed: now as the time, an hour's meeting, and
    the roundtable's usual participants."""
    values: dict[str, Any] = {f"{kind}.at": local_moment(now) for kind in FORM_KINDS}
    values["sagsakt_format"] = "pdf"
    for kind in (EventKind.FOLLOWUP_BOOKED, EventKind.ROUNDTABLE_BOOKED):
        values[f"{kind}.minutes"] = "60"
    usual = [
        (ParticipantRole.EMPLOYEE, details.employee.name),
        (ParticipantRole.LEADER, details.leader.name if details.leader else ""),
        (ParticipantRole.CONSULTANT, consultant.name if consultant else ""),
    ]
    for row, (role, name) in enumerate(usual):
        values[f"{EventKind.ROUNDTABLE_HELD}.participants.{row}.role"] = role.value
        values[f"{EventKind.ROUNDTABLE_HELD}.participants.{row}.name"] = name
    return values


def _specialist_defaults(view: CaseView, suggested: SpecialistContact | None) -> dict[str, str]:
    """Roskilde's interdisciplinary team (issue 14 item 8): the specialist the policy suggests
    for the case's cause is offered in the roundtable's booking (and invited with the others);
    a specialist who was booked is among the participants the roundtable's record offers."""
    values = {}
    if suggested is not None:
        for name, value in suggested.as_participant().items():
            values[f"{EventKind.ROUNDTABLE_BOOKED}.participants.0.{name}"] = value
    booked = next(
        (e.data for e in reversed(view.events) if e.kind == EventKind.ROUNDTABLE_BOOKED), {}
    )
    invited = [p for p in booked.get("participants", []) if is_specialist(p)]
    if invited:
        for name in PARTICIPANT_FIELDS:
            if invited[0].get(name):
                values[f"{EventKind.ROUNDTABLE_HELD}.participants.3.{name}"] = invited[0][name]
    return values


def _posted(form: FormData) -> dict[str, Any]:
    """What the user typed, to show again: text fields, and the checked boxes as lists."""
    values: dict[str, Any] = {}
    for name, value in form.multi_items():
        if isinstance(value, str):
            values[name] = value
    for name in {name for name, _ in form.multi_items() if name.endswith(".measures")}:
        values[name] = [m for m in form.getlist(name) if isinstance(m, str)]
    return values


def _flash(request: Request, *messages: str) -> None:
    request.session[FLASH] = [*request.session.get(FLASH, []), *messages]


def _back(reference: str) -> Response:
    return RedirectResponse(case_path(reference), status_code=303)


@router.get(CASE_PATH)
def case_page(request: Request, reference: str, user: Viewer) -> Response:
    return show(request, user, reference)


@router.post(CASE_PATH + "/cpr", dependencies=[Depends(check_csrf)])
def show_cpr(
    request: Request, reference: str, user: Worker, formaal: Annotated[str, Form()] = ""
) -> Response:
    """The page once more, with the CPR number in clear text (logged: REVEAL_CPR, with the
    purpose the user stated)."""
    key = visible_case(request, user, reference)
    ctx = context_of(request)
    cpr = reveal_cpr(ctx, actor_of(user), key, as_of=ctx.clock.now(), purpose=formaal)
    return show(request, user, key.reference, cpr=cpr)


@router.post(CASE_PATH + "/sagsakt", dependencies=[Depends(check_csrf)])
def export_file(
    request: Request,
    reference: str,
    user: Viewer,
    sagsakt_formaal: Annotated[str, Form()] = "",
    sagsakt_format: Annotated[str, Form()] = "",
) -> Response:
    """The case file as a download (PDF or JSON), logged as an export with the stated purpose
    (issue 14, item 7). Refused without a purpose: the page again, with the reason by the field."""
    key = visible_case(request, user, reference)
    ctx = context_of(request)
    chosen = EXPORT_FORMATS.get(sagsakt_format)
    try:
        if chosen is None:
            message = "Vælg PDF eller JSON."
            raise Refused(message, fields={"sagsakt_format": message})
        export = export_case_file(
            ctx,
            key.reference,
            actor=actor_of(user),
            as_of=ctx.clock.now(),
            purpose=sagsakt_formaal,
            format=chosen,
            check=lambda found: check_access(user, found),
        )
    except Refused as refused:
        errors = {
            ("sagsakt_formaal" if k == "purpose" else k): v for k, v in refused.fields.items()
        }
        return show(
            request,
            user,
            key.reference,
            values={"sagsakt_formaal": sagsakt_formaal, "sagsakt_format": sagsakt_format},
            errors=errors,
            open_form="sagsakt",
            status_code=422,
        )
    name = f"sagsakt-{key.reference}.{chosen}"
    return Response(
        render_case_file(export, chosen),
        media_type="application/pdf" if chosen == "pdf" else "application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},  # no-store: security
    )


@router.post(CASE_PATH + "/konsulent", dependencies=[Depends(check_csrf)])
async def move_case(request: Request, reference: str, user: Worker) -> Response:
    form = await request.form()
    return await run_in_threadpool(_move, request, user, reference, form)


def _move(request: Request, user: User, reference: str, form: FormData) -> Response:
    key = visible_case(request, user, reference)
    ctx = context_of(request)
    chosen = form.get("consultant_id")
    try:
        if not (isinstance(chosen, str) and chosen.isdigit()):
            message = "Vælg den konsulent, sagen skal flyttes til."
            raise Refused(message, fields={"consultant_id": message})
        name = reassign(
            ctx, key.reference, int(chosen), actor=actor_of(user), as_of=ctx.clock.now()
        )
    except Refused as refused:
        unplaced = [r for r in refused.reasons if r not in refused.fields.values()]
        return show(
            request,
            user,
            key.reference,
            values=_posted(form),
            errors=refused.fields,
            reasons=unplaced,
            open_form="reassign",
            status_code=422,
        )
    _flash(request, f"Sagen er flyttet til {name}.")
    return _back(key.reference)


@router.post(CASE_PATH + "/haendelser/{kind}", dependencies=[Depends(check_csrf)])
async def record_posted(request: Request, reference: str, kind: str, user: Worker) -> Response:
    form = await request.form()
    return await run_in_threadpool(_record, request, user, reference, kind, form)


def _record(request: Request, user: User, reference: str, kind: str, form: FormData) -> Response:
    key = visible_case(request, user, reference)
    event_kind = next((k for k in FORM_KINDS if k.value == kind), None)
    if event_kind is None:
        raise HTTPException(404)
    ctx = context_of(request)
    now = ctx.clock.now()
    built = build(event_kind, form, now)
    try:
        if built.errors or built.at is None:
            raise built.refusal()
        result = record(
            ctx,
            key.reference,
            event_kind,
            built.at,
            built.data,
            as_of=now,
            actor=user.email,
            audit=actor_of(user),
        )
    except Refused as refused:
        return _refused(request, user, key, form, built, refused)
    label = EVENT_LABELS[event_kind]
    if result.duplicate:
        _flash(request, f"«{label}» var allerede registreret; intet er ændret.")
    else:
        _flash(request, f"Registreret: {label}.", *result.warnings)
    return _back(key.reference)


def _refused(
    request: Request, user: User, key: CaseKey, form: FormData, built: EventForm, refused: Refused
) -> Response:
    errors, unplaced = built.field_errors(refused)
    errors.update(built.errors)
    unplaced = [r for r in unplaced if r not in built.errors.values()]
    return show(
        request,
        user,
        key.reference,
        values=_posted(form),
        errors=errors,
        reasons=unplaced,
        open_form=built.kind,
        status_code=422,
    )
