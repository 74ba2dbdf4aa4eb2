"""The web app (issue 6): server-rendered Danish pages (the public ones also in English: issue
15), and the JSON API under /api.

`create_app(ctx, secret)` builds it for a context (tests give theirs); `fasttrack web` serves
`app_from_settings()` with Uvicorn. Every answer, error pages included, carries the security
headers; abuse limits (web.abuse_limits) act before any route reads the request.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from functools import partial
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fasttrack_core.bootstrap import build_context
from fasttrack_core.crypto import session_signing_key
from fasttrack_core.db import AppContext
from fasttrack_core.domain.vocabulary import Language
from fasttrack_core.errors import Refused
from fasttrack_core.keyring import load_session_secret
from fasttrack_core.log_setup import configure_logging
from fasttrack_core.presentation.texts import Group, text
from fasttrack_core.schemas import danish_errors
from fasttrack_core.services.audit import record_refusal
from fasttrack_core.services.setup import prepare
from fasttrack_core.settings import Settings, load_settings
from fasttrack_core.web import (
    about,
    account,
    admin_sessions,
    api,
    audit_pages,
    case_list,
    case_page,
    citizen,
    content_policy,
    intake_forms,
    leader,
    phone_request,
    queue_pages,
    reports,
    sign_in,
    team,
    transfer_page,
    workspace,
)
from fasttrack_core.web.about import AccessibilityContact
from fasttrack_core.web.abuse_limits import AbuseGuard, AbuseLimits
from fasttrack_core.web.public import error_page, fault_language
from fasttrack_core.web.security import (
    ApiKeyMissing,
    Forbidden,
    NotVisible,
    SignInRequired,
    awaiting_second_factor,
    context_of,
    signed_in_actor,
)
from fasttrack_core.web.templating import STATIC_DIR, page, templates

# The signed cookie outlives no server-side session (services.sessions ends those sooner).
COOKIE_HOURS = 8
# Health data: pages are never cached, framed or sent with a referrer; only our own resources,
# no inline script or style, no plugins, no <base> (content_policy).
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"cache-control", b"no-store"),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (content_policy.HEADER.encode(), content_policy.policy().encode()),
]
# Over HTTPS only: browsers keep to HTTPS for this host for a year.
HSTS: tuple[bytes, bytes] = (b"strict-transport-security", b"max-age=31536000")


def security_headers(https: bool) -> list[tuple[bytes, bytes]]:
    return SECURITY_HEADERS + ([HSTS] if https else [])


class SecurityHeaders:
    """Adds the security headers to every response, but for one the response sets itself (a
    standalone document's own Content-Security-Policy); plain ASGI: no cost per request worth
    naming."""

    def __init__(self, app: ASGIApp, headers: list[tuple[bytes, bytes]]) -> None:
        self.app = app
        self.headers = headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                own = list(message.get("headers", []))
                present = {name.lower() for name, _ in own}
                message["headers"] = own + [h for h in self.headers if h[0] not in present]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api")


def refusal_body(refused: Refused) -> dict[str, Any]:
    return {
        "detail": "Anmodningen blev afvist; intet er gemt.",
        "reasons": refused.reasons,
        "errors": [{"field": field, "message": text} for field, text in refused.fields.items()],
    }


def _validation_refusal(exc: RequestValidationError) -> Refused:
    """FastAPI's validation errors as the same Danish refusal the services give."""
    errors = []
    for item in exc.errors():
        location = list(item.get("loc", ()))
        if item.get("type") == "json_invalid":
            location = []
        elif location and location[0] in ("body", "header", "query", "path"):
            location = location[1:]
        errors.append({**item, "loc": tuple(location)})
    return _refusal(danish_errors(errors))


def _refusal(problems: Sequence[tuple[str, str]]) -> Refused:
    return Refused([text for _, text in problems], fields=dict(problems))


def _reasons_by_field(refused: Refused) -> list[tuple[str, str]]:
    """A refusal's reasons, each with the field it concerns ("" for none), for `error_page`."""
    fields = {reason: path for path, reason in refused.fields.items()}
    return [(fields.get(reason, ""), reason) for reason in refused.reasons]


def _not_found(request: Request) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": "Siden findes ikke."}, status_code=404)
    return error_page(request, "error.not_found", 404)


def _install_error_pages(app: FastAPI, headers: list[tuple[bytes, bytes]]) -> None:
    @app.exception_handler(SignInRequired)
    async def sign_in_required(request: Request, _: SignInRequired) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": "Log ind først."}, status_code=401)
        waiting = awaiting_second_factor(request)
        if waiting is not None:
            return RedirectResponse(sign_in.second_step(request, waiting), status_code=303)
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(NotVisible)
    async def not_visible(request: Request, _: NotVisible) -> Response:
        return _not_found(request)

    @app.exception_handler(Exception)
    async def server_error(request: Request, _: Exception) -> Response:
        """The answer to a fault (outside the other middleware): plain, with the headers, in the
        visitor's language (`fault_language`)."""
        language = fault_language(request)
        say = partial(text, language, Group.PUBLIC)
        values = {"user": None, "csrf_token": "", "message": say("error.fault")}
        response = templates.TemplateResponse(
            request,
            "error.html",
            {**values, "lang": language.value, "say": say},
            status_code=500,
        )
        response.raw_headers.extend(headers)
        return response

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        actor = signed_in_actor(request)
        await run_in_threadpool(record_refusal, context_of(request), actor, request.url.path)
        if _is_api(request):
            return JSONResponse({"detail": exc.message}, status_code=403)
        if exc.key is not None:
            return error_page(request, exc.key, 403)
        return page(request, "error.html", {"message": exc.message}, status_code=403)

    @app.exception_handler(ApiKeyMissing)
    async def api_key_missing(request: Request, _: ApiKeyMissing) -> Response:
        return JSONResponse(
            {"detail": "Mangler gyldig API-nøgle (headeren X-API-Key)."},
            status_code=401,
            headers={"WWW-Authenticate": "ApiKey"},
        )

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> Response:
        if _is_api(request):
            return JSONResponse(refusal_body(exc), status_code=422)
        return error_page(request, "error.failed", 422, _reasons_by_field(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        refusal = _validation_refusal(exc)
        if _is_api(request):
            return JSONResponse(refusal_body(refusal), status_code=422)
        return error_page(request, "error.failed", 422, _reasons_by_field(refusal))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 400 and _is_api(request):
            # FastAPI's answer to a body it cannot even decode (not UTF-8): refused as bad JSON.
            unreadable = _refusal(danish_errors([{"loc": (), "type": "json_invalid", "msg": ""}]))
            return JSONResponse(refusal_body(unreadable), status_code=422)
        if exc.status_code == 404:
            return _not_found(request)
        key = {405: "error.not_possible"}.get(exc.status_code, "error.failed")
        if _is_api(request):
            detail = text(Language.DA, Group.PUBLIC, key)
            return JSONResponse({"detail": detail}, status_code=exc.status_code)
        return error_page(request, key, exc.status_code)


def create_app(
    ctx: AppContext,
    secret: str,
    *,
    https_only: bool = False,
    limits: AbuseLimits = AbuseLimits(),  # noqa: B008 (frozen, so one shared default is safe)
    accessibility: AccessibilityContact | None = None,
) -> FastAPI:
    """The app. `https_only` (served over HTTPS): the cookie is Secure and `__Host-` prefixed,
    and HSTS is sent. No interactive API docs: they load script from a CDN; the description is
    at /api/openapi.json. The accessibility statement names `accessibility` (by default the
    settings' defaults)."""
    app = FastAPI(
        title="Fast track",
        summary="Anmodninger om Fast track for sygemeldte medarbejdere (jobcentrets API).",
        version="1",
        docs_url=None,
        openapi_url="/api/openapi.json",
        redoc_url=None,
    )
    app.state.ctx = ctx
    app.state.accessibility = accessibility or AccessibilityContact.of(Settings.model_construct())
    headers = security_headers(https_only)
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_signing_key(secret),
        session_cookie="__Host-fasttrack_session" if https_only else "fasttrack_session",
        max_age=COOKIE_HOURS * 3600,
        same_site="lax",
        https_only=https_only,
    )
    app.add_middleware(AbuseGuard, limits=limits)
    app.add_middleware(SecurityHeaders, headers=headers)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    # The API first: FastAPI tries the routers in order, and an HR system's request should not
    # be matched against every page's route before its own (a tenth of a request's CPU).
    for router in (
        api.router,
        sign_in.router,
        account.router,
        admin_sessions.router,
        about.router,
        intake_forms.router,
        leader.router,
        citizen.router,
        workspace.router,
        case_list.router,
        case_page.router,
        team.router,
        queue_pages.router,
        phone_request.router,
        transfer_page.router,
        audit_pages.router,
        reports.router,
    ):
        app.include_router(router)
    _install_error_pages(app, headers)
    return app


def app_from_settings(settings: Settings | None = None) -> FastAPI:
    """The app for the configured database (what `fasttrack web` serves): the web's entry point.
    Given the caller's settings, or (a Uvicorn worker process) read from the environment."""
    settings = settings or load_settings()
    configure_logging(settings.log_level)
    ctx = build_context(settings)
    prepare(ctx, settings)
    secret = load_session_secret(settings)
    limits = AbuseLimits(
        form_rate=settings.web_form_rate_limit,
        api_rate=settings.web_api_rate_limit,
        api_address_rate=settings.web_api_address_rate_limit,
        max_body_bytes=settings.web_max_body_bytes,
        storage_uri=settings.web_rate_limit_storage,
    )
    https = settings.base_url.startswith("https://")
    app = create_app(
        ctx,
        secret,
        https_only=https,
        limits=limits,
        accessibility=AccessibilityContact.of(settings),
    )
    keep_out_of_full_collections()
    return app


def keep_out_of_full_collections() -> None:
    """Move what the process has built so far (modules, the app, its templates) out of the cyclic
    garbage collector's sight: it lives as long as the process. A full collection then looks at
    the requests' objects only. Before this, each full collection paused the server for 144–174
    ms (every request in flight waited, a few times a minute under load); after it, about 8 ms
    (measured with `gc.callbacks` under `bench/api.py`, issue 13)."""
    gc.collect()
    gc.freeze()
