"""What every message about one case carries, and how messages with someone to go to are queued.

Every message names the case reference, the step, the deadline and a link; never the employee's
name, CPR number, cause or the answers to the three questions (ARCHITECTURE invariant 5).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlmodel import Session

from fasttrack_core.notify.kinds import MessageKind
from fasttrack_core.notify.outbox import LETTER, Outgoing, queue
from fasttrack_core.presentation.language import Language
from fasttrack_core.presentation.links import case_link, public_info_link


@dataclass(frozen=True)
class CaseMail:
    """The case a message is about: its reference, job centre and links."""

    case_id: int
    reference: str
    job_centre: str
    base_url: str
    language: Language = Language.DA  # of the employee's and the leader's messages

    @property
    def link(self) -> str:
        """The case page, for the job centre's staff (it needs signing in)."""
        return case_link(self.base_url, self.reference)

    @property
    def public_link(self) -> str:
        """The page about Fast track, for the employee, the leader and other participants."""
        return public_info_link(self.base_url)

    def message(
        self, kind: MessageKind, recipients: Sequence[str | None], key: str, **context: Any
    ) -> Outgoing:
        """A message about the case to the recipients that are known (None: not known)."""
        return Outgoing(
            kind=kind,
            recipients=tuple(r for r in recipients if r),
            key=f"{self.reference}:{key}",
            context={
                "reference": self.reference,
                "job_centre": self.job_centre,
                "link": self.link,
                **context,
            },
            case_id=self.case_id,
        )

    def for_citizen(
        self, kind: MessageKind, recipients: Sequence[str | None], key: str, **context: Any
    ) -> Outgoing:
        """A message to the employee or the leader, in the case's language."""
        return replace(self.message(kind, recipients, key, **context), language=self.language)

    def to_employee(
        self, kind: MessageKind, email: str | None, key: str, **context: Any
    ) -> Outgoing:
        """A message with legal effect to the employee (the notice, a summons, a changed meeting):
        by e-mail where there is an address, otherwise as a letter; either way its dispatch is
        recorded on the timeline (the Ombudsman: the authority must be able to show it was
        sent)."""
        message = self.for_citizen(kind, [email], key, **context)
        message = replace(message, proof=True)
        if email:
            return message
        context = {**message.context, "letter": True}  # its text speaks of no attachment
        return replace(message, channel=LETTER, key=f"{message.key}:letter", context=context)


def queue_addressed(session: Session, messages: Sequence[Outgoing], now: datetime) -> None:
    """Queue, in one statement, the messages that have someone to go to (a task for a case with no
    consultant has no one; a letter goes to the case's employee)."""
    queue(session, [m for m in messages if m.recipients or m.channel == LETTER], now)
