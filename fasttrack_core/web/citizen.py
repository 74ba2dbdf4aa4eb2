"""The citizen's own pages (issue 15): the personal link, what confirms it, then their case.

Two audiences, each with its own paths (so that the link's page looks nothing up):
- the employee: `/borger/<token>` asks for the date of birth, then `/borger/sag` shows their
  case and takes their answer, their wish for a doctor's statement and their booking of the
  first talk;
- the employer side, where the job centre's policy lets it book the roundtable (Varde):
  `/arbejdsgiver/<token>` asks for the employer's CVR number, then `/arbejdsgiver/sag` books it.

`GET` on a link's path is the same page for any token. `POST` checks the link and the answer
(throttled: services.citizen_access); a right answer gives a short session for that one case
(`CitizenGrant`, in the signed session cookie, checked against the database on every request);
anything else the same neutral answer. Every post is CSRF-checked and rate-limited per address
(web.abuse_limits) and answered by a redirect back to the page (a reload repeats nothing), or by
the page with why nothing changed (422).

Language: Danish, or English with `?lang=en` on any of these pages (kept in the session under
the public pages' key, `web/public.py::page_language`; `?lang=da` goes back). Every text comes
from `presentation/texts/citizen.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from itertools import groupby
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from fasttrack_core.db import AppContext
from fasttrack_core.domain.calendar import local_date
from fasttrack_core.domain.vocabulary import StepKind
from fasttrack_core.presentation.language import Language, clock, day, deadline, moment
from fasttrack_core.presentation.texts import Group, text
from fasttrack_core.presentation.texts.citizen import Problem
from fasttrack_core.services import booking, citizen_case
from fasttrack_core.services.citizen_access import (
    Audience,
    CitizenGrant,
    CitizenRefused,
    confirm_link,
    grant_in_force,
)
from fasttrack_core.web.public import LANGUAGE_KEY, page_language
from fasttrack_core.web.security import check_csrf, client_address, context_of
from fasttrack_core.web.templating import page

router = APIRouter(include_in_schema=False)

_GRANT = "citizen"
_FLASH = "citizen_flash"


@dataclass(frozen=True)
class _Door:
    """One audience's way in: where its link and its case page are, and what confirms it."""

    audience: Audience
    base: str
    texts: str  # the text keys' prefix of its confirmation page
    autocomplete: str
    site: str  # the text key of its pages' name

    @property
    def case_page(self) -> str:
        return f"{self.base}/sag"


EMPLOYEE = _Door(Audience.EMPLOYEE, "/borger", "verify", "bday", "site.title")
EMPLOYER = _Door(Audience.EMPLOYER, "/arbejdsgiver", "employer.verify", "off", "employer.site")


def _page(
    request: Request, name: str, here: str, context: dict[str, Any], status_code: int = 200
) -> Response:
    """A citizen page in the language chosen; `here` is where the other language's link goes."""
    language = page_language(request)
    values = {
        "t": partial(text, language, Group.CITIZEN),
        "lang": language,
        "other_lang": Language.EN if language is Language.DA else Language.DA,
        "moment": partial(moment, language),
        "clock": partial(clock, language),
        "day": partial(day, language),
        "deadline": partial(deadline, language),
        "here": here,
        **context,
    }
    return page(request, f"citizen/{name}", values, status_code=status_code)


def _grant(request: Request) -> CitizenGrant | None:
    ctx = context_of(request)
    grant = CitizenGrant.from_cookie(request.session.get(_GRANT))
    if not grant_in_force(ctx, grant, ctx.clock.now()):
        request.session.pop(_GRANT, None)
        return None
    return grant


def _ended(request: Request, door: _Door) -> Response:
    message = text(page_language(request), Group.CITIZEN, f"problem.{Problem.SESSION_ENDED}")
    return _page(request, "ended.html", door.case_page, {"message": message}, status_code=401)


def _free_days(free: tuple[datetime, ...]) -> list[tuple[Any, list[datetime]]]:
    return [(slot_day, list(slots)) for slot_day, slots in groupby(free, key=local_date)]


def _case_page(
    request: Request, door: _Door, grant: CitizenGrant, error: str | None, status_code: int
) -> Response:
    ctx = context_of(request)
    now = ctx.clock.now()
    view: citizen_case.CitizenView | booking.EmployerView
    if door is EMPLOYER:
        view = booking.employer_view(ctx, grant, now)
        meeting, name = view.roundtable, "employer.html"
    else:
        view = citizen_case.citizen_view(ctx, grant, now)
        meeting, name = view.talk, "case.html"
    flash = request.session.pop(_FLASH, None)
    context = {
        "view": view,
        "free_days": _free_days(meeting.free) if meeting is not None else [],
        "error": error,
        "flash": text(page_language(request), Group.CITIZEN, flash)
        if isinstance(flash, str)
        else None,
    }
    return _page(request, name, door.case_page, context, status_code=status_code)


def _show(request: Request, door: _Door) -> Response:
    grant = _grant(request)
    if grant is None:
        return _ended(request, door)
    try:
        return _case_page(request, door, grant, None, 200)
    except CitizenRefused as refused:  # a grant for the other door
        message = refused.in_language(page_language(request))
        return _page(request, "ended.html", door.case_page, {"message": message}, 403)


Action = Callable[[AppContext, CitizenGrant, datetime], str]


