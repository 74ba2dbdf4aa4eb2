"""Sign-in, roles and CSRF for the web app; API keys for systems that submit requests.

A signed-in user's id lives in the signed session cookie (Starlette's SessionMiddleware). Every
form carries the session's CSRF token, checked by `check_csrf` before a POST does anything.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader

from fasttrack_core.db import Context
from fasttrack_core.domain.access import Role
from fasttrack_core.models import ApiKey, User
from fasttrack_core.services.audit import Actor
from fasttrack_core.services.users import api_client, user_by_id

SESSION_USER = "user_id"
SESSION_CSRF = "csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


class SignInRequired(Exception):
    """The page needs a signed-in user; the browser is sent to the sign-in page."""


class Forbidden(Exception):
    """The signed-in user (or the API client) may not do this; the message is Danish."""

    def __init__(self, message: str = "Du har ikke adgang til denne side.") -> None:
        self.message = message
        super().__init__(message)


def context_of(request: Request) -> Context:
    ctx: Context = request.app.state.ctx
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
            "Formularen er udløbet eller kom ikke fra denne side. Gå tilbage, genindlæs siden "
            "og prøv igen."
        )


def signed_in_user(request: Request) -> User | None:
    user_id = request.session.get(SESSION_USER)
    if not isinstance(user_id, int):
        return None
    return user_by_id(context_of(request), user_id)


def sign_in(request: Request, user: User) -> None:
    """A new session for the user (a fresh CSRF token, so a token seen before is worthless)."""
    request.session.clear()
    request.session[SESSION_USER] = user.id
    csrf_token(request)


def sign_out(request: Request) -> None:
    request.session.clear()


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


def require_api_client(
    request: Request, key: Annotated[str | None, Depends(_api_key_header)]
) -> ApiKey:
    client = api_client(context_of(request), key) if key else None
    if client is None:
        raise ApiKeyMissing
    return client
