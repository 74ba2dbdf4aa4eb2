"""The JSON API under /api: systems (an HR system) submit requests with an API key."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Body, Depends, Header, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlmodel import Session

from fasttrack_core.db import AppContext
from fasttrack_core.errors import Refused
from fasttrack_core.models import ApiKey
from fasttrack_core.orchestration.announce import announce_request_received, announcing
from fasttrack_core.reporting.figures import steering_figures
from fasttrack_core.reporting.periods import Period, Scope
from fasttrack_core.schemas import RequestIn
from fasttrack_core.services.audit import Actor, log_submission
from fasttrack_core.services.idempotency import Replayed, fingerprint, remember, replay
from fasttrack_core.services.intake import (
    IntakeResult,
    Precheck,
    Recorder,
    submit_request,
    take_request,
)
from fasttrack_core.web.security import (
    Forbidden,
    context_of,
    require_api_client,
    require_steering_client,
)
from fasttrack_core.web.writing import run_writing

router = APIRouter(prefix="/api", tags=["API"])

# Ole's request (SPEC §8): the example in /api/docs (its dates are those of his story).
EXAMPLE_REQUEST = Path(__file__).resolve().parents[1] / "examples" / "request-ole.json"


class Receipt(BaseModel):
    """The same answer for a new request and for one about an employee who already has an open
    case: the API does not tell whether a person is on long sick leave (issue 12). The case
    reference goes to the leader/HR by e-mail with the receipt, and to the job centre."""

    status: str  # always "modtaget"
    received_at: str  # ISO 8601
    detail: str  # Danish


RECEIVED = "modtaget"
RECEIPT_DETAIL = (
    "Anmodningen er modtaget. Lederen/personaleafdelingen får kvitteringen med sagsnummeret "
    "pr. e-mail, og jobcentret kontakter medarbejderen."
)


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
    status_code=202,
    response_model=Receipt,
    summary="Modtag en anmodning om Fast track",
    responses={
        401: {"model": Problem, "description": "Mangler gyldig API-nøgle."},
        413: {"model": Problem, "description": "Anmodningen er for stor."},
        422: {"model": Refusal, "description": "Anmodningen er afvist; intet er gemt."},
        429: {"model": Problem, "description": "For mange anmodninger; se Retry-After."},
    },
)
async def submit(
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
    """The same JSON as `fasttrack request submit`. 202: received (a new case, or one about an
    employee who already has an open case: the answer is the same); 422 refuses with Danish
    reasons by field, and stores nothing. The use case runs off the event loop (`run_writing`)."""
    ctx = context_of(request)
    assert client.id is not None
    intake = _ApiIntake(ctx, body, client.id, client.name, idempotency_key)
    status_code, answer, reference = await run_writing(ctx, intake.within, intake.alone)
    if reference is not None and announcing():
        background.add_task(announce_request_received, reference)
    return JSONResponse(answer, status_code=status_code)


Answer = tuple[int, dict[str, Any], str | None]
# An intake at a moment, with what the API records and checks first (`services.intake`).
Intake = Callable[[datetime, Recorder, Precheck | None], IntakeResult]


@dataclass(frozen=True)
class _ApiIntake:
    """One API request's intake: the answer (replayed, or from its intake) and the reference of
    the case it opened, if it opened one; in a transaction of its own (`alone`) or in the writing
    thread's (`within`)."""

    ctx: AppContext
    body: RequestIn
    client_id: int
    client_name: str
    idempotency_key: str | None

    def alone(self) -> Answer:
        return self._answer(
            lambda now, record, first: submit_request(
                self.ctx, self.body, as_of=now, record=record, first=first
            )
        )

    def within(self, session: Session) -> Answer:
        return self._answer(
            lambda now, record, first: take_request(
                self.ctx, session, self.body, as_of=now, record=record, first=first
            )
        )

    def _answer(self, intake: Intake) -> Answer:
        now = self.ctx.clock.now()
        payload = self.body.model_dump(mode="json", exclude_unset=True)
        request_fingerprint = fingerprint(payload)
        actor = Actor(f"api:{self.client_name}")
        key = self.idempotency_key
        answers: list[tuple[int, dict[str, Any]]] = []

        def record(session: Session, result: IntakeResult) -> None:
            """The idempotent answer and the audit entry, in the intake's transaction; the
            entry last, since it holds the audit chain's head until the commit."""
            answer = _receipt(now)
            if key is not None:
                answer = remember(session, self.client_id, key, request_fingerprint, *answer, now)
            log_submission(session, actor, result.case_id, result.created, now)
            answers.append(answer)

        first = (
            None
            if key is None
            else partial(
                replay, client_id=self.client_id, key=key, request_fingerprint=request_fingerprint
            )
        )
        try:
            result = intake(now, record, first)
        except Replayed as replayed:
            return replayed.status_code, replayed.body, None
        status_code, answer = answers[0]
        return status_code, answer, result.reference if result.created else None


def _receipt(now: datetime) -> tuple[int, dict[str, Any]]:
    receipt = Receipt(status=RECEIVED, received_at=now.isoformat(), detail=RECEIPT_DETAIL)
    return 202, receipt.model_dump()


class Kpis(BaseModel):
    """The steering report's figures as JSON (`fasttrack report steering --format json`): the
    period and the one before it, each KPI with its label, unit, value, previous value and target,
    and the breakdowns (timeliness by job centre, workplace and pseudonymous consultant, caseload
    against capacity). Counts only: no case, no name, no CPR number."""

    period: dict[str, str]
    previous_period: dict[str, str]
    scope: dict[str, Any]
    kpis: dict[str, dict[str, Any]]
    breakdowns: dict[str, Any]


def _day(text: str, name: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        reason = f"'{text}' er ikke en dato (brug fx 2026-03-01)."
        raise Refused(reason, fields={name: reason}) from None


@router.get(
    "/kpis",
    response_model=Kpis,
    summary="Styringsrapportens nøgletal for en periode (styregruppens BI)",
    responses={
        401: {"model": Problem, "description": "Mangler gyldig API-nøgle."},
        403: {
            "model": Problem,
            "description": "Nøglen har ikke rollen steering, eller "
            "kommunen er en anden end nøglens.",
        },
        422: {"model": Refusal, "description": "Ugyldig periode eller ukendt kommune."},
    },
)
def kpis(
    request: Request,
    client: Annotated[ApiKey, Depends(require_steering_client)],
    first: Annotated[str, Query(alias="from", description="Periodens første dag (ÅÅÅÅ-MM-DD).")],
    last: Annotated[str, Query(alias="to", description="Periodens sidste dag (ÅÅÅÅ-MM-DD).")],
    municipality: Annotated[
        str | None,
        Query(
            description="Kun denne kommunes sager (kommunekode); en nøgle med en kommune "
            "får altid kun dens."
        ),
    ] = None,
) -> JSONResponse:
    """Every KPI of the period against the previous period of equal length, for all job centres
    or one municipality. Needs an API key with the steering role (`fasttrack apikey create NAME
    --role steering [--municipality CODE]`); a key limited to a municipality answers 403 for
    another."""
    if client.municipality and municipality not in (None, client.municipality):
        raise Forbidden("API-nøglen gælder kun én anden kommune.")
    period = Period.checked(_day(first, "from"), _day(last, "to"))
    scope = Scope(municipality=municipality or client.municipality)
    figures = steering_figures(context_of(request), period, scope)
    return JSONResponse(figures.to_json())
