"""Proof of dispatch: a message with legal effect to a citizen that went is recorded on its case's
timeline (`message_dispatched`), in the transaction that records it as sent. The Ombudsman puts
the burden of proving that a summons was sent on the authority (issue 15, item 5)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from sqlmodel import Session

from fasttrack_core.db import insert_new
from fasttrack_core.domain.vocabulary import EventKind
from fasttrack_core.models import Event
from fasttrack_core.notify.outbox import message_id
from fasttrack_core.notify.smtp import sender_domain
from fasttrack_core.settings import Settings

if TYPE_CHECKING:
    from fasttrack_core.notify.dispatcher.results import SendResult

EVENTS = Event.__table__  # type: ignore[attr-defined]


def record_dispatches(
    session: Session, settings: Settings, now: datetime, results: Sequence[SendResult]
) -> None:
    """One `message_dispatched` event per message (once: keyed by the outbox row)."""
    rows = [
        {
            "case_id": result.row.case_id,
            "kind": EventKind.MESSAGE_DISPATCHED.value,
            "occurred_at": now,
            "recorded_at": now,
            "actor": "system",
            "data": {
                "message": result.row.kind,
                "message_id": message_id(
                    result.row.id, result.row.dedupe_key, sender_domain(settings)
                ),
                **(result.proof or {}),
            },
            "dedupe_key": f"dispatched:{result.row.id}",
        }
        for result in results
        if result.row.case_id is not None
    ]
    insert_new(session, EVENTS, rows, key="dedupe_key")
