"""The steering group's report (`/rapporter`, issue 5's document): the previous month for the
user's municipality (an admin: every job centre), or `?fra=ÅÅÅÅ-MM-DD&til=ÅÅÅÅ-MM-DD`.

Counts only, no case data: not an export in the audit log's sense."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from fasttrack_core.domain.access import Role
from fasttrack_core.domain.calendar import local_date
from fasttrack_core.errors import Refused
from fasttrack_core.models import User
from fasttrack_core.reporting.document import render_html
from fasttrack_core.reporting.figures import steering_figures
from fasttrack_core.reporting.periods import Period, Scope, previous_month
from fasttrack_core.services.users import municipality_of
from fasttrack_core.web.security import context_of, require

router = APIRouter(include_in_schema=False)
Reader = Annotated[User, Depends(require(Role.STEERING, Role.TEAM_LEAD, Role.ADMIN))]


@router.get("/rapporter")
def steering_report(request: Request, user: Reader, fra: str = "", til: str = "") -> Response:
    ctx = context_of(request)
    now = ctx.clock.now()
    period = _period(fra, til) if fra or til else previous_month(local_date(now))
    figures = steering_figures(ctx, period, Scope(municipality=municipality_of(ctx, user)))
    return HTMLResponse(render_html(figures, now))


def _period(first: str, last: str) -> Period:
    try:
        return Period.checked(date.fromisoformat(first), date.fromisoformat(last))
    except ValueError:
        raise Refused(
            "Angiv perioden som ?fra=ÅÅÅÅ-MM-DD&til=ÅÅÅÅ-MM-DD, fx ?fra=2026-03-01&til=2026-03-31."
        ) from None
