""" "Mine opgaver" (`/opgaver`, the link in the weekly digest): the signed-in consultant's open
steps, overdue first, then due today and this week."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from fasttrack_core.domain.access import AuditAction, Role
from fasttrack_core.models import User
from fasttrack_core.services.audit import write
from fasttrack_core.services.workload import tasks_of
from fasttrack_core.web.security import actor_of, context_of, require
from fasttrack_core.web.templating import page

router = APIRouter(include_in_schema=False)


@router.get("/opgaver")
def my_tasks(
    request: Request, user: Annotated[User, Depends(require(Role.CONSULTANT, Role.TEAM_LEAD))]
) -> Response:
    ctx = context_of(request)
    now = ctx.clock.now()
    write(ctx, actor_of(user), AuditAction.VIEW_LIST, now, detail="/opgaver")
    return page(
        request, "workspace.html", {"tasks": tasks_of(ctx, user.email, as_of=now), "now": now}
    )
