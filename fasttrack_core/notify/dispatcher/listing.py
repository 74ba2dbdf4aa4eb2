"""The outbox as a list, for `fasttrack outbox list`."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.models import Case, OutboxMessage
from fasttrack_core.notify.outbox import RenderFault, rendered

STATUSES = ("pending", "held", "sent", "failed")


def list_messages(
    ctx: AppContext, status: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """The outbox, newest first, optionally only one status (pending, sent, failed)."""
    query = (
        select(OutboxMessage, Case.reference)
        .outerjoin(Case, col(Case.id) == col(OutboxMessage.case_id))
        .order_by(col(OutboxMessage.id).desc())
        .limit(limit)
    )
    if status is not None:
        query = query.where(col(OutboxMessage.status) == status)
    with ctx.unit_of_work() as session:
        return [
            {
                "id": row.id,
                "kind": row.kind,
                "reference": reference,
                "case_id": row.case_id,
                "recipients": row.recipients,
                "subject": _subject(row),
                "status": row.status,
                "attempts": row.attempts,
                "next_attempt_at": row.next_attempt_at.isoformat(),
                "created_at": row.created_at.isoformat(),
                "sent_at": row.sent_at.isoformat() if row.sent_at else None,
                "last_error": row.last_error,
            }
            for row, reference in session.exec(query)
        ]


def _subject(row: OutboxMessage) -> str | None:
    """The subject as sent or to be sent; None for a message that cannot be rendered."""
    try:
        return rendered(row).subject
    except RenderFault:
        return None
