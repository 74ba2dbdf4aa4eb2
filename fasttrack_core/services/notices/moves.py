"""Who is told that a case changed hands (issue 14, items 2 and 6): the new owner, with the
case's open deadlines; the team lead, when a consultant hands a case back to the queue.

The reason a consultant gives for handing a case back is free text that may describe the
person's health: it stays on the case page and out of the email (ARCHITECTURE invariant 5).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Session

from fasttrack_core.domain.vocabulary import OUTSTANDING
from fasttrack_core.models import Step
from fasttrack_core.notify.kinds import MessageKind
from fasttrack_core.presentation.danish import step_label
from fasttrack_core.services.notices.case_mail import CaseMail, queue_addressed


class Move(StrEnum):
    """How a case came to its new owner (the email says which)."""

    TAKEN_OVER = "taken_over"  # the consultant took it
    ASSIGNED = "assigned"  # a team lead gave it to them
    TRANSFERRED = "transferred"  # it came from another job centre with the employee


def queue_new_owner_notice(
    session: Session,
    mail: CaseMail,
    *,
    move: Move,
    consultant_name: str,
    consultant_email: str,
    steps: list[Step],
    now: datetime,
) -> None:
    """The new owner's message: the case is theirs now, with its open deadlines."""
    open_steps = sorted((s for s in steps if s.status in OUTSTANDING), key=lambda s: s.due_at)
    message = mail.message(
        MessageKind.CASE_MOVED,
        [consultant_email],
        f"{MessageKind.CASE_MOVED}:{consultant_email}:{now.isoformat()}",
        consultant_name=consultant_name,
        how=move.value,
        steps=[{"label": step_label(s.kind, s.seq), "due": s.due_at} for s in open_steps],
    )
    queue_addressed(session, [message], now)


def queue_handed_back_notice(
    session: Session, mail: CaseMail, *, consultant_name: str, team_lead: str, now: datetime
) -> None:
    """The team lead's message: a consultant put the case back in the team's queue."""
    message = mail.message(
        MessageKind.CASE_HANDED_BACK,
        [team_lead],
        f"{MessageKind.CASE_HANDED_BACK}:{now.isoformat()}",
        consultant_name=consultant_name,
    )
    queue_addressed(session, [message], now)
