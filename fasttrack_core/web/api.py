"""The JSON API under /api: systems (an HR system) submit requests with an API key."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Body, Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from fasttrack_core.models import ApiKey
from fasttrack_core.orchestration.announce import announce_request_received
from fasttrack_core.schemas import RequestIn
from fasttrack_core.services.audit import Actor, log_submission
from fasttrack_core.services.idempotency import fingerprint, remember, replay
from fasttrack_core.services.intake import submit_request
from fasttrack_core.web.security import context_of, require_api_client

router = APIRouter(prefix="/api", tags=["API"])

# Ole's request (SPEC §8): the example in /api/docs (its dates are those of his story).
EXAMPLE_REQUEST = Path(__file__).resolve().parents[2] / "examples" / "request-ole.json"


class CaseReceipt(BaseModel):
    case: str  # the case reference, e.g. FT-2026-000123
    created: bool  # False: the employee already had an open case, which is returned
    status: str


class FieldError(BaseModel):
    field: str  # the JSON path of the field, e.g. "employee.cpr"
    message: str  # Danish


class Refusal(BaseModel):
    detail: str
    reasons: list[str]
    errors: list[FieldError]


class Problem(BaseModel):
    detail: str


class Health(BaseModel):
    status: str


@router.get("/health", response_model=Health, summary="Svarer, når tjenesten kører")
def health() -> Health:
    return Health(status="ok")


@router.post(
    "/requests",
    status_code=201,
    response_model=CaseReceipt,
    summary="Modtag en anmodning om Fast track",
    responses={
        200: {"model": CaseReceipt, "description": "Medarbejderen har allerede en åben sag."},
        401: {"model": Problem, "description": "Mangler gyldig API-nøgle."},
        422: {"model": Refusal, "description": "Anmodningen er afvist; intet er gemt."},
    },
)
def submit(
    request: Request,
    body: Annotated[
        RequestIn,
        Body(
            openapi_examples={
                "ole": {
                    "summary": "Oles anmodning (arbejdsgiveren, efter 3 ugers fravær)",
                    "value": json.loads(EXAMPLE_REQUEST.read_text("utf-8")),
                }
            }
        ),
    ],
    background: BackgroundTasks,
    client: Annotated[ApiKey, Depends(require_api_client)],
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=200,
            description="Samme nøgle igen giver det første svar igen (fx efter en timeout).",
        ),
    ] = None,
) -> JSONResponse:
    """The same JSON as `fasttrack request submit`. 201 opens a case; 200 returns the
    employee's open case; 422 refuses with Danish reasons by field, and stores nothing."""
    ctx = context_of(request)
    now = ctx.clock.now()
    payload = body.model_dump(mode="json", exclude_unset=True)
    request_fingerprint = fingerprint(payload)
    assert client.id is not None
    if idempotency_key is not None:
        replayed = replay(ctx, client.id, idempotency_key, request_fingerprint)
        if replayed is not None:
            return JSONResponse(replayed[1], status_code=replayed[0])
    result = submit_request(ctx, payload, now)
    status_code = 201 if result.created else 200
    answer: dict[str, Any] = CaseReceipt(
        case=result.reference, created=result.created, status=result.status
    ).model_dump()
    with ctx.unit_of_work() as session:
        log_submission(session, Actor(f"api:{client.name}"), result.reference, result.created, now)
        if idempotency_key is not None:
            status_code, answer = remember(
                session, client.id, idempotency_key, request_fingerprint, status_code, answer, now
            )
        session.commit()
    if result.created:
        background.add_task(announce_request_received, result.reference)
    return JSONResponse(answer, status_code=status_code)
