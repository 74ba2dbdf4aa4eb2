"""The web app (issue 6): server-rendered Danish pages, and the JSON API under /api.

`create_app(ctx, secret)` builds it for a context (tests give theirs); `fasttrack web` serves
`app_from_settings()` with Uvicorn.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fasttrack_core.bootstrap import build_context, prepare
from fasttrack_core.crypto import session_signing_key
from fasttrack_core.db import Context
from fasttrack_core.errors import Refused
from fasttrack_core.schemas import danish_errors
from fasttrack_core.services.audit import record_refusal
from fasttrack_core.services.keyring import load_session_secret
from fasttrack_core.settings import Settings
from fasttrack_core.web import (
    about,
    api,
    audit_pages,
    case_page,
    intake_forms,
    reports,
    sign_in,
    team,
    workspace,
)
from fasttrack_core.web.security import (
    ApiKeyMissing,
    Forbidden,
    SignInRequired,
    context_of,
    signed_in_actor,
)
from fasttrack_core.web.templating import STATIC_DIR, page

SESSION_HOURS = 8  # a working day; then sign in again

# Health data: pages are never cached, framed or sent with a referrer; only our own resources.
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"cache-control", b"no-store"),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        b"script-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
    ),
]


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every response (plain ASGI: no cost per request worth naming)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + SECURITY_HEADERS
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


def _refusal(problems: list[tuple[str, str]]) -> Refused:
    return Refused([text for _, text in problems], fields=dict(problems))


def _install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(SignInRequired)
    async def sign_in_required(request: Request, _: SignInRequired) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": "Log ind først."}, status_code=401)
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        actor = signed_in_actor(request)
        await run_in_threadpool(record_refusal, context_of(request), actor, request.url.path)
        if _is_api(request):
            return JSONResponse({"detail": exc.message}, status_code=403)
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
        return page(request, "error.html", {"message": " ".join(exc.reasons)}, status_code=422)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        refusal = _validation_refusal(exc)
        if _is_api(request):
            return JSONResponse(refusal_body(refusal), status_code=422)
        return page(request, "error.html", {"message": " ".join(refusal.reasons)}, status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 400 and _is_api(request):
            # FastAPI's answer to a body it cannot even decode (not UTF-8): refused as bad JSON.
            unreadable = _refusal(danish_errors([{"loc": (), "type": "json_invalid", "msg": ""}]))
            return JSONResponse(refusal_body(unreadable), status_code=422)
        message = {404: "Siden findes ikke.", 405: "Den handling er ikke mulig her."}.get(
            exc.status_code, "Der skete en fejl."
        )
        if _is_api(request):
            return JSONResponse({"detail": message}, status_code=exc.status_code)
        return page(request, "error.html", {"message": message}, status_code=exc.status_code)


def create_app(ctx: Context, secret: str, *, https_only: bool = False) -> FastAPI:
    app = FastAPI(
        title="Fast track",
        summary="Anmodninger om Fast track for sygemeldte medarbejdere (jobcentrets API).",
        version="1",
        docs_url="/api/docs",
        openapi_url="/api/openapi.json",
        redoc_url=None,
    )
    app.state.ctx = ctx
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_signing_key(secret),
        session_cookie="fasttrack_session",
        max_age=SESSION_HOURS * 3600,
        same_site="lax",
        https_only=https_only,
    )
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in (
        sign_in.router,
        about.router,
        intake_forms.router,
        workspace.router,
        case_page.router,
        team.router,
        audit_pages.router,
        reports.router,
        api.router,
    ):
        app.include_router(router)
    _install_error_pages(app)
    return app


def app_from_settings() -> FastAPI:
    """The app for the configured database (what `fasttrack web` serves)."""
    settings = Settings()
    ctx = build_context(settings)
    prepare(ctx, settings)
    secret = load_session_secret(settings)
    return create_app(ctx, secret, https_only=settings.base_url.startswith("https://"))
