"""The team lead's page (`/team`): caseload against capacity per consultant, everything overdue
in the team, and the duty roster (SPEC §5)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from fasttrack_core.domain.access import AuditAction, Role
from fasttrack_core.models import User
from fasttrack_core.services.audit import write
from fasttrack_core.services.workload import team_overview
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
    return page(request, "team.html", {"team": team_overview(ctx, user.job_centre_id, as_of=now)})
