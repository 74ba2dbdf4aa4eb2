"""The admin's view of who is signed in (`/admin/sessioner`): every open session, and a button
to end one, or all of a user's."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from fasttrack_core.domain.access import AuditAction, Role
from fasttrack_core.models import User
from fasttrack_core.services.audit import write
from fasttrack_core.services.sessions import EndReason, end_session, end_sessions_of, open_sessions
from fasttrack_core.web.security import actor_of, check_csrf, context_of, require
from fasttrack_core.web.templating import page

router = APIRouter(include_in_schema=False)
Admin = Annotated[User, Depends(require(Role.ADMIN))]
SESSIONS = "/admin/sessioner"


@router.get(SESSIONS, response_class=HTMLResponse)
def sessions_page(request: Request, admin: Admin) -> Response:
    ctx = context_of(request)
    return page(request, "sessions.html", {"sessions": open_sessions(ctx, ctx.clock.now())})


@router.post(SESSIONS + "/{session_id}/afslut", dependencies=[Depends(check_csrf)])
def end_one(request: Request, admin: Admin, session_id: int) -> Response:
    ctx = context_of(request)
    now = ctx.clock.now()
    end_session(ctx, session_id, now, EndReason.ENDED_BY_ADMIN)
    write(ctx, actor_of(admin), AuditAction.ACCOUNT, now, detail=f"afsluttede session {session_id}")
    return RedirectResponse(SESSIONS, status_code=303)


@router.post("/admin/brugere/{user_id}/afslut-sessioner", dependencies=[Depends(check_csrf)])
def end_all_of_user(request: Request, admin: Admin, user_id: int) -> Response:
    ctx = context_of(request)
    now = ctx.clock.now()
    with ctx.unit_of_work() as session:
        ended = end_sessions_of(session, user_id, now, EndReason.ENDED_BY_ADMIN)
        session.commit()
    detail = f"afsluttede {ended} session(er) for bruger {user_id}"
    write(ctx, actor_of(admin), AuditAction.ACCOUNT, now, detail=detail)
    return RedirectResponse(SESSIONS, status_code=303)
