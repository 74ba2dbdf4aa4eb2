"""Rendering the web app's Danish pages from `templates/web/` (autoescaped Jinja2)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from fasttrack_core.domain.access import ROLE_NAMES, Role
from fasttrack_core.notify.rendering import danish_date, danish_deadline, danish_time
from fasttrack_core.web.security import CSRF_FIELD, csrf_token, signed_in_user

WEB_TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "web"
STATIC_DIR = WEB_TEMPLATES / "static"

templates = Jinja2Templates(
    env=Environment(
        loader=FileSystemLoader(WEB_TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
)
templates.env.filters["dato"] = danish_date
templates.env.filters["tid"] = danish_time
templates.env.filters["frist"] = danish_deadline
templates.env.globals["CSRF_FIELD"] = CSRF_FIELD
templates.env.globals["ROLE_NAMES"] = {role.value: name for role, name in ROLE_NAMES.items()}
templates.env.globals["Role"] = Role


def page(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """A page with what every page needs: the signed-in user (or None) and the CSRF token."""
    values = {"user": signed_in_user(request), "csrf_token": csrf_token(request)}
    values.update(context or {})
    response: HTMLResponse = templates.TemplateResponse(
        request, name, values, status_code=status_code
    )
    return response
