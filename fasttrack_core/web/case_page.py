"""The case page (`/sager/{reference}`, the link in every task email): status, steps with
deadlines, the plan, the timeline, and the forms that record what happened.

Only the job centre's own consultants and team leads (and admins, read-only) see a case; every
showing of the page, every change and every CPR reveal is in the audit log.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException

from fasttrack_core.domain.access import AuditAction, Role, may_see_case
from fasttrack_core.domain.transitions import CaseSnapshot, StepState, awaited_events
from fasttrack_core.domain.vocabulary import (
    CAUSE_LABELS,
    EVENT_LABELS,
    MEASURE_LABELS,
    MODE_LABELS,
    OUTCOME_LABELS,
    ROLE_LABELS,
    STATUS_LABELS,
    STEP_STATUS_LABELS,
    CaseStatus,
    EventKind,
    Measure,
    MeetingMode,
    Outcome,
    ParticipantRole,
    StepKind,
    StepStatus,
)
from fasttrack_core.errors import Refused
from fasttrack_core.models import User
from fasttrack_core.schemas import FIELD_LABELS, Questions
from fasttrack_core.services.assignment import reassign
from fasttrack_core.services.audit import write
from fasttrack_core.services.case_access import (
    CaseKey,
    RequestDetails,
    case_key,
    centre_policy,
    request_details,
    reveal_cpr,
)
from fasttrack_core.services.queries import case_view
from fasttrack_core.services.recording import record_event
from fasttrack_core.services.workload import Colleague, colleagues, is_overdue, step_label
from fasttrack_core.web.event_forms import (
    FORM_KINDS,
    WITH_NOTE,
    EventForm,
    build,
    local_moment,
)
from fasttrack_core.web.security import Forbidden, actor_of, check_csrf, context_of, require
from fasttrack_core.web.templating import page

router = APIRouter(include_in_schema=False)

VIEWERS = (Role.CONSULTANT, Role.TEAM_LEAD, Role.ADMIN)
WORKERS = (Role.CONSULTANT, Role.TEAM_LEAD)  # an admin reads cases, never changes them
FLASH = "flash"

Viewer = Annotated[User, Depends(require(*VIEWERS))]
Worker = Annotated[User, Depends(require(*WORKERS))]


def visible_case(request: Request, user: User, reference: str) -> CaseKey:
    """The case, if it exists (404) and the user may see it (403)."""
    key = case_key(context_of(request), reference)
    if key is None:
        raise HTTPException(404)
    if not may_see_case(Role(user.role), user.job_centre_id, key.job_centre_id):
        raise Forbidden("Sagen hører til et andet jobcenter. Du har ikke adgang til den.")
    return key


def show(
    request: Request,
    user: User,
    key: CaseKey,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    reasons: list[str] | None = None,
    open_form: str | None = None,
    cpr: str | None = None,
    status_code: int = 200,
) -> Response:
    """The case page; each showing is logged (VIEW)."""
    ctx = context_of(request)
    now = ctx.clock.now()
    view = case_view(ctx, key.reference)
    write(ctx, actor_of(user), AuditAction.VIEW, now, key.id)
    policy = centre_policy(ctx, key.job_centre_id)
    team = colleagues(ctx, key.job_centre_id)
    consultant = next((c for c in team if c.email == view["consultant"]), None)
    steps = [_step(step, now) for step in view["steps"]]
    details = request_details(ctx, key)
    events = view["events"]
    return page(
        request,
        "case.html",
        {
            "case": view,
            "details": details,
            "questions": {f: FIELD_LABELS[f"questions.{f}"] for f in Questions.model_fields},
            "causes": CAUSE_LABELS,
            "reference": key.reference,
            "status": STATUS_LABELS[CaseStatus(view["status"])],
            "closed": view["status"] == CaseStatus.CLOSED,
            "outcome": OUTCOME_LABELS[Outcome(view["outcome"])] if view["outcome"] else None,
            "consultant": consultant.name if consultant else view["consultant"],
            "cpr": cpr or view["employee"]["cpr"],
            "revealed": cpr is not None,
            "requested_at": datetime.fromisoformat(view["requested_at"]),
            "first_absence_day": date.fromisoformat(view["first_absence_day"]),
            "steps": steps,
            "plan": _plan(view, steps, events),
            "timeline": [_entry(event, team) for event in events],
            "flash": request.session.pop(FLASH, []),
            "can_act": Role(user.role) in WORKERS and view["status"] != CaseStatus.CLOSED,
            "colleagues": [(str(c.id), c.name) for c in team if c is not consultant],
            "open_actions": [s for s in steps if s["kind"] == StepKind.ACTION and s["open"]],
            "form_kinds": _offered(view, open_form),
            "with_note": WITH_NOTE,
            "event_labels": EVENT_LABELS,
            "staircase": policy.staircase,
            "measures": MEASURE_LABELS,
            "modes": MODE_LABELS,
            "outcomes": OUTCOME_LABELS,
            "roles": ROLE_LABELS,
            "values": {**_defaults(details, consultant, now), **(values or {})},
            "errors": errors or {},
            "reasons": reasons or [],
            "open_form": open_form,
        },
        status_code=status_code,
    )


def _offered(view: dict[str, Any], open_form: str | None) -> list[EventKind]:
    """The event forms that fit where the case is (and the one just refused, to show why)."""
    steps = (
        StepState(
            StepKind(s["kind"]), s["seq"], StepStatus(s["status"]), datetime.fromisoformat(s["due"])
        )
        for s in view["steps"]
    )
    awaited = awaited_events(CaseSnapshot(CaseStatus(view["status"]), tuple(steps)))
    return [kind for kind in FORM_KINDS if kind in awaited or kind == open_form]


def _step(step: dict[str, Any], now: datetime) -> dict[str, Any]:
    due = datetime.fromisoformat(step["due"])
    is_open = step["status"] in ("pending", "overdue")
    return {
        "kind": step["kind"],
        "seq": step["seq"],
        "label": step_label(step["kind"], step["seq"]),
        "what": step.get("what"),
        "owner": step.get("owner"),
        "due": due,
        "status": STEP_STATUS_LABELS[step["status"]],
        "open": is_open,
        "overdue": is_open and is_overdue(step["status"], due, now),
        "scheduled_at": _moment(step["scheduled_at"]),
        "completed_at": _moment(step["completed_at"]),
    }


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _plan(
    view: dict[str, Any], steps: list[dict[str, Any]], events: list[dict[str, Any]]
) -> dict[str, Any]:
    """The return-to-work plan: both staircase placements, the measures, the actions and the
    next review (the latest roundtable's and reviews' data)."""
    roundtable: dict[str, Any] = next(
        (e["data"] for e in reversed(events) if e["kind"] == EventKind.ROUNDTABLE_HELD), {}
    )
    reviews = [s for s in steps if s["kind"] == StepKind.REVIEW and s["open"]]
    return {
        "held": bool(roundtable),
        "employee": view["staircase"]["employee"],
        "employer": view["staircase"]["employer"],
        "measures": [MEASURE_LABELS[Measure(m)] for m in roundtable.get("measures", [])],
        "participants": [_participant(p) for p in roundtable.get("participants", [])],
        "actions": sorted(
            (s for s in steps if s["kind"] == StepKind.ACTION), key=lambda s: s["seq"]
        ),
        "next_review": reviews[0]["due"] if reviews else None,
    }


def _participant(person: dict[str, Any]) -> str:
    role = ROLE_LABELS[ParticipantRole(person["role"])]
    profession = f", {person['profession']}" if person.get("profession") else ""
    return f"{person['name']} ({role}{profession})"


def _entry(event: dict[str, Any], team: list[Colleague]) -> dict[str, Any]:
    return {
        "at": datetime.fromisoformat(event["at"]),
        "label": EVENT_LABELS.get(event["kind"], event["kind"]),
        "actor": event["actor"],
        "detail": _detail(event["kind"], event["data"], team),
    }


def _detail(kind: str, data: dict[str, Any], team: list[Colleague]) -> str:
    """One line about what the event carries (the timeline's second column)."""
    names = {c.id: c.name for c in team}
    parts: list[str] = []
    if kind in (EventKind.ASSIGNED, EventKind.REASSIGNED) and data.get("consultant_id"):
        parts.append(f"Til {names.get(data['consultant_id'], 'en tidligere konsulent')}")
    if kind in (EventKind.FOLLOWUP_BOOKED, EventKind.ROUNDTABLE_BOOKED):
        if data.get("cancelled"):
            parts.append("Aflyst")
        else:
            parts.append(f"Mødet: {_local(data['starts_at'])}, {data.get('minutes', 60)} min.")
            if data.get("location"):
                parts.append(f"Sted: {data['location']}")
    if kind == EventKind.FOLLOWUP_HELD:
        parts.append(MODE_LABELS[MeetingMode(data.get("mode", MeetingMode.IN_PERSON))])
    if "staircase" in data:
        stairs = data["staircase"]
        parts.append(
            f"Trappen: medarbejder {stairs['employee']}, arbejdsgiver {stairs['employer']}"
        )
    if data.get("next_review"):
        parts.append(f"Næste opfølgning {date.fromisoformat(data['next_review']):%d.%m.%Y}")
    if kind == EventKind.PARTIAL_RETURN:
        parts.append(f"{data['hours_per_week']:g} timer om ugen".replace(".", ","))
    if kind == EventKind.ACTION_COMPLETED:
        parts.append(f"Handling {data['action']}")
    if kind == EventKind.CLOSED:
        parts.append(OUTCOME_LABELS[Outcome(data["outcome"])])
    if data.get("step"):
        parts.append(step_label(data["step"], data.get("seq", 1)))
    if data.get("note"):
        parts.append(f"Note: {data['note']}")
    return " · ".join(parts)


def _local(value: str) -> str:
    return local_moment(datetime.fromisoformat(value)).replace("T", " kl. ")


def _defaults(
    details: RequestDetails, consultant: Colleague | None, now: datetime
) -> dict[str, Any]:
    """What the forms show before anything is typed: now as the time, an hour's meeting, and
    the roundtable's usual participants."""
    values: dict[str, Any] = {f"{kind}.at": local_moment(now) for kind in FORM_KINDS}
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
    return RedirectResponse(f"/sager/{reference}", status_code=303)


@router.get("/sager/{reference}")
def case_page(request: Request, reference: str, user: Viewer) -> Response:
    return show(request, user, visible_case(request, user, reference))


@router.post("/sager/{reference}/cpr", dependencies=[Depends(check_csrf)])
def show_cpr(request: Request, reference: str, user: Worker) -> Response:
    """The page once more, with the CPR number in clear text (logged: REVEAL_CPR)."""
    key = visible_case(request, user, reference)
    ctx = context_of(request)
    cpr = reveal_cpr(ctx, actor_of(user), key, ctx.clock.now())
    return show(request, user, key, cpr=cpr)


@router.post("/sager/{reference}/konsulent", dependencies=[Depends(check_csrf)])
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
        name = reassign(ctx, key.reference, int(chosen), actor_of(user), ctx.clock.now())
    except Refused as refused:
        unplaced = [r for r in refused.reasons if r not in refused.fields.values()]
        return show(
            request,
            user,
            key,
            values=_posted(form),
            errors=refused.fields,
            reasons=unplaced,
            open_form="reassign",
            status_code=422,
        )
    _flash(request, f"Sagen er flyttet til {name}.")
    return _back(key.reference)


@router.post("/sager/{reference}/haendelser/{kind}", dependencies=[Depends(check_csrf)])
async def record(request: Request, reference: str, kind: str, user: Worker) -> Response:
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
            raise Refused(list(built.errors.values()))
        result = record_event(
            ctx,
            key.reference,
            event_kind,
            built.at,
            built.data,
            now,
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
        key,
        values=_posted(form),
        errors=errors,
        reasons=unplaced,
        open_form=built.kind,
        status_code=422,
    )
