"""Many HR systems at once: API requests in flight together each open their own case once, with
their audit entries in one unbroken chain (on SQLite they take turns on the web process's writing
thread: `web.writing`)."""

from __future__ import annotations

import asyncio
import copy
from typing import Any

import httpx
from fastapi import FastAPI
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.models import Case, Step
from fasttrack_core.services.audit import verify

AT_ONCE = 16


def _request(ole: dict[str, Any], number: int) -> dict[str, Any]:
    """Ole's request for another employee (a CPR number of the 1980s, serial `number`)."""
    request = copy.deepcopy(ole)
    request["employee"]["cpr"] = f"0101801{number:03d}"
    request["employee"]["email"] = f"medarbejder{number}@example.dk"
    return request


async def _post_all(app: FastAPI, key: str, requests: list[dict[str, Any]]) -> list[Any]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await asyncio.gather(
            *(
                client.post(
                    "/api/requests",
                    json=request,
                    headers={"X-API-Key": key, "Idempotency-Key": f"hr-{number}"},
                )
                for number, request in enumerate(requests)
            )
        )


def test_requests_in_flight_together_each_open_one_case_with_an_unbroken_audit_chain(
    app: FastAPI, api_key: str, ctx: AppContext, ole: dict[str, Any]
) -> None:
    requests = [_request(ole, number) for number in range(AT_ONCE)]

    answers = asyncio.run(_post_all(app, api_key, requests))

    assert [answer.status_code for answer in answers] == [202] * AT_ONCE
    with ctx.unit_of_work() as session:
        references = session.exec(select(Case.reference)).all()
        cases_with_steps = session.exec(select(Step.case_id).distinct()).all()
    assert len(set(references)) == AT_ONCE
    assert len(cases_with_steps) == AT_ONCE
    check = verify(ctx)
    assert (check.intact, check.checked) == (True, AT_ONCE)

    # Each system asking again with its key gets its first answer, and no case more.
    again = asyncio.run(_post_all(app, api_key, requests))
    assert [a.json() for a in again] == [a.json() for a in answers]
    with ctx.unit_of_work() as session:
        assert len(session.exec(select(col(Case.id))).all()) == AT_ONCE
