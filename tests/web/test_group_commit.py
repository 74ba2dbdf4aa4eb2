"""The API's writing thread on SQLite commits the intakes that queued while it was busy together
(`web.writing`): each is answered as if it had run alone, a failing one leaves nothing, and no
intake is answered before the commit that holds it."""

from __future__ import annotations

import asyncio
import copy
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any, TypeVar

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import event
from sqlmodel import Session, col, select

from fasttrack_core.db import AppContext
from fasttrack_core.errors import Refused
from fasttrack_core.models import ApiKey, AuditEntry, Case
from fasttrack_core.services.audit import verify
from fasttrack_core.services.idempotency import KEY_REUSED
from fasttrack_core.services.intake import SQLITE_WRITER
from fasttrack_core.web import writing
from fasttrack_core.web.writing import run_writing
from tests.conftest import START
from tests.service.helpers import table_counts

T = TypeVar("T")


# SQLite only: on PostgreSQL each intake commits in a transaction of its own.
pytestmark = pytest.mark.parametrize("engine", ["sqlite"], indirect=True)


@contextmanager
def commits_counted(ctx: AppContext) -> Iterator[list[int]]:
    commits: list[int] = []

    def count(_: Any) -> None:
        commits.append(1)

    event.listen(ctx.engine, "commit", count)
    try:
        yield commits
    finally:
        event.remove(ctx.engine, "commit", count)


@pytest.fixture
def queued() -> Iterator[list[object]]:
    """What reaches the writing thread's queue, as it is put there."""
    seen: list[object] = []
    real = writing._writer()

    class Counting:
        def put(self, item: object) -> None:
            seen.append(item)
            real.put(item)  # type: ignore[arg-type]

    original = writing._writer
    writing._writer = Counting  # type: ignore[assignment]
    try:
        yield seen
    finally:
        writing._writer = original


async def queued_while_busy(
    queued: list[object], calls: list[Callable[[], Awaitable[T]]]
) -> list[T | BaseException]:
    """Start every call while the writing thread cannot write (another writer of the process
    holds the lock), wait until all of them are queued, then let it write."""
    with SQLITE_WRITER:
        tasks = [asyncio.ensure_future(call()) for call in calls]
        deadline = time.monotonic() + 30
        while len(queued) < len(calls) and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        assert len(queued) == len(calls), "the calls did not reach the writing thread"
    return list(await asyncio.gather(*tasks, return_exceptions=True))


def _key(name: str) -> Callable[[Session], str]:
    def work(session: Session) -> str:
        session.add(ApiKey(name=name, key_hash=name.ljust(64, "0"), created_at=START))
        session.flush()
        if name.startswith("refused"):
            raise Refused("Afvist efter at have skrevet.")
        return name

    return work


def _never_alone() -> str:
    raise AssertionError("SQLite runs the work in the writing thread's transaction")


def test_an_intake_that_fails_in_a_group_leaves_nothing_and_the_others_commit(
    ctx: AppContext, queued: list[object]
) -> None:
    names = ["first", "refused-one", "second", "third"]
    calls = [lambda name=name: run_writing(ctx, _key(name), _never_alone) for name in names]
    with commits_counted(ctx) as commits:
        results = asyncio.run(queued_while_busy(queued, calls))
    assert results[0::2] == ["first", "second"] and results[3] == "third"
    assert isinstance(results[1], Refused)
    assert len(commits) < 3  # two of the three were committed together (alone: 3 commits)
    with ctx.unit_of_work() as session:
        stored = set(session.exec(select(ApiKey.name)).all())
    assert stored == {"first", "second", "third"}


def test_when_the_groups_commit_fails_every_intake_of_it_fails_and_nothing_is_stored(
    ctx: AppContext, queued: list[object]
) -> None:
    def refuse_to_commit(_: Any) -> None:
        raise OSError("disk full")

    event.listen(ctx.engine, "commit", refuse_to_commit)
    try:
        calls = [lambda n=n: run_writing(ctx, _key(f"k{n}"), _never_alone) for n in range(3)]
        results = asyncio.run(queued_while_busy(queued, calls))
    finally:
        event.remove(ctx.engine, "commit", refuse_to_commit)
    assert all(isinstance(result, OSError) for result in results)
    with ctx.unit_of_work() as session:
        assert session.exec(select(ApiKey.name)).all() == []


def _request(ole: dict[str, Any], number: int) -> dict[str, Any]:
    request = copy.deepcopy(ole)
    request["employee"]["cpr"] = f"0101801{number:03d}"
    request["employee"]["email"] = f"medarbejder{number}@example.dk"
    return request


def test_api_requests_committed_together_get_the_answers_they_would_get_alone(
    app: FastAPI, api_key: str, ctx: AppContext, ole: dict[str, Any], queued: list[object]
) -> None:
    """New employees, a request refused by its dates, the same employee twice, a retry of a
    committed request and a key used again for another request, all in one group."""
    late = _request(ole, 9)
    late["first_absence_day"] = (START.date() - timedelta(days=60)).isoformat()
    posts = [
        (_request(ole, 1), "hr-1"),
        (late, "hr-late"),
        (_request(ole, 2), "hr-2"),
        (_request(ole, 2), "hr-2-again-other-key"),  # the same employee: the same case
        (ole, "hr-ole"),  # a retry of the request committed before the group
        (_request(ole, 3), "hr-ole"),  # the same key for another request
    ]

    async def scenario() -> tuple[Any, list[Any]]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:

            def post(body: dict[str, Any], key: str) -> Callable[[], Awaitable[Any]]:
                headers = {"X-API-Key": api_key, "Idempotency-Key": key}
                return lambda: client.post("/api/requests", json=body, headers=headers)

            before = await post(ole, "hr-ole")()
            queued.clear()
            return before, await queued_while_busy(queued, [post(body, key) for body, key in posts])

    with commits_counted(ctx) as commits:
        committed_before, answers = asyncio.run(scenario())
    # Ole's first request, then the group's four received requests in fewer commits than four
    # (a refused request alone commits nothing).
    assert len(commits) < 1 + 4
    statuses = [answer.status_code for answer in answers]
    assert statuses == [202, 422, 202, 202, 202, 422]
    assert answers[4].json() == committed_before.json()  # the retry: the first answer again
    assert answers[5].json()["reasons"] == [KEY_REUSED]
    assert "5 uger" in answers[1].json()["reasons"][0]
    with ctx.unit_of_work() as session:
        cases = session.exec(select(col(Case.reference))).all()
        audit = session.exec(select(AuditEntry)).all()
    assert len(cases) == 3  # Ole's, and employees 1 and 2 (once)
    assert len(audit) == 4  # Ole's first request, 1, 2 and 2 again: the case was returned
    check = verify(ctx)
    assert (check.intact, check.checked) == (True, 4)
    assert table_counts(ctx)["idempotent_response"] == 4
