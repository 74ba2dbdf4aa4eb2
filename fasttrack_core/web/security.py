"""Sign-in, roles and CSRF for the web app; API keys for systems that submit requests.

The signed cookie (Starlette's SessionMiddleware) holds the CSRF token and, once signed in, the
token of a server-side session (services.sessions): the session, not the cookie, decides whether
someone is signed in, so ending it ends access whatever the browser kept. Every form carries the
CSRF token, checked by `check_csrf` before a POST does anything.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader
from starlette.concurrency import run_in_threadpool

from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import ApiRole, Role
from fasttrack_core.domain.vocabulary import Language
from fasttrack_core.models import ApiKey, User
from fasttrack_core.presentation.texts import Group, text
from fasttrack_core.services.audit import Actor
from fasttrack_core.services.sessions import (
    EndReason,
    LiveSession,
    complete_second_factor,
    end_session,
    live_session,
    start_session,
)
from fasttrack_core.services.users import api_client, recently_verified

SESSION_TOKEN = "session"
SESSION_CSRF = "csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


class SignInRequired(Exception):
    """The page needs a signed-in user; the browser is sent to the sign-in page."""


class NotVisible(Exception):
    """A case the user may not see: answered exactly like one that does not exist (404), so
    that the answer does not tell whether it exists."""


class Forbidden(Exception):
    """The signed-in user (or the API client) may not do this; the message is Danish."""

    def __init__(self, message: str = "Du har ikke adgang til denne side.", key: str | None = None):
        self.message = message
        self.key = key  # its text in presentation/texts/public.py, for a public page
        super().__init__(message)


def context_of(request: Request) -> AppContext:
    ctx: AppContext = request.app.state.ctx
    return ctx


def csrf_token(request: Request) -> str:
    """The session's CSRF token (created on first use); every form carries it."""
    token = request.session.get(SESSION_CSRF)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[SESSION_CSRF] = token
    return token


async def check_csrf(request: Request) -> None:
    """Refuse a POST whose form field (or header) does not carry the session's CSRF token."""
    expected = request.session.get(SESSION_CSRF)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not (isinstance(expected, str) and sent and hmac.compare_digest(expected, sent)):
        raise Forbidden(
            text(Language.DA, Group.PUBLIC, "error.form_expired"), key="error.form_expired"
        )


def client_address(request: Request) -> str:
    """The client's address (behind a proxy: as Uvicorn's --proxy-headers sets it)."""
    return request.client.host if request.client else "ukendt"


_LIVE = "fasttrack_live_session"  # the request's session, looked up once per request


def current_session(request: Request) -> LiveSession | None:
    """The request's open server-side session (signed in, or waiting for the second factor)."""
    if _LIVE in request.scope:
        cached: LiveSession | None = request.scope[_LIVE]
        return cached
    token = request.session.get(SESSION_TOKEN)
    live = None
    if isinstance(token, str):
        ctx = context_of(request)
        live = live_session(ctx, token, ctx.clock.now())
        if live is None:
            request.session.pop(SESSION_TOKEN, None)
    request.scope[_LIVE] = live
    return live


def signed_in_user(request: Request) -> User | None:
    live = current_session(request)
    return live.user if live is not None and live.second_factor_done else None


def awaiting_second_factor(request: Request) -> LiveSession | None:
    """The session of a user who gave the right password but not yet the second factor."""
    live = current_session(request)
    return live if live is not None and not live.second_factor_done else None


def sign_in(request: Request, user: User, *, second_factor_done: bool) -> None:
    """A new server-side session for the user (and a fresh CSRF token, so a token seen before
    is worthless)."""
    assert user.id is not None
    ctx = context_of(request)
    token = start_session(
        ctx, user.id, ctx.clock.now(), client_address(request), second_factor_done
    )
    request.session.clear()
    request.session[SESSION_TOKEN] = token
    request.scope.pop(_LIVE, None)
    csrf_token(request)


def second_factor_given(request: Request, live: LiveSession) -> None:
    """The user of this waiting session gave the second factor: it opens their pages now."""
    complete_second_factor(context_of(request), live.id)
    request.scope.pop(_LIVE, None)


def sign_out(request: Request) -> None:
    live = current_session(request)
    if live is not None:
        ctx = context_of(request)
        end_session(ctx, live.id, ctx.clock.now(), EndReason.SIGNED_OUT)
    request.session.clear()
    request.scope.pop(_LIVE, None)


def require(*roles: Role) -> Callable[[Request], Awaitable[User]]:
    """A dependency: the signed-in user, if their role is one of `roles`."""

    async def dependency(request: Request) -> User:
        user = signed_in_user(request)
        if user is None:
            raise SignInRequired
        if Role(user.role) not in roles:
            raise Forbidden
        request.state.user = user  # for the page's header, without looking the user up again
        return user

    return dependency


def actor_of(user: User) -> Actor:
    return Actor(user.email, user.id)


def signed_in_actor(request: Request) -> Actor | None:
    user = signed_in_user(request)
    return actor_of(user) if user else None


_api_key_header = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="API-nøgle fra `fasttrack apikey create NAVN`.",
)


class ApiKeyMissing(Exception):
    """No API key, or one that is unknown or revoked (401)."""


async def _client(request: Request, key: str | None, role: ApiRole) -> ApiKey:
    """The key's client: one verified a moment ago without leaving the event loop, else looked
    up in a worker thread (services.verified_keys)."""
    client = None
    if key:
        ctx = context_of(request)
        client = recently_verified(ctx, key) or await run_in_threadpool(api_client, ctx, key)
    if client is None:
        raise ApiKeyMissing
    if client.role != role:
        raise Forbidden("API-nøglen har ikke adgang til dette (en anden rolle).")
    return client


async def require_api_client(
    request: Request, key: Annotated[str | None, Depends(_api_key_header)]
) -> ApiKey:
    """A key that may submit requests (an HR system)."""
    return await _client(request, key, ApiRole.INTAKE)


async def require_steering_client(
    request: Request, key: Annotated[str | None, Depends(_api_key_header)]
) -> ApiKey:
    """A key with the steering role: reads the KPIs, never a case."""
    return await _client(request, key, ApiRole.STEERING)
