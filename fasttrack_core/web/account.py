"""The signed-in user's own account (`/konto`): change the password, set up the second factor
(TOTP, with recovery codes). An admin who has no second factor yet is sent here right after the
password, and gets no other page until it is set up."""

from __future__ import annotations

from typing import Annotated

import segno
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from fasttrack_core.domain.access import AuditAction
from fasttrack_core.errors import Refused
from fasttrack_core.models import User
from fasttrack_core.services import second_factor
from fasttrack_core.services.audit import write
from fasttrack_core.services.users import change_password
from fasttrack_core.web.security import (
    SignInRequired,
    actor_of,
    awaiting_second_factor,
    check_csrf,
    context_of,
    sign_in,
    signed_in_user,
)
from fasttrack_core.web.sign_in import ENROL, finish_sign_in
from fasttrack_core.web.templating import page

router = APIRouter(include_in_schema=False)
_PENDING_SECRET = "totp_secret"  # the secret being set up, until the first code confirms it


def _signed_in(request: Request) -> User:
    user = signed_in_user(request)
    if user is None:
        raise SignInRequired
    return user


SignedIn = Annotated[User, Depends(_signed_in)]


@router.get("/konto", response_class=HTMLResponse)
def account(request: Request, user: SignedIn) -> Response:
    ctx = context_of(request)
    return page(
        request,
        "account.html",
        {
            "has_factor": second_factor.has_second_factor(ctx, user),
            "codes_left": second_factor.unused_recovery_codes(ctx, user),
        },
    )


@router.get("/konto/adgangskode", response_class=HTMLResponse)
def password_form(request: Request, user: SignedIn) -> Response:
    return page(request, "password_change.html", {"errors": [], "done": False})


@router.post("/konto/adgangskode", dependencies=[Depends(check_csrf)])
def password_change(
    request: Request,
    user: SignedIn,
    current: Annotated[str, Form(max_length=1024)] = "",
    new: Annotated[str, Form(max_length=1024)] = "",
    repeated: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    ctx = context_of(request)
    now = ctx.clock.now()
    assert user.id is not None
    try:
        if new != repeated:
            raise Refused("De to nye adgangskoder er ikke ens.")
        change_password(ctx, user.id, current, new, now)
    except Refused as refused:
        return page(
            request,
            "password_change.html",
            {"errors": refused.reasons, "done": False},
            status_code=422,
        )
    write(ctx, actor_of(user), AuditAction.ACCOUNT, now, detail="adgangskode skiftet")
    # Every session of the user ended with the change; this browser gets a new one.
    sign_in(request, user, second_factor_done=True)
    return page(request, "password_change.html", {"errors": [], "done": True})


def _enrolling(request: Request) -> User:
    """A signed-in user, or one who gave the password and must set up the second factor now
    (never someone who has one and has not given it: they could replace it)."""
    user = signed_in_user(request)
    if user is not None:
        return user
    live = awaiting_second_factor(request)
    if live is None or second_factor.has_second_factor(context_of(request), live.user):
        raise SignInRequired
    return live.user


Enrolling = Annotated[User, Depends(_enrolling)]


def _setup_page(
    request: Request, user: User, error: str | None = None, status_code: int = 200
) -> Response:
    secret = request.session.get(_PENDING_SECRET)
    if not isinstance(secret, str):
        secret = second_factor.new_secret()
        request.session[_PENDING_SECRET] = secret
    uri = second_factor.provisioning_uri(secret, user.email)
    return page(
        request,
        "totp_setup.html",
        {
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "qr": segno.make(uri, error="m").svg_data_uri(scale=4),
            "error": error,
            "required": awaiting_second_factor(request) is not None,
        },
        status_code=status_code,
    )


@router.get(ENROL, response_class=HTMLResponse)
def totp_form(request: Request, user: Enrolling) -> Response:
    return _setup_page(request, user)


@router.post(ENROL, dependencies=[Depends(check_csrf)])
def totp_enable(
    request: Request, user: Enrolling, code: Annotated[str, Form(max_length=64)] = ""
) -> Response:
    ctx = context_of(request)
    now = ctx.clock.now()
    secret = request.session.get(_PENDING_SECRET)
    if not isinstance(secret, str):
        return _setup_page(request, user, "Siden er udløbet. Scan koden igen.", 422)
    try:
        codes = second_factor.enable(ctx, user, secret, code, now)
    except Refused as refused:
        return _setup_page(request, user, " ".join(refused.reasons), 422)
    request.session.pop(_PENDING_SECRET, None)
    write(ctx, actor_of(user), AuditAction.ACCOUNT, now, detail="totrinsbekræftelse slået til")
    live = awaiting_second_factor(request)
    if live is not None:
        finish_sign_in(request, live)
    return page(request, "recovery_codes.html", {"codes": codes})
