"""Claiming due outbox messages: one short transaction reserves a batch for one dispatcher.

One UPDATE moves the claimed rows' next attempt to `now + LEASE` (on PostgreSQL the rows are
chosen `FOR UPDATE SKIP LOCKED`; on SQLite the single statement holds the write lock), so a
concurrent dispatcher neither waits for them nor sends them again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import col, select, update

from fasttrack_core.db import AppContext
from fasttrack_core.models import OutboxMessage
from fasttrack_core.notify.outbox import RenderFault, rendered
from fasttrack_core.notify.rendering import RenderedEmail

log = logging.getLogger(__name__)

# How long a claimed message is reserved for the dispatcher that claimed it. Far longer than a
# batch takes to send; after a crash the message becomes due again when it ends.
LEASE = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class Claimed:
    """A claimed outbox row, rendered: what sending and recording it need (see smtp.MessageRow).

    `rendered_now`: its bodies were rendered by this claim (recorded with its result); `fault`:
    it could not be rendered (it fails at once, and the administrator is told)."""

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
    rendered_now: bool = False
    fault: str | None = None


@dataclass(frozen=True, slots=True)
class _Row:
    """A claimed row as the claim's UPDATE returns it: the bodies NULL until it is rendered."""

    id: int
    dedupe_key: str
    kind: str
    case_id: int | None
    recipients: list[str]
    subject: str | None
    text_body: str | None
    html_body: str | None
    attachments: list[dict[str, str]]
    attempts: int
    created_at: datetime
    channel: str
    proof: bool
    context: dict[str, Any] | None
    language: str


OUTBOX = OutboxMessage.__table__  # type: ignore[attr-defined]
_CLAIMED_COLUMNS = [OUTBOX.c[name] for name in _Row.__slots__]


def claim_due(ctx: AppContext, now: datetime, limit: int) -> list[Claimed]:
    """Reserve up to `limit` due pending messages for this dispatcher, oldest first, and render
    those not rendered yet (after the claim's commit: rendering holds no write lock)."""
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
        rows = [_Row(*values) for values in session.execute(statement)]
        session.commit()
    return [_render(row) for row in sorted(rows, key=lambda row: row.id)]


def _render(row: _Row) -> Claimed:
    """The row with its message: stored, or rendered now from its context (a fault: no message,
    and why, for the failure report; the log names only the exception's type)."""
    fault: str | None = None
    try:
        message = rendered(row)
    except RenderFault as exc:
        log.error(
            "outbox %s (%s): cannot be rendered (%s)",
            row.id,
            row.kind,
            type(exc.__cause__).__name__,
        )
        message, fault = RenderedEmail("", "", ""), str(exc)
    return Claimed(
        row.id,
        row.dedupe_key,
        row.kind,
        row.case_id,
        row.recipients,
        message.subject,
        message.text,
        message.html,
        row.attachments,
        row.attempts,
        row.created_at,
        row.channel,
        row.proof,
        rendered_now=fault is None and row.subject is None,
        fault=fault,
    )
