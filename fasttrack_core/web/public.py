"""The public pages' language (issue 15): Danish, or English with `?lang=en` on any public page
(kept in the session, under the same key as the employee's own pages, so the choice follows the
visitor there; `?lang=da` goes back). Every text comes from `presentation.texts`; a page
for someone signed in (staff) stays Danish."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from fasttrack_core.domain.vocabulary import Language
from fasttrack_core.presentation.language import language_of
from fasttrack_core.presentation.texts import Group, text
from fasttrack_core.presentation.texts.public import field_error
from fasttrack_core.web.security import SESSION_TOKEN, signed_in_user
from fasttrack_core.web.templating import page

LANGUAGE_KEY = "lang"  # the session's key (the citizen's and the leader's pages read it too)


def page_language(request: Request) -> Language:
    """The language asked for in the address (then kept), else the one kept, else Danish;
    always Danish for a signed-in user."""
    asked = request.query_params.get("lang")
    if asked:
        request.session[LANGUAGE_KEY] = language_of(asked).value
    if getattr(request.state, "user", None) or signed_in_user(request):
        return Language.DA
    return language_of(request.session.get(LANGUAGE_KEY))


def fault_language(request: Request) -> Language:
    """The language of the answer to a fault, whose handler runs outside the session middleware:
    the one asked for in the address, else the one kept in the session as it was read for this
    request (the signed cookie, never written here); Danish for a signed-in user."""
    session = request.scope.get("session") or {}
    if session.get(SESSION_TOKEN):
        return Language.DA
    return language_of(request.query_params.get("lang") or session.get(LANGUAGE_KEY))


def public_page(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """A public page in the visitor's language, with the link to the other language (for
    someone signed in: the Danish page)."""
    language = page_language(request)
    if getattr(request.state, "user", None) or signed_in_user(request):
        return page(request, name, context, status_code=status_code)
    values = {
        "lang": language.value,
        "other_lang": (Language.EN if language is Language.DA else Language.DA).value,
        "here": request.url.path,
        "say": partial(text, language, Group.PUBLIC),
        "field_error": partial(field_error, language),
        **(context or {}),
    }
    return page(request, name, values, status_code=status_code)


def error_page(
    request: Request, key: str, status_code: int, reasons: Sequence[tuple[str, str]] = ()
) -> HTMLResponse:
    """The error page in the visitor's language: the text `key`, or the `reasons` of a refusal
    (by the field each concerns; "" for none) said in that language."""
    language = page_language(request)
    if reasons:
        message = " ".join(field_error(language, path, reason) for path, reason in reasons)
    else:
        message = text(language, Group.PUBLIC, key)
    return public_page(request, "error.html", {"message": message}, status_code=status_code)
