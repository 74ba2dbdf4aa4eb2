"""The retention phone's form (`/telefonanmodning`, issue 14, item 3; Kolding): a consultant or
team lead registers a request taken by phone.

The same request form, JSON, validation and Danish messages as the public forms
(`web/intake_forms.py`, `schemas.RequestIn`), with the caller's role and the time of the call;
channel `phone`. The case goes to the consultant on duty on the day of the call, or to the one
who took it where the job centre's policy says so (`phone_request_owner`;
`services/assignment.py::choose_for_phone_request`). The submission is audited as the signed-in
user's.

The answer does not tell more than the user may see: a case of the user's own job centre opens
its page; any other answer (the employee lives elsewhere on this installation, or already has a
case there) is the same receipt either way.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import Role, may_see_case
from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.domain.limits import day_in_range
from fasttrack_core.domain.policy import PhoneRequestOwner
from fasttrack_core.domain.vocabulary import (
    CALLER_LABELS,
    CALLER_REQUESTER,
    Caller,
    Channel,
    Requester,
)
from fasttrack_core.errors import Refused
from fasttrack_core.models import JobCentre, User
from fasttrack_core.orchestration.announce import announce_request_received, announcing
from fasttrack_core.presentation.links import case_path
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.audit import log_submission
from fasttrack_core.services.case_access import case_key
from fasttrack_core.services.intake import IntakeResult, PhoneCall, submit_request
from fasttrack_core.services.policies import policy_of
from fasttrack_core.web.case_page import FLASH, WORKERS
from fasttrack_core.web.danish_dates import MOMENT_ERROR, iso_days, parse_moment
from fasttrack_core.web.event_forms import local_moment
from fasttrack_core.web.intake_forms import DAY_FIELDS, form_page, request_payload
from fasttrack_core.web.security import actor_of, check_csrf, context_of, require

router = APIRouter(include_in_schema=False)

PHONE_PATH = "/telefonanmodning"
_OWN_FIELDS = ("caller", "called_at")  # the phone form's fields that are not the request's
_FIELD_OF = {"requested_at": "called_at"}

Worker = Annotated[User, Depends(require(*WORKERS))]


def _phone_context(request: Request, user: User) -> dict[str, Any]:
    ctx = context_of(request)
    owner = PhoneRequestOwner.DUTY
    if user.job_centre_id is not None:
        with ctx.unit_of_work() as session:
            owner = policy_of(session.get_one(JobCentre, user.job_centre_id)).phone_request_owner
    return {
        "action": PHONE_PATH,
        "callers": CALLER_LABELS,
        "phone_owner": owner.value,
        "flash": request.session.pop(FLASH, []),
    }


def _page(
    request: Request,
    user: User,
    values: Mapping[str, str],
    errors: Mapping[str, str],
    reasons: list[str],
    status_code: int = 200,
) -> Response:
    """The request form as the staff's phone form (worded about the employee, as the leader's)."""
    phone = _phone_context(request, user)
    return form_page(request, Requester.EMPLOYER, values, errors, reasons, status_code, phone=phone)


def _called_at(form: Mapping[str, str], now: datetime) -> tuple[datetime | None, dict[str, str]]:
    """The time of the call (Danish local time; now when left empty)."""
    text = form.get("called_at", "").strip()
    if not text:
        return now, {}
    try:
        moment = parse_moment(text)
    except ValueError as problem:
        return None, {"called_at": str(problem)}
    if not day_in_range(moment.date()):
        return None, {"called_at": MOMENT_ERROR}
    return moment.replace(tzinfo=COPENHAGEN), {}


def _caller(form: Mapping[str, str]) -> tuple[Caller | None, dict[str, str]]:
    try:
        return Caller(form.get("caller", "")), {}
    except ValueError:
        return None, {"caller": "Vælg, hvem der ringede."}


def _register(ctx: AppContext, user: User, form: Mapping[str, str]) -> IntakeResult:
    """The request of the call, opened as the signed-in user's submission (audited)."""
    now = ctx.clock.now()
    caller, caller_error = _caller(form)
    called_at, time_error = _called_at(form, now)
    request_form, unreadable = iso_days(
        {k: v for k, v in form.items() if k not in _OWN_FIELDS}, DAY_FIELDS
    )
    requester = CALLER_REQUESTER[caller] if caller else Requester.EMPLOYER
    payload = request_payload(request_form, requester, called_at or now, channel=Channel.PHONE)
    problems = {**caller_error, **time_error, **unreadable}
    try:
        parsed = parse(RequestIn, payload)
    except Refused as refused:
        problems = {**refused.fields, **problems}
        raise Refused(list(problems.values()), fields=problems) from None
    if problems or caller is None:
        raise Refused(list(problems.values()), fields=problems)
    actor = actor_of(user)

    def record(session: Session, result: IntakeResult) -> None:
        log_submission(session, actor, result.case_id, result.created, now)

    return submit_request(
        ctx, parsed, as_of=now, record=record, phone=PhoneCall(caller, user.email)
    )


@router.get(PHONE_PATH)
def phone_form(request: Request, user: Worker) -> Response:
    ctx = context_of(request)
    return _page(request, user, {"called_at": local_moment(ctx.clock.now())}, {}, [])


@router.post(PHONE_PATH, dependencies=[Depends(check_csrf)])
async def phone_submit(request: Request, user: Worker, background: BackgroundTasks) -> Response:
    form = {key: value for key, value in (await request.form()).items() if isinstance(value, str)}
    ctx = context_of(request)
    try:
        result = await run_in_threadpool(_register, ctx, user, form)
    except Refused as refused:
        # The request's time is the call's on this form.
        fields = {_FIELD_OF.get(k, k): v for k, v in refused.fields.items()}
        unplaced = [r for r in refused.reasons if r not in refused.fields.values()]
        return _page(request, user, form, fields, unplaced, 422)
    if result.created and announcing():
        background.add_task(announce_request_received, result.reference)
    key = case_key(ctx, result.reference)
    if key is not None and may_see_case(
        Role(user.role), user.job_centre_id, key.job_centre_id, user.system_admin
    ):
        message = (
            f"Telefonanmodningen er registreret som sag {result.reference}."
            if result.created
            else f"Medarbejderen har allerede en åben sag, {result.reference}; intet nyt oprettet."
        )
        request.session[FLASH] = [*request.session.get(FLASH, []), message]
        return RedirectResponse(case_path(result.reference), status_code=303)
    request.session[FLASH] = [
        "Anmodningen er modtaget og sendt videre til jobcentret i medarbejderens bopælskommune."
    ]
    return RedirectResponse(PHONE_PATH, status_code=303)
