"""The request forms (SPEC §3): one for the leader or HR, one for the employee.

No sign-in is needed to ask for Fast track. A form sends the same request as the API and the
CLI, and is refused with the same messages, each shown next to its field, with what the user
typed kept. The forms are in Danish or English (web/public.py; issue 15), their messages too; an
English form asks for English messages unless the user chooses Danish in it. The answer to an
accepted request is the same receipt whether it opened a case or the employee already had one
(issue 12: the form must not tell who is on sick leave); the case reference goes to the
leader/HR by e-mail.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from fastapi import APIRouter, BackgroundTasks, Depends, Request
from fastapi.responses import Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from fasttrack_core.db import AppContext
from fasttrack_core.domain.municipalities import MUNICIPALITIES
from fasttrack_core.domain.reasons import Reason
from fasttrack_core.domain.vocabulary import (
    Cause,
    Channel,
    Employment,
    Language,
    Requester,
)
from fasttrack_core.errors import Refused
from fasttrack_core.orchestration.announce import announce_request_received, announcing
from fasttrack_core.presentation.texts import Group, text
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.audit import Actor, log_submission
from fasttrack_core.services.intake import IntakeResult, submit_request
from fasttrack_core.web.danish_dates import iso_days
from fasttrack_core.web.public import page_language, public_page
from fasttrack_core.web.security import check_csrf, context_of
from fasttrack_core.web.templating import page

router = APIRouter(include_in_schema=False)

FORMS: dict[Requester, str] = {
    Requester.EMPLOYER: "/anmodning",
    Requester.EMPLOYEE: "/anmodning/medarbejder",
}
FORM_ACTOR: dict[Requester, str] = {
    Requester.EMPLOYER: "formular: leder/personaleafdeling",
    Requester.EMPLOYEE: "formular: medarbejder",
}
_OPTIONAL_GROUPS = ("hr_contact",)  # sent only when one of its fields is filled in
# Left out when empty by an unemployed or self-employed person (§ 7 e); an employed person's empty
# fields are refused next to each field.
_EMPLOYER_GROUPS = ("employer", "leader")
DAY_FIELDS = ("first_absence_day",)  # Danish date fields (web/danish_dates.py)
_OPTIONAL_FIELDS = (
    "employee.email",  # without one, the notice and summonses go as letters (issue 15)
    "employee.phone",
    "employee.weekly_hours",
    "employer.municipality",
    "cause_category",
    "employment",
    "language",
)
# Earlier spells of sickness absence (§ 24's 9 months): rows of `previous_absence.{row}.from/to`.
PREVIOUS_ABSENCE_ROWS = 3
_SPELL = "previous_absence"
# The language of the messages to the employee and the leader, besides Danish (issue 15).
LANGUAGE_CHOICES = {Language.EN.value: "English"}
# The employee form's answers to "Er du ansat?" besides the default (employed): text keys.
_EMPLOYMENT_CHOICES = {
    Employment.UNEMPLOYED.value: "form.unemployed",
    Employment.SELF_EMPLOYED.value: "form.self_employed",
}


def request_payload(
    form: Mapping[str, str],
    requested_by: Requester,
    now: datetime,
    *,
    channel: Channel = Channel.DIGITAL,
) -> dict[str, Any]:
    """The request JSON (as the API takes it) from a form whose field names are JSON paths;
    `now`: when it was asked for (a phone request: the call)."""
    payload: dict[str, Any] = {
        "requested_by": requested_by.value,
        "channel": channel.value,
        "requested_at": now.isoformat(),
        "expected_over_8_weeks": form.get("expected_over_8_weeks") == "ja",
    }
    agrees = form.get("employee_agrees")
    if agrees in ("ja", "nej"):
        payload["employee_agrees"] = agrees == "ja"
    spells = _spells(form)
    if spells:
        payload[_SPELL] = spells
    for name, value in form.items():
        if name in ("expected_over_8_weeks", "employee_agrees", "csrf_token"):
            continue
        if name.startswith(f"{_SPELL}."):
            continue
        if name == "employee.weekly_hours":
            value = value.replace(",", ".")  # Danish decimal comma
        if name in _OPTIONAL_FIELDS and not value.strip():
            continue
        head, _, tail = name.partition(".")
        if tail:
            payload.setdefault(head, {})[tail] = value
        else:
            payload[name] = value
    employed = payload.get("employment", Employment.EMPLOYED.value) == Employment.EMPLOYED.value
    for group in _OPTIONAL_GROUPS if employed else _OPTIONAL_GROUPS + _EMPLOYER_GROUPS:
        if group in payload and not any(str(v).strip() for v in payload[group].values()):
            del payload[group]
    return payload


def _spells(form: Mapping[str, str]) -> list[dict[str, str]]:
    """The earlier spells' rows up to the last filled-in one; a blank or half row before it is
    sent as it is, so the refusal names it."""
    rows = [
        {side: form.get(f"{_SPELL}.{row}.{side}", "").strip() for side in ("from", "to")}
        for row in range(PREVIOUS_ABSENCE_ROWS)
    ]
    while rows and not any(rows[-1].values()):
        rows.pop()
    return [{side: day for side, day in row.items() if day} for row in rows]


def form_page(
    request: Request,
    requested_by: Requester,
    values: Mapping[str, str],
    errors: Mapping[str, str],
    reasons: list[str],
    status_code: int = 200,
    *,
    phone: Mapping[str, Any] | None = None,
) -> Response:
    """The request form, in the visitor's language; `phone`: the staff's phone form's own
    context (web/phone_request.py), in Danish."""
    language = Language.DA if phone else page_language(request)
    context = {
        "requested_by": requested_by.value,
        "action": FORMS[requested_by],
        "values": values,
        "errors": errors,
        "reasons": reasons,
        "municipalities": sorted(MUNICIPALITIES.items(), key=lambda item: item[1]),
        "causes": {
            cause.value: text(language, Group.PUBLIC, f"cause.{cause.value}") for cause in Cause
        },
        "employments": {
            v: text(language, Group.PUBLIC, key) for v, key in _EMPLOYMENT_CHOICES.items()
        },
        "spell_rows": PREVIOUS_ABSENCE_ROWS,
        "languages": LANGUAGE_CHOICES,
        "phone": None,
        **({"phone": phone, **phone} if phone else {}),
    }
    if phone:
        return page(request, "request_form.html", context, status_code=status_code)
    return public_page(request, "request_form.html", context, status_code=status_code)


def _blank(request: Request) -> dict[str, str]:
    """What an empty form holds: an English form asks for English messages (issue 15)."""
    return {"language": Language.EN.value} if page_language(request) is Language.EN else {}


def _open_case(ctx: AppContext, form: Mapping[str, str], requested_by: Requester) -> IntakeResult:
    now = ctx.clock.now()
    actor = Actor(FORM_ACTOR[requested_by])

    def record(session: Session, result: IntakeResult) -> None:
        log_submission(session, actor, result.case_id, result.created, now)

    return submit_request(
        ctx, parse(RequestIn, request_payload(form, requested_by, now)), as_of=now, record=record
    )


async def _submit(
    request: Request, requested_by: Requester, background: BackgroundTasks
) -> Response:
    form = {key: value for key, value in (await request.form()).items() if isinstance(value, str)}
    # A date the schema cannot read is refused there; its message here says the Danish format.
    readable, unreadable = iso_days(form, DAY_FIELDS)
    unreadable = {name: Reason(message, "day_format") for name, message in unreadable.items()}
    try:
        result = await run_in_threadpool(_open_case, context_of(request), readable, requested_by)
    except Refused as refused:
        # A reason that names no field (none today) is shown above the form.
        unplaced = [r for r in refused.reasons if r not in refused.fields.values()]
        errors = {**refused.fields, **unreadable}
        return form_page(request, requested_by, form, errors, unplaced, 422)
    if result.created and announcing():
        background.add_task(announce_request_received, result.reference)
    return public_page(request, "request_received.html", {"requested_by": requested_by.value})


@router.get("/anmodning")
def employer_form(request: Request) -> Response:
    return form_page(request, Requester.EMPLOYER, _blank(request), {}, [])


@router.post("/anmodning", dependencies=[Depends(check_csrf)])
async def employer_submit(request: Request, background: BackgroundTasks) -> Response:
    return await _submit(request, Requester.EMPLOYER, background)


@router.get("/anmodning/medarbejder")
def employee_form(request: Request) -> Response:
    return form_page(request, Requester.EMPLOYEE, _blank(request), {}, [])


@router.post("/anmodning/medarbejder", dependencies=[Depends(check_csrf)])
async def employee_submit(request: Request, background: BackgroundTasks) -> Response:
    return await _submit(request, Requester.EMPLOYEE, background)
