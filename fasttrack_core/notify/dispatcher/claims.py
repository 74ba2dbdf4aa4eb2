"""Claiming due outbox messages: one short transaction reserves a batch for one dispatcher.

One UPDATE moves the claimed rows' next attempt to `now + LEASE` (on PostgreSQL the rows are
chosen `FOR UPDATE SKIP LOCKED`; on SQLite the single statement holds the write lock), so a
concurrent dispatcher neither waits for them nor sends them again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import col, select, update

from fasttrack_core.db import AppContext
from fasttrack_core.models import OutboxMessage

# How long a claimed message is reserved for the dispatcher that claimed it. Far longer than a
# batch takes to send; after a crash the message becomes due again when it ends.
LEASE = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class Claimed:
    """A claimed outbox row: what sending and recording it need (see smtp.MessageRow)."""

    id: int
    dedupe_key: str
    kind: str
    case_id: int | None
    recipients: list[str]
    subject: str
    text_body: str
    html_body: str
    attachments: list[dict[str, str]]
    attempts: int
    created_at: datetime
    channel: str  # outbox.EMAIL or outbox.LETTER
    proof: bool  # its dispatch goes on the case's timeline


OUTBOX = OutboxMessage.__table__  # type: ignore[attr-defined]
_CLAIMED_COLUMNS = [OUTBOX.c[name] for name in Claimed.__slots__]


def claim_due(ctx: AppContext, now: datetime, limit: int) -> list[Claimed]:
    """Reserve up to `limit` due pending messages for this dispatcher, oldest first."""
    due = (
        select(col(OutboxMessage.id))
        .where(col(OutboxMessage.status) == "pending", col(OutboxMessage.next_attempt_at) <= now)
        .order_by(col(OutboxMessage.next_attempt_at), col(OutboxMessage.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    # Core, not ORM entities: this runs beside the sending, and ORM loading would cost more
    # per message than the claim's SQL.
    statement = (
        update(OUTBOX)
        .where(OUTBOX.c.id.in_(due.scalar_subquery()))
        .values(next_attempt_at=now + LEASE)
        .returning(*_CLAIMED_COLUMNS)
    )
    with ctx.unit_of_work() as session:
        rows = [Claimed(*values) for values in session.execute(statement)]
        session.commit()
    return sorted(rows, key=lambda row: row.id)
