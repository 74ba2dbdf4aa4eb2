"""Signing in and out, and the start page that sends each role to its own place."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from fasttrack_core.domain.access import Role
from fasttrack_core.services.audit import record_sign_in, record_sign_out
from fasttrack_core.services.users import authenticate
from fasttrack_core.web.security import (
    check_csrf,
    context_of,
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


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site (never `//other.host` or a full address) may follow sign-in."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return None


@router.get("/")
def start(request: Request) -> Response:
    user = signed_in_user(request)
    if user is None:
        return page(request, "start.html")
    return RedirectResponse(HOME[Role(user.role)], status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str | None = None) -> Response:
    return page(request, "login.html", {"next": _safe_next(next), "error": None, "email": ""})


@router.post("/login", dependencies=[Depends(check_csrf)])
def login(
    request: Request,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str | None, Form()] = None,
) -> Response:
    user = authenticate(context_of(request), email, password)
    record_sign_in(context_of(request), email, user.id if user else None, _now(request))
    if user is None:
        return page(
            request,
            "login.html",
            {
                "next": _safe_next(next),
                "error": "Forkert e-mail eller adgangskode.",
                "email": email,
            },
            status_code=401,
        )
    sign_in(request, user)
    return RedirectResponse(_safe_next(next) or HOME[Role(user.role)], status_code=303)


@router.post("/logout", dependencies=[Depends(check_csrf)])
def logout(request: Request) -> Response:
    record_sign_out(context_of(request), signed_in_actor(request), _now(request))
    sign_out(request)
    return RedirectResponse("/login", status_code=303)
