"""Scale-out: two sweeps and two dispatchers running at once (as two workers would) over 1,000 due
steps and 1,000 messages process each exactly once, on PostgreSQL (FOR UPDATE SKIP LOCKED) and on
SQLite (one writer at a time: a sweep takes the write lock before it reads)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, func, insert, select

from fasttrack_core.clock import FixedClock
from fasttrack_core.crypto import CprVault
from fasttrack_core.danish_calendar import DanishCalendar
from fasttrack_core.db import AppContext
from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.models import Case, Event, OutboxMessage, Step
from fasttrack_core.notify.dispatcher import deliver_due
from fasttrack_core.services.sweep import advance
from fasttrack_core.settings import Settings
from tests.conftest import TEST_SECRET
from tests.smtp_servers import RecordingHandler, smtp_server

NOW = datetime(2026, 11, 23, 7, 0, tzinfo=COPENHAGEN)
ITEMS = 1000


@pytest.fixture
def db(engine: Engine) -> AppContext:
    """A configured database (SQLite, then PostgreSQL: the `engine` fixture) at NOW."""
    return AppContext(engine, FixedClock(NOW), CprVault(TEST_SECRET), DanishCalendar())


def due_cases(ctx: AppContext, count: int) -> None:
    """`count` open cases, each with one acceptance step whose deadline passed an hour ago."""
    past = NOW - timedelta(hours=1)
    token = ctx.vault.encrypt("0101701234")
    cases = [
        {
            "id": n, "reference": f"FT-2026-{n:06d}", "job_centre_id": 1, "consultant_id": 1,
            "status": "awaiting_acceptance", "requested_by": "employer", "channel": "digital",
            "requested_at": past - timedelta(days=3), "first_absence_day": past.date(),
            "expected_over_8_weeks": True, "cpr_encrypted": token, "cpr_hash": f"{n:064x}",
            "open_cpr_hash": f"{n:064x}", "employee_name": "X", "employee_email": "x@example.dk",
            "employer_cvr": "12345674", "employer_name": "X", "workplace": "Y",
            "leader_name": "L", "leader_email": "l@example.dk", "answers_encrypted": token,
            "opened_at": past - timedelta(days=3), "ruleset": "2025",
        }
        for n in range(1, count + 1)
    ]  # fmt: skip
    steps = [
        {"case_id": n, "kind": "acceptance", "seq": 1, "status": "pending", "due_at": past,
         "next_check_at": past}
        for n in range(1, count + 1)
    ]  # fmt: skip
    with ctx.engine.begin() as connection:
        connection.execute(insert(Case), cases)
        connection.execute(insert(Step), steps)


def at_once(work: Callable[[], int]) -> list[int]:
    """Run `work` in two threads started together; what each returned."""
    barrier = threading.Barrier(2)
    results: list[int] = [0, 0]
    errors: list[BaseException] = []

    def run(slot: int) -> None:
        barrier.wait()
        try:
            results[slot] = work()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(slot,)) for slot in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


def test_two_concurrent_sweeps_advance_each_due_step_once(db: AppContext) -> None:
    due_cases(db, ITEMS)

    def sweeper() -> int:
        advanced = 0
        while (summary := advance(db, as_of=NOW, limit=50)).due:  # small batches: they interleave
            advanced += summary.due
        return advanced

    counts = at_once(sweeper)
    assert sum(counts) == ITEMS, counts  # a step swept by both would be counted twice
    if db.engine.dialect.name == "postgresql":
        assert min(counts) > 0, counts  # both sweeps did share the work
    # (On SQLite one sweep may take the write lock batch after batch while the other waits for
    # it: once each is what counts there; without the lock both swept the same steps.)
    with db.unit_of_work() as session:
        statuses = {
            status: count
            for status, count in session.execute(
                select(Step.status, func.count()).group_by(Step.status)
            ).all()
        }
        overdue_events = session.scalar(
            select(func.count()).select_from(Event).where(Event.kind == "step_overdue")
        )
        escalations = session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.kind == "overdue_escalation")
        )
    assert statuses == {"overdue": ITEMS}
    assert overdue_events == escalations == ITEMS


def pending_messages(ctx: AppContext, count: int) -> None:
    rows: list[dict[str, Any]] = [
        {
            "dedupe_key": f"scale:{n}", "kind": "reminder", "recipients": [f"k{n}@example.dk"],
            "subject": f"Besked {n}", "text_body": "Tekst", "html_body": "<p>Tekst</p>",
            "attachments": [], "status": "pending", "attempts": 0,
            "next_attempt_at": NOW - timedelta(minutes=1), "created_at": NOW,
        }
        for n in range(count)
    ]  # fmt: skip
    with ctx.engine.begin() as connection:
        connection.execute(insert(OutboxMessage), rows)


def test_two_concurrent_dispatchers_send_each_message_once(db: AppContext) -> None:
    pending_messages(db, ITEMS)
    handler = RecordingHandler()
    with smtp_server(handler) as server:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            smtp_host="127.0.0.1",
            smtp_port=server.port,
            smtp_connections=4,
        )
        sent = at_once(lambda: asyncio.run(deliver_due(db, settings, NOW.astimezone(UTC))).sent)
    assert sum(sent) == ITEMS, sent
    received = handler.message_ids()
    assert len(received) == len(set(received)) == ITEMS
    with db.unit_of_work() as session:
        rows = session.execute(
            select(OutboxMessage.status, OutboxMessage.attempts, func.count()).group_by(
                OutboxMessage.status, OutboxMessage.attempts
            )
        ).all()
    assert [tuple(row) for row in rows] == [("sent", 1, ITEMS)]
