"""The JSON API under /api: systems (an HR system) submit requests with an API key."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Body, Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlmodel import Session

from fasttrack_core.models import ApiKey
from fasttrack_core.orchestration.announce import announce_request_received
from fasttrack_core.schemas import RequestIn
from fasttrack_core.services.audit import Actor, log_submission
from fasttrack_core.services.idempotency import fingerprint, remember, replay
from fasttrack_core.services.intake import IntakeResult, submit_request
from fasttrack_core.web.security import context_of, require_api_client

router = APIRouter(prefix="/api", tags=["API"])

# Ole's request (SPEC §8): the example in /api/docs (its dates are those of his story).
EXAMPLE_REQUEST = Path(__file__).resolve().parents[1] / "examples" / "request-ole.json"


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
async def health() -> Health:
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
    client_id, actor = client.id, Actor(f"api:{client.name}")
    if idempotency_key is not None:
        replayed = replay(ctx, client_id, idempotency_key, request_fingerprint)
        if replayed is not None:
            return JSONResponse(replayed[1], status_code=replayed[0])
    answers: list[tuple[int, dict[str, Any]]] = []

    def record(session: Session, result: IntakeResult) -> None:
        """The audit entry and the idempotent answer, in the intake's transaction."""
        log_submission(session, actor, result.reference, result.created, now)
        answer = _receipt(result)
        if idempotency_key is not None:
            answer = remember(
                session, client_id, idempotency_key, request_fingerprint, *answer, now
            )
        answers.append(answer)

    result = submit_request(ctx, body, as_of=now, record=record)
    if result.created:
        background.add_task(announce_request_received, result.reference)
    status_code, answer = answers[0]
    return JSONResponse(answer, status_code=status_code)


def _receipt(result: IntakeResult) -> tuple[int, dict[str, Any]]:
    receipt = CaseReceipt(case=result.reference, created=result.created, status=result.status)
    return (201 if result.created else 200), receipt.model_dump()
