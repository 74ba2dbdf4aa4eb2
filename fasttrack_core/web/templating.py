"""Rendering the web app's pages from `templates/web/` (autoescaped Jinja2): Danish, unless a
public page asks for the visitor's language (web/public.py)."""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from fasttrack_core.domain.access import ROLE_NAMES, Role
from fasttrack_core.domain.vocabulary import Language
from fasttrack_core.presentation.links import case_path
from fasttrack_core.presentation.templating import TEMPLATES, template_environment
from fasttrack_core.presentation.texts import Group, text
from fasttrack_core.presentation.texts.public import field_error
from fasttrack_core.web.danish_dates import day_text
from fasttrack_core.web.security import CSRF_FIELD, csrf_token, signed_in_user

STATIC_DIR = TEMPLATES / "web" / "static"

templates = Jinja2Templates(env=template_environment("web"))
templates.env.globals["CSRF_FIELD"] = CSRF_FIELD
templates.env.globals["ROLE_NAMES"] = {role.value: name for role, name in ROLE_NAMES.items()}
templates.env.globals["Role"] = Role
templates.env.globals["case_path"] = case_path
# The shared parts of public and staff pages (header, footer, the request form) read their texts
# with `say` (a key of presentation/texts/public.py): Danish here; web/public.py gives a public page
# the visitor's language instead.
templates.env.globals["lang"] = Language.DA.value
templates.env.globals["say"] = partial(text, Language.DA, Group.PUBLIC)
templates.env.globals["field_error"] = partial(field_error, Language.DA)
templates.env.filters["day_field"] = day_text  # a day as a date field shows it: 31-03-2026


def page(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """A page with what every page needs: the signed-in user (or None) and the CSRF token."""
    user = getattr(request.state, "user", None) or signed_in_user(request)  # set by `require`
    values = {"user": user, "csrf_token": csrf_token(request)}
    values.update(context or {})
    response: HTMLResponse = templates.TemplateResponse(
        request, name, values, status_code=status_code
    )
    return response
