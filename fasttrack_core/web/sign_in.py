"""Signing in (password, then the second factor where one is needed) and out, and the start
page that sends each role to its own place. Failed attempts are throttled per account and per
client address (services.sign_in_throttle)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from fasttrack_core.domain.access import Role
from fasttrack_core.services.audit import record_sign_in, record_sign_out
from fasttrack_core.services.second_factor import has_second_factor, requires_second_factor, verify
from fasttrack_core.services.sessions import LiveSession
from fasttrack_core.services.sign_in_throttle import (
    Lockout,
    clear_failures,
    current_lockout,
    record_failure,
)
from fasttrack_core.services.users import authenticate
from fasttrack_core.web.public import public_page
from fasttrack_core.web.security import (
    SignInRequired,
    awaiting_second_factor,
    check_csrf,
    client_address,
    context_of,
    second_factor_given,
    sign_in,
    sign_out,
    signed_in_actor,
    signed_in_user,
)
from fasttrack_core.web.templating import page

router = APIRouter(include_in_schema=False)


def _now(request: Request) -> datetime:
    return context_of(request).clock.now()


# Where each role starts.
HOME: dict[Role, str] = {
    Role.CONSULTANT: "/opgaver",
    Role.TEAM_LEAD: "/team",
    Role.ADMIN: "/admin/log",
    Role.STEERING: "/rapporter",
}
SECOND_STEP = "/login/kode"
ENROL = "/konto/totp"
_NEXT = "next"  # where to go once the second factor is given (kept in the signed cookie)


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site (never `//other.host` or a full address) may follow sign-in."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return None


def second_step(request: Request, live: LiveSession) -> str:
    """Where a user who gave the password goes next: the code, or setting up the app first."""
    return SECOND_STEP if has_second_factor(context_of(request), live.user) else ENROL


@router.get("/")
def start(request: Request) -> Response:
    user = signed_in_user(request)
    if user is None:
        return public_page(request, "start.html")
    return RedirectResponse(HOME[Role(user.role)], status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str | None = None) -> Response:
    return page(request, "login.html", {"next": _safe_next(next), "error": None, "email": ""})


def _locked_out(
    request: Request, lockout: Lockout, template: str, values: dict[str, object]
) -> Response:
    now = context_of(request).clock.now()
    response = page(request, template, {**values, "error": lockout.message(now)}, status_code=429)
    response.headers["Retry-After"] = str(lockout.retry_after_s(now))
    return response


@router.post("/login", dependencies=[Depends(check_csrf)])
def login(
    request: Request,
    email: Annotated[str, Form(max_length=320)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str | None, Form(max_length=2000)] = None,
) -> Response:
    ctx = context_of(request)
    now, address = ctx.clock.now(), client_address(request)
    values: dict[str, object] = {"next": _safe_next(next), "email": email}
    lockout = current_lockout(ctx, email, address, now)
    if lockout is not None:
        return _locked_out(request, lockout, "login.html", values)
    user = authenticate(ctx, email, password)
    record_sign_in(ctx, email, user.id if user else None, now)
    if user is None:
        lockout = record_failure(ctx, email, address, now)
        if lockout is not None:
            return _locked_out(request, lockout, "login.html", values)
        error = "Forkert e-mail eller adgangskode."
        return page(request, "login.html", {**values, "error": error}, status_code=401)
    if not requires_second_factor(ctx, user):
        clear_failures(ctx, email)
        sign_in(request, user, second_factor_done=True)
        return RedirectResponse(_safe_next(next) or HOME[Role(user.role)], status_code=303)
    sign_in(request, user, second_factor_done=False)
    request.session[_NEXT] = _safe_next(next)
    live = awaiting_second_factor(request)
    assert live is not None
    return RedirectResponse(second_step(request, live), status_code=303)


def finish_sign_in(request: Request, live: LiveSession) -> Response:
    """The second factor is given: the session opens the user's pages."""
    ctx = context_of(request)
    second_factor_given(request, live)
    clear_failures(ctx, live.user.email)
    target = request.session.pop(_NEXT, None)
    return RedirectResponse(
        _safe_next(target if isinstance(target, str) else None) or HOME[Role(live.user.role)],
        status_code=303,
    )


def _pending_with_factor(request: Request) -> LiveSession:
    live = awaiting_second_factor(request)
    if live is None or not has_second_factor(context_of(request), live.user):
        raise SignInRequired
    return live


@router.get(SECOND_STEP, response_class=HTMLResponse)
def code_form(request: Request) -> Response:
    _pending_with_factor(request)
    return page(request, "login_code.html", {"error": None})


@router.post(SECOND_STEP, dependencies=[Depends(check_csrf)])
def code(request: Request, code: Annotated[str, Form(max_length=64)] = "") -> Response:
    live = _pending_with_factor(request)
    ctx = context_of(request)
    now, address, email = ctx.clock.now(), client_address(request), live.user.email
    lockout = current_lockout(ctx, email, address, now)
    if lockout is None:
        if verify(ctx, live.user, code, now):
            return finish_sign_in(request, live)
        lockout = record_failure(ctx, email, address, now)
    if lockout is not None:
        sign_out(request)
        return _locked_out(request, lockout, "login.html", {"next": None, "email": email})
    error = "Koden er forkert eller allerede brugt."
    return page(request, "login_code.html", {"error": error}, status_code=401)


@router.post("/logout", dependencies=[Depends(check_csrf)])
def logout(request: Request) -> Response:
    record_sign_out(context_of(request), signed_in_actor(request), _now(request))
    sign_out(request)
    return RedirectResponse("/login", status_code=303)
