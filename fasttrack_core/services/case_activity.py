"""Which cases a sweep touched (read-only): for the flows' per-case artifacts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlmodel import col

from fasttrack_core.db import AppContext
from fasttrack_core.models import Case, Event


def references_with_events_at(
    ctx: AppContext, kinds: Iterable[str], at: datetime, limit: int
) -> list[str]:
    """References of the cases with an event of `kinds` that occurred exactly at `at` (what the
    sweep at `at` recorded: the same list however often it re-runs), at most `limit`."""
    query = (
        select(col(Case.reference))
        .join(Event, col(Event.case_id) == col(Case.id))
        .where(col(Event.occurred_at) == at, col(Event.kind).in_(list(kinds)))
        .group_by(col(Case.reference))
        .order_by(col(Case.reference))
        .limit(limit)
    )
    with ctx.unit_of_work() as session:
        return list(session.scalars(query))
