"""The employee's own pages (issue 15): the personal link, the date of birth, then their case.

`GET /borger/{token}` shows the date-of-birth form and looks nothing up: it is the same page for
any token. `POST` checks the link and the date (throttled: services.citizen_access); a right
date gives a short session for that one case (`CitizenGrant`, in the signed session cookie and
checked against the database on every request); anything else the same neutral answer. Then
`/borger/sag` shows the citizen-safe view and takes the employee's answer, their wish for a
doctor's statement and their booking of the first talk (POST, CSRF-checked, rate-limited per
address by web.abuse_limits, each answered by a redirect back to the page: a reload repeats
nothing).

Language: Danish, or English with `?lang=en` on any of these pages (kept in the session; `?lang=da`
goes back). Every text comes from `presentation.citizen_texts`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from itertools import groupby
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from fasttrack_core.domain.calendar import local_date
from fasttrack_core.presentation.citizen_texts import (
    Language,
    Problem,
    clock,
    day,
    deadline,
    language_of,
    moment,
    text,
)
from fasttrack_core.services import citizen_case
from fasttrack_core.services.citizen_access import (
    CitizenGrant,
    CitizenRefused,
    confirm_birth_date,
    grant_in_force,
)
from fasttrack_core.web.security import check_csrf, client_address, context_of
from fasttrack_core.web.templating import page

router = APIRouter(include_in_schema=False)

CASE_PAGE = "/borger/sag"
_GRANT = "citizen"
_LANGUAGE = "lang"
_FLASH = "citizen_flash"


def _language(request: Request) -> Language:
    """The language asked for in the address (then kept), else the one kept, else Danish."""
    asked = request.query_params.get("lang")
    if asked:
        request.session[_LANGUAGE] = language_of(asked)
    return language_of(request.session.get(_LANGUAGE))


def _page(
    request: Request, name: str, here: str, context: dict[str, Any], status_code: int = 200
) -> Response:
    """A citizen page in the language chosen; `here` is where the other language's link goes."""
    language = _language(request)
    other = Language.EN if language is Language.DA else Language.DA
    values = {
        "t": partial(text, language),
        "lang": language,
        "other_lang": other,
        "moment": partial(moment, language),
        "clock": partial(clock, language),
        "day": partial(day, language),
        "deadline": partial(deadline, language),
        "here": here,
        **context,
    }
    return page(request, f"citizen/{name}", values, status_code=status_code)


@router.get("/borger/sag")
def case_page(request: Request) -> Response:
    grant = _grant(request)
    if grant is None:
        return _ended(request)
    return _case_page(request, grant, None, 200)


# --- the case ------------------------------------------------------------------------------------


def _grant(request: Request) -> CitizenGrant | None:
    ctx = context_of(request)
    grant = CitizenGrant.from_cookie(request.session.get(_GRANT))
    if not grant_in_force(ctx, grant, ctx.clock.now()):
        request.session.pop(_GRANT, None)
        return None
    return grant


def _ended(request: Request) -> Response:
    message = text(_language(request), f"problem.{Problem.SESSION_ENDED}")
    return _page(request, "ended.html", CASE_PAGE, {"message": message}, status_code=401)


def _case_page(
    request: Request, grant: CitizenGrant, error: str | None, status_code: int
) -> Response:
    ctx = context_of(request)
    view = citizen_case.citizen_view(ctx, grant, ctx.clock.now())
    free_days = []
    if view.talk is not None:
        free_days = [
            (slot_day, list(slots)) for slot_day, slots in groupby(view.talk.free, key=local_date)
        ]
    flash = request.session.pop(_FLASH, None)
    context = {
        "view": view,
        "free_days": free_days,
        "error": error,
        "flash": text(_language(request), flash) if isinstance(flash, str) else None,
    }
    return _page(request, "case.html", CASE_PAGE, context, status_code=status_code)


async def _act(request: Request, action: Callable[[CitizenGrant, datetime], str]) -> Response:
    """Run one of the employee's actions; then back to the page with what happened, or the page
    with why nothing changed (422)."""
    grant = _grant(request)
    if grant is None:
        return _ended(request)
    try:
        done = await run_in_threadpool(action, grant, context_of(request).clock.now())
    except CitizenRefused as refused:
        message = refused.in_language(_language(request))
        return await run_in_threadpool(_case_page, request, grant, message, 422)
    request.session[_FLASH] = done
    return RedirectResponse(CASE_PAGE, status_code=303)


async def _field(request: Request, name: str) -> str:
    value = (await request.form()).get(name)
    return value if isinstance(value, str) else ""


@router.post("/borger/sag/svar", dependencies=[Depends(check_csrf)])
async def answer(request: Request) -> Response:
    accept = (await _field(request, "answer")) == "ja"
    ctx = context_of(request)
    return await _act(
        request, lambda grant, now: citizen_case.answer(ctx, grant, accept=accept, now=now)
    )


@router.post("/borger/sag/laegeattest", dependencies=[Depends(check_csrf)])
async def doctor_statement(request: Request) -> Response:
    ctx = context_of(request)
    return await _act(
        request, lambda grant, now: citizen_case.wish_doctor_statement(ctx, grant, now=now)
    )


def _moment(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


@router.post("/borger/sag/samtale", dependencies=[Depends(check_csrf)])
async def book(request: Request) -> Response:
    starts_at = _moment((await _field(request, "starts_at"))[:40])
    ctx = context_of(request)
    return await _act(
        request,
        lambda grant, now: citizen_case.book_first_talk(ctx, grant, starts_at=starts_at, now=now),
    )


@router.post("/borger/sag/samtale/aflys", dependencies=[Depends(check_csrf)])
async def cancel(request: Request) -> Response:
    ctx = context_of(request)
    return await _act(
        request, lambda grant, now: citizen_case.cancel_first_talk(ctx, grant, now=now)
    )


@router.post("/borger/log-ud", dependencies=[Depends(check_csrf)])
def sign_out(request: Request) -> Response:
    language = _language(request)
    request.session.clear()
    request.session[_LANGUAGE] = language
    message = text(language, "case.signed_out")
    return _page(request, "ended.html", CASE_PAGE, {"message": message})


# --- the link and the date of birth (last: `/borger/{token}` would match the paths above) -----


@router.get("/borger/{token}")
def birth_date_form(request: Request, token: str) -> Response:
    context = {"action": request.url.path, "error": None, "typed": ""}
    return _page(request, "verify.html", request.url.path, context)


@router.post("/borger/{token}", dependencies=[Depends(check_csrf)])
async def birth_date_given(request: Request, token: str) -> Response:
    form = await request.form()
    typed = form.get("birth_date")
    typed = typed if isinstance(typed, str) else ""
    ctx = context_of(request)
    try:
        grant = await run_in_threadpool(
            confirm_birth_date,
            ctx,
            token[:200],
            typed[:40],
            client_address(request),
            ctx.clock.now(),
        )
    except CitizenRefused as refused:
        message = refused.in_language(_language(request))
        context = {"action": request.url.path, "error": message, "typed": typed[:40]}
        return _page(request, "verify.html", request.url.path, context, status_code=422)
    language = _language(request)
    request.session.clear()  # a fresh CSRF token once signed in
    request.session[_LANGUAGE] = language
    request.session[_GRANT] = grant.to_cookie()
    return RedirectResponse(CASE_PAGE, status_code=303)
