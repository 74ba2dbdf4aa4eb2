"""The public pages about the site: what Fast track is (where emails to employees, leaders and
participants link) and the accessibility statement (linked from every page's footer), in the
visitor's language (web/public.py); the statement's own text is Danish (marked `lang="da"`), as
published in Digitaliseringsstyrelsen's WAS-Tool, with an English note above it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import Response

from fasttrack_core.presentation.links import PUBLIC_INFO_PATH
from fasttrack_core.settings import Settings
from fasttrack_core.web.public import public_page
from fasttrack_core.web.security import context_of

router = APIRouter(include_in_schema=False)

ACCESSIBILITY_PATH = "/tilgaengelighed"
# When the statement was written and last reviewed: update both with the text (and at least once
# a year, as Digitaliseringsstyrelsen requires).
STATEMENT_PREPARED = date(2026, 11, 30)
STATEMENT_REVIEWED = date(2026, 11, 30)


@dataclass(frozen=True)
class AccessibilityContact:
    """Who answers for the site's accessibility (settings `accessibility_*`)."""

    organisation: str
    email: str
    phone: str
    was_url: str | None  # the statement as published in Digitaliseringsstyrelsen's WAS-Tool

    @classmethod
    def of(cls, settings: Settings) -> AccessibilityContact:
        return cls(
            settings.accessibility_organisation,
            settings.accessibility_email,
            settings.accessibility_phone,
            settings.accessibility_was_url,
        )


@router.get(PUBLIC_INFO_PATH)
def about(request: Request) -> Response:
    return public_page(request, "about.html")


@router.get(ACCESSIBILITY_PATH)
def accessibility_statement(request: Request) -> Response:
    contact: AccessibilityContact = request.app.state.accessibility
    return public_page(
        request,
        "accessibility.html",
        {
            "contact": contact,
            "site": context_of(request).base_url,
            "prepared": STATEMENT_PREPARED,
            "reviewed": STATEMENT_REVIEWED,
        },
    )
