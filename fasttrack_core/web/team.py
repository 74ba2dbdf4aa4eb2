"""The team lead's page (`/team`): one row per consultant (caseload against capacity, cases with
a deadline overdue, steps due this week) with links to those cases in the case list, and the duty
roster (SPEC §5). Bounded however many cases the team holds (issue 13, item 5)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from fasttrack_core.domain.access import AuditAction, Role
from fasttrack_core.models import User
from fasttrack_core.services.audit import write
from fasttrack_core.services.case_search import CaseFilter, Scope
from fasttrack_core.services.workload import team_overview
from fasttrack_core.web.case_list import address
from fasttrack_core.web.security import Forbidden, actor_of, context_of, require
from fasttrack_core.web.templating import page

router = APIRouter(include_in_schema=False)


@router.get("/team")
def team(request: Request, user: Annotated[User, Depends(require(Role.TEAM_LEAD))]) -> Response:
    if user.job_centre_id is None:
        raise Forbidden("Du er ikke knyttet til et jobcenter.")
    ctx = context_of(request)
    now = ctx.clock.now()
    write(ctx, actor_of(user), AuditAction.VIEW_LIST, now, detail="/team")
    overview = team_overview(ctx, user.job_centre_id, as_of=now)
    return page(request, "team.html", {"team": overview, "cases_link": cases_link})


def cases_link(consultant_id: int | None = None, *, overdue: bool = False) -> str:
    """The case list of the job centre's open cases: one consultant's (or all), those with a
    deadline overdue (or all), the earliest deadline first."""
    wanted = CaseFilter(scope=Scope.CENTRE, consultant_id=consultant_id, overdue=overdue)
    return address(wanted, page="")
