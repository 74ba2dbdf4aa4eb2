"""Queueing messages in the outbox, in the caller's transaction (ARCHITECTURE invariant 3)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlmodel import Session

from fasttrack_core.db import MESSAGES_OFF, insert_new
from fasttrack_core.models import OutboxMessage
from fasttrack_core.notify.context_codec import decode, encode
from fasttrack_core.notify.rendering import RenderedEmail, render_email
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
    """Insert the messages in one statement, each as its template context (the dispatcher renders
    it when it delivers it); known keys are skipped. Nothing is stored in a session whose context
    does not queue messages (a what-if's throwaway database: `AppContext.queue_messages`)."""
    if messages_off(session):
        return
    rows = [
        {
            "dedupe_key": message.key,
            "kind": message.kind,
            "case_id": message.case_id,
            "recipients": list(message.recipients),
            "context": encode(message.context),
            "language": message.language.value,
            "subject": None,
            "text_body": None,
            "html_body": None,
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
        for message in messages
    ]
    insert_new(session, OutboxMessage.metadata.tables["outbox_message"], rows, key="dedupe_key")


class QueuedRow(Protocol):
    """What a queued message's rendering needs (an OutboxMessage, or a claimed row)."""

    @property
    def kind(self) -> str: ...
    @property
    def language(self) -> str: ...
    @property
    def context(self) -> dict[str, Any] | None: ...
    @property
    def subject(self) -> str | None: ...
    @property
    def text_body(self) -> str | None: ...
    @property
    def html_body(self) -> str | None: ...


class RenderFault(Exception):
    """A queued message that cannot be rendered: a fault of its template or its context."""


def rendered(row: QueuedRow) -> RenderedEmail:
    """The message the recipient gets (or got): its stored bodies once the dispatcher has rendered
    it (or when it was queued before migration 0024), else rendered now from its context."""
    if row.subject is not None and row.text_body is not None and row.html_body is not None:
        return RenderedEmail(row.subject, row.text_body, row.html_body)
    try:
        if row.context is None:
            raise ValueError("neither bodies nor a context")
        return render_email(row.kind, decode(row.context), Language(row.language))
    except Exception as exc:
        raise RenderFault(f"{type(exc).__name__}: {exc}") from exc


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
    """Queue `kind` once: a second call with the same key changes nothing."""
    message = Outgoing(
        kind, tuple(recipients), dedupe_key, dict(context), tuple(attachments), case_id
    )
    queue(session, [message], now)


def message_id(outbox_id: int, dedupe_key: str, sender_domain: str) -> str:
    """A stable Message-ID per outbox row: a retry after a crash is recognisably the same mail."""
    digest = hashlib.sha256(dedupe_key.encode()).hexdigest()[:16]
    return f"<fasttrack.{outbox_id}.{digest}@{sender_domain}>"