async def _act(request: Request, door: _Door, action: Action) -> Response:
    """Run one of the citizen's actions; then back to the page with what happened, or the page
    with why nothing changed (422)."""
    grant = _grant(request)
    if grant is None:
        return _ended(request, door)
    ctx = context_of(request)
    try:
        done = await run_in_threadpool(action, ctx, grant, ctx.clock.now())
    except CitizenRefused as refused:
        message = refused.in_language(page_language(request))
        if refused.problem is Problem.NOT_ALLOWED:
            return _page(request, "ended.html", door.case_page, {"message": message}, 403)
        return await run_in_threadpool(_case_page, request, door, grant, message, 422)
    request.session[_FLASH] = done
    return RedirectResponse(door.case_page, status_code=303)


async def _field(request: Request, name: str) -> str:
    value = (await request.form()).get(name)
    return value if isinstance(value, str) else ""


def _moment(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value[:40])
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


# --- the employee's case -------------------------------------------------------------------------


@router.get("/borger/sag")
def employee_case(request: Request) -> Response:
    return _show(request, EMPLOYEE)


@router.post("/borger/sag/svar", dependencies=[Depends(check_csrf)])
async def answer(request: Request) -> Response:
    accept = (await _field(request, "answer")) == "ja"
    return await _act(
        request,
        EMPLOYEE,
        lambda ctx, grant, now: citizen_case.answer(ctx, grant, accept=accept, now=now),
    )


@router.post("/borger/sag/laegeattest", dependencies=[Depends(check_csrf)])
async def doctor_statement(request: Request) -> Response:
    return await _act(
        request,
        EMPLOYEE,
        lambda ctx, grant, now: citizen_case.wish_doctor_statement(ctx, grant, now=now),
    )


def _booking(kind: StepKind, starts_at: datetime | None) -> Action:
    return lambda ctx, grant, now: booking.book_meeting(
        ctx, grant, kind=kind, starts_at=starts_at, now=now
    )


def _cancelling(kind: StepKind) -> Action:
    return lambda ctx, grant, now: booking.cancel_meeting(ctx, grant, kind=kind, now=now)


@router.post("/borger/sag/samtale", dependencies=[Depends(check_csrf)])
async def book_talk(request: Request) -> Response:
    starts_at = _moment(await _field(request, "starts_at"))
    return await _act(request, EMPLOYEE, _booking(StepKind.FIRST_FOLLOWUP, starts_at))


@router.post("/borger/sag/samtale/aflys", dependencies=[Depends(check_csrf)])
async def cancel_talk(request: Request) -> Response:
    return await _act(request, EMPLOYEE, _cancelling(StepKind.FIRST_FOLLOWUP))


# --- the employer side's roundtable --------------------------------------------------------------


@router.get("/arbejdsgiver/sag")
def employer_case(request: Request) -> Response:
    return _show(request, EMPLOYER)


@router.post("/arbejdsgiver/sag/moede", dependencies=[Depends(check_csrf)])
async def book_roundtable(request: Request) -> Response:
    starts_at = _moment(await _field(request, "starts_at"))
    return await _act(request, EMPLOYER, _booking(StepKind.ROUNDTABLE, starts_at))


@router.post("/arbejdsgiver/sag/moede/aflys", dependencies=[Depends(check_csrf)])
async def cancel_roundtable(request: Request) -> Response:
    return await _act(request, EMPLOYER, _cancelling(StepKind.ROUNDTABLE))


@router.post("/borger/log-ud", dependencies=[Depends(check_csrf)])
def sign_out(request: Request) -> Response:
    language = page_language(request)
    request.session.clear()
    request.session[LANGUAGE_KEY] = language.value
    message = text(language, Group.CITIZEN, "case.signed_out")
    return _page(request, "ended.html", EMPLOYEE.case_page, {"message": message})


# --- the links and what confirms them (last: `<base>/{token}` would match the paths above) -------


def _confirm_page(
    request: Request, door: _Door, error: str | None, typed: str, status_code: int = 200
) -> Response:
    context = {
        "action": request.url.path,
        "error": error,
        "typed": typed,
        "keys": door.texts,
        "autocomplete": door.autocomplete,
        "site_key": door.site,
    }
    return _page(request, "verify.html", request.url.path, context, status_code=status_code)


async def _confirm(request: Request, door: _Door, token: str) -> Response:
    typed = (await _field(request, "answer"))[:40]
    ctx = context_of(request)
    address = client_address(request)
    try:
        grant = await run_in_threadpool(
            confirm_link, ctx, token[:200], typed, address, ctx.clock.now(), door.audience
        )
    except CitizenRefused as refused:
        language = page_language(request)
        message = (
            text(language, Group.CITIZEN, "employer.not_recognised")
            if door is EMPLOYER and refused.problem is Problem.NOT_RECOGNISED
            else refused.in_language(language)
        )
        return _confirm_page(request, door, message, typed, 422)
    language = page_language(request)
    request.session.clear()  # a fresh CSRF token once confirmed
    request.session[LANGUAGE_KEY] = language.value
    request.session[_GRANT] = grant.to_cookie()
    return RedirectResponse(door.case_page, status_code=303)


@router.get("/borger/{token}")
def employee_link(request: Request, token: str) -> Response:
    return _confirm_page(request, EMPLOYEE, None, "")


@router.post("/borger/{token}", dependencies=[Depends(check_csrf)])
async def employee_confirms(request: Request, token: str) -> Response:
    return await _confirm(request, EMPLOYEE, token)


@router.get("/arbejdsgiver/{token}")
def employer_link(request: Request, token: str) -> Response:
    return _confirm_page(request, EMPLOYER, None, "")


@router.post("/arbejdsgiver/{token}", dependencies=[Depends(check_csrf)])
async def employer_confirms(request: Request, token: str) -> Response:
    return await _confirm(request, EMPLOYER, token)
