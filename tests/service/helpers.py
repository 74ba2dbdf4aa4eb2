"""Small readers and writers used by the service tests."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlmodel import SQLModel

from fasttrack_core.db import AppContext
from fasttrack_core.errors import Refused
from fasttrack_core.models import Case, Event, Step
from fasttrack_core.services.audit import Actor
from fasttrack_core.services.events import record
from fasttrack_core.services.queries import case_view
from fasttrack_core.services.recording import RecordResult
from tests.conftest import at

CONSULTANT = Actor("mette@example.dk", None)


def put(
    ctx: AppContext, ref: str, kind: str, when: str, data: dict[str, Any] | None = None
) -> RecordResult:
    """The consultant records `kind` as happened at `when` (Danish time), recorded then."""
    moment = at(when)
    return record(ctx, ref, kind, moment, data, as_of=moment, actor="mette", audit=CONSULTANT)


def refused(ctx: AppContext, ref: str, kind: str, when: str, data: dict[str, Any]) -> Refused:
    """`put`, refused, with nothing written."""
    before = row_counts(ctx)
    with pytest.raises(Refused) as caught:
        put(ctx, ref, kind, when, data)
    assert row_counts(ctx) == before, "a refused event must write nothing"
    return caught.value


def row_counts(ctx: AppContext) -> tuple[int, int, int]:
    """Cases, steps and events in the database: a refusal must leave all three unchanged."""
    with ctx.unit_of_work() as session:
        return (
            session.scalar(select(func.count()).select_from(Case)) or 0,
            session.scalar(select(func.count()).select_from(Step)) or 0,
            session.scalar(select(func.count()).select_from(Event)) or 0,
        )


def table_counts(ctx: AppContext) -> dict[str, int]:
    """Rows in every table: a refused request (web or API) must leave every count unchanged."""
    with ctx.unit_of_work() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in SQLModel.metadata.sorted_tables
        }


def steps_by_kind(ctx: AppContext, reference: str) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for step in case_view(ctx, reference).to_json()["steps"]:
        grouped.setdefault(step["kind"], []).append(step)
    return grouped


def event_kinds(ctx: AppContext, reference: str) -> list[str]:
    return [event["kind"] for event in case_view(ctx, reference).to_json()["events"]]


def local_due(step: dict[str, Any]) -> str:
    from datetime import datetime

    from fasttrack_core.domain.calendar import COPENHAGEN

    return datetime.fromisoformat(step["due"]).astimezone(COPENHAGEN).strftime("%Y-%m-%d %H:%M")
