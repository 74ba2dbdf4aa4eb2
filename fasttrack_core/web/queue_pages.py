"""The team's queue (`/team/ko`) and the moves on a case page (issue 14, item 2).

The team lead and the consultant on duty today see their job centre's queue; the team lead
assigns a case from it. On a case page a consultant of the case's job centre takes the case
over, and its own consultant hands it back with a reason. A case of another job centre answers
404 like one that does not exist (`case_page.visible_case`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from fasttrack_core.domain.access import AuditAction, Role
from fasttrack_core.domain.vocabulary import STATUS_LABELS
from fasttrack_core.errors import Refused
from fasttrack_core.models import User
from fasttrack_core.presentation.links import CASE_PATH, case_path
from fasttrack_core.services.audit import write
from fasttrack_core.services.queue import (
    QUEUE_REASON_LABELS,
    assign_from_queue,
    hand_back,
    on_duty_email,
    take_over,
    team_queue,
)
from fasttrack_core.web.case_page import FLASH, WORKERS, show, visible_case
from fasttrack_core.web.paging import page_address, page_asked, page_links
from fasttrack_core.web.security import Forbidden, actor_of, check_csrf, context_of, require
from fasttrack_core.web.templating import page

router = APIRouter(include_in_schema=False)

QUEUE_PATH = "/team/ko"

Worker = Annotated[User, Depends(require(*WORKERS))]


def _queue_user(request: Request, user: User) -> int:
    """The user's job centre, if they may see its queue: its team lead, or today's duty
    consultant."""
    if user.job_centre_id is None:
        raise Forbidden("Du er ikke knyttet til et jobcenter.")
    if Role(user.role) is Role.TEAM_LEAD:
        return user.job_centre_id
    ctx = context_of(request)
    duty = on_duty_email(ctx, user.job_centre_id, as_of=ctx.clock.now())
    if duty is None or duty.lower() != user.email.lower():
        raise Forbidden("Teamets kø ses af teamlederen og den konsulent, der har vagt i dag.")
    return user.job_centre_id


def _queue_page(
    request: Request, user: User, *, reasons: list[str] | None = None, status_code: int = 200
) -> Response:
    centre_id = _queue_user(request, user)
    ctx = context_of(request)
    now = ctx.clock.now()
    number = page_asked(request.query_params)
    write(ctx, actor_of(user), AuditAction.VIEW_LIST, now, detail=page_address(QUEUE_PATH, number))
    queue = team_queue(ctx, centre_id, as_of=now, page=number)
    return page(
        request,
        "queue.html",
        {
            "queue": queue,
            "reason_labels": QUEUE_REASON_LABELS,
            "status_labels": STATUS_LABELS,
            "may_assign": Role(user.role) is Role.TEAM_LEAD,
            "colleagues": [(str(c.id), c.name) for c in queue.colleagues],
            "page_link": page_links(QUEUE_PATH),
            "flash": request.session.pop(FLASH, []),
            "reasons": reasons or [],
        },
        status_code=status_code,
    )


@router.get(QUEUE_PATH)
def queue_page(request: Request, user: Worker) -> Response:
    return _queue_page(request, user)


@router.post(QUEUE_PATH + "/{reference}/tildel", dependencies=[Depends(check_csrf)])
async def assign(
    request: Request,
    reference: str,
    user: Annotated[User, Depends(require(Role.TEAM_LEAD))],
) -> Response:
    form = await request.form()
    return await run_in_threadpool(_assign, request, user, reference, form)


def _assign(request: Request, user: User, reference: str, form: FormData) -> Response:
    key = visible_case(request, user, reference)
    ctx = context_of(request)
    chosen = form.get("consultant_id")
    try:
        if not (isinstance(chosen, str) and chosen.isascii() and chosen.isdigit()):
            raise Refused("Vælg den konsulent, sagen skal tildeles.")
        name = assign_from_queue(
            ctx, key.reference, int(chosen), actor=actor_of(user), as_of=ctx.clock.now()
        )
    except Refused as refused:
        return _queue_page(request, user, reasons=refused.reasons, status_code=422)
    _flash(request, f"Sag {key.reference} er tildelt {name}.")
    return RedirectResponse(QUEUE_PATH, status_code=303)


@router.post(CASE_PATH + "/overtag", dependencies=[Depends(check_csrf)])
def take(request: Request, reference: str, user: Worker) -> Response:
    key = visible_case(request, user, reference)
    ctx = context_of(request)
    try:
        take_over(
            ctx,
            key.reference,
            consultant_email=user.email,
            actor=actor_of(user),
            as_of=ctx.clock.now(),
        )
    except Refused as refused:
        return show(
            request, user, key.reference, reasons=refused.reasons, open_form="take_over",
            status_code=422,
        )  # fmt: skip
    _flash(request, "Du har overtaget sagen.")
    return RedirectResponse(case_path(key.reference), status_code=303)


@router.post(CASE_PATH + "/tilbage", dependencies=[Depends(check_csrf)])
async def give_back(request: Request, reference: str, user: Worker) -> Response:
    form = await request.form()
    return await run_in_threadpool(_give_back, request, user, reference, form)


def _give_back(request: Request, user: User, reference: str, form: FormData) -> Response:
    key = visible_case(request, user, reference)
    ctx = context_of(request)
    reason = form.get("reason")
    try:
        hand_back(
            ctx,
            key.reference,
            consultant_email=user.email,
            reason=reason if isinstance(reason, str) else "",
            actor=actor_of(user),
            as_of=ctx.clock.now(),
        )
    except Refused as refused:
        unplaced = [r for r in refused.reasons if r not in refused.fields.values()]
        return show(
            request,
            user,
            key.reference,
            values={"reason": reason if isinstance(reason, str) else ""},
            errors=refused.fields,
            reasons=unplaced,
            open_form="hand_back",
            status_code=422,
        )
    _flash(request, "Sagen er lagt tilbage i teamets kø; teamlederen har fået besked.")
    return RedirectResponse(case_path(key.reference), status_code=303)


def _flash(request: Request, message: str) -> None:
    request.session[FLASH] = [*request.session.get(FLASH, []), message]
