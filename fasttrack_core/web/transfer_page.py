"""Transfer on the case page (`POST /sager/{reference}/overdrag`, issue 14, item 6): the employee
moved. To a job centre on this installation the case moves with its timeline (the user may no
longer see it: the answer says where it went); elsewhere the case file comes back as a JSON
download (audited as an export) and the case is closed as transferred."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from fasttrack_core.errors import Refused
from fasttrack_core.models import User
from fasttrack_core.presentation.links import CASE_PATH
from fasttrack_core.services.transfer import transfer
from fasttrack_core.web.case_page import WORKERS, show, visible_case
from fasttrack_core.web.security import actor_of, check_csrf, context_of, require
from fasttrack_core.web.templating import page

router = APIRouter(include_in_schema=False)

Worker = Annotated[User, Depends(require(*WORKERS))]


@router.post(CASE_PATH + "/overdrag", dependencies=[Depends(check_csrf)])
async def transfer_case(
    request: Request, reference: str, user: Worker, to_municipality: Annotated[str, Form()] = ""
) -> Response:
    return await run_in_threadpool(_transfer, request, user, reference, to_municipality)


def _transfer(request: Request, user: User, reference: str, to_municipality: str) -> Response:
    key = visible_case(request, user, reference)
    ctx = context_of(request)
    try:
        result = transfer(
            ctx,
            key.reference,
            to_municipality=to_municipality,
            actor=actor_of(user),
            as_of=ctx.clock.now(),
        )
    except Refused as refused:
        unplaced = [r for r in refused.reasons if r not in refused.fields.values()]
        return show(
            request,
            user,
            key.reference,
            values={"to_municipality": to_municipality},
            errors=refused.fields,
            reasons=unplaced,
            open_form="transfer",
            status_code=422,
        )
    if result.case_file is None:
        return page(
            request,
            "transfer_done.html",
            {
                "reference": result.reference,
                "job_centre": result.job_centre,
                "consultant": result.consultant,
            },
        )
    body = json.dumps(result.case_file, ensure_ascii=False, indent=2)
    return Response(
        body,
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{result.reference}-sagsakt.json"'},
    )
