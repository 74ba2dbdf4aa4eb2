"""Queueing messages in the outbox, in the caller's transaction (ARCHITECTURE invariant 3)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session

from fasttrack_core.db import MESSAGES_OFF, insert_new
from fasttrack_core.models import OutboxMessage
from fasttrack_core.notify.rendering import render_email
from fasttrack_core.presentation.language import Language


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str  # e.g. 'text/calendar; method=REQUEST'
    content: str  # the text itself, or base64 when `encoding` is "base64" (a PDF)
    encoding: str = ""

    def row(self) -> dict[str, str]:
        """As stored in `OutboxMessage.attachments` (the key `encoding` only when there is one)."""
        return {key: value for key, value in asdict(self).items() if key != "encoding" or value}


EMAIL, LETTER = "email", "letter"


@dataclass(frozen=True)
class Outgoing:
    """A message to queue: `key` is unique per fact, so the same fact never queues it twice.

    `channel` LETTER: a PDF letter to the case's employee (no recipients: the letter transport
    addresses it); `proof`: its dispatch is recorded on the case's timeline (legal effect)."""

    kind: str  # the template
    recipients: tuple[str, ...]
    key: str
    context: dict[str, Any] = field(default_factory=dict)
    attachments: tuple[Attachment, ...] = ()
    case_id: int | None = None
    channel: str = EMAIL
    proof: bool = False
    language: Language = Language.DA  # a citizen's or leader's kind is rendered in it


def messages_off(session: Session) -> bool:
    """Whether the session's context queues no messages (`AppContext.queue_messages` False: a
    what-if's throwaway database). The use cases' notices stop here before building anything
    (an iCalendar invitation was a tenth of a simulated event); `queue` drops whatever else."""
    return bool(session.info.get(MESSAGES_OFF))


def queue(session: Session, messages: Sequence[Outgoing], now: datetime) -> None:
    """Render the messages now and insert them in one statement; known keys are skipped.
    Nothing is rendered or stored in a session whose context does not queue messages (a
    what-if's throwaway database: `AppContext.queue_messages`)."""
    if messages_off(session):
        return
    rows = []
    for message in messages:
        rendered = render_email(message.kind, message.context, message.language)
        rows.append(
            {
                "dedupe_key": message.key,
                "kind": message.kind,
                "case_id": message.case_id,
                "recipients": list(message.recipients),
                "subject": rendered.subject,
                "text_body": rendered.text,
                "html_body": rendered.html,
                "attachments": [a.row() for a in message.attachments],
                "channel": message.channel,
                "proof": message.proof,
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": now,
                "last_error": None,
                "created_at": now,
                "sent_at": None,
            }
        )
    insert_new(session, OutboxMessage.metadata.tables["outbox_message"], rows, key="dedupe_key")


def queue_message(
    session: Session,
    *,
    dedupe_key: str,
    kind: str,
    recipients: Sequence[str],
    context: Mapping[str, Any],
    now: datetime,
    case_id: int | None = None,
    attachments: Sequence[Attachment] = (),
) -> None:
    """Render `kind` now and queue it once: a second call with the same key changes nothing."""
    message = Outgoing(
        kind, tuple(recipients), dedupe_key, dict(context), tuple(attachments), case_id
    )
    queue(session, [message], now)


def message_id(outbox_id: int, dedupe_key: str, sender_domain: str) -> str:
    """A stable Message-ID per outbox row: a retry after a crash is recognisably the same mail."""
    digest = hashlib.sha256(dedupe_key.encode()).hexdigest()[:16]
    return f"<fasttrack.{outbox_id}.{digest}@{sender_domain}>"
