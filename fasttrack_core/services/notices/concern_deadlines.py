"""Who is told about a concern's deadlines (issue 16; SPEC §6): the consultant it is assigned to,
of all three when it is raised; then, as for a Fast track step (`deadlines.py`), of the deadline
the sweep reaches: the consultant before it, the job centre's team lead (or its fallback,
`escalation_recipient`) after it. A concern has no page of its own in the
workspace: the messages name its reference and link to the consultant's tasks; never the
employee's name, CPR number or what the concern is about."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from fasttrack_core.domain.concern import ConcernDeadlines
from fasttrack_core.domain.concern_deadlines import CONCERN_STEP_LABELS, ConcernStep
from fasttrack_core.domain.sweep import Trigger
from fasttrack_core.notify.kinds import MessageKind
from fasttrack_core.notify.outbox import Outgoing, messages_off
from fasttrack_core.presentation.links import tasks_link
from fasttrack_core.services.notices.case_mail import queue_addressed
from fasttrack_core.services.notices.escalation import escalation_recipients

KINDS = {
    Trigger.REMINDER: MessageKind.CONCERN_REMINDER,
    Trigger.OVERDUE: MessageKind.CONCERN_ESCALATION,
}


@dataclass(frozen=True)
class DueConcern:
    """A concern's deadline the sweep found, with what its messages need."""

    reference: str
    job_centre_id: int
    job_centre: str
    step: ConcernStep
    due_at: datetime
    consultant_name: str | None
    consultant_email: str | None


def queue_concern_notices(
    session: Session,
    triggered: Sequence[tuple[DueConcern, Trigger]],
    installation_admin: str,
    base_url: str,
    now: datetime,
) -> None:
    """For each concern's deadline and trigger: a reminder to the consultant before it; an
    escalation after it to whoever `escalation_recipient` names. Once per concern, deadline and
    kind (the key); one statement for all."""
    if messages_off(session):
        return
    overdue_centres = {due.job_centre_id for due, t in triggered if t is Trigger.OVERDUE}
    escalate_to = escalation_recipients(session, overdue_centres, installation_admin)
    messages = []
    for due, trigger in triggered:
        extra = {}
        to = due.consultant_email
        if trigger is Trigger.OVERDUE:
            to = escalate_to[due.job_centre_id]
            extra["consultant_name"] = due.consultant_name
        messages.append(
            Outgoing(
                kind=KINDS[trigger],
                recipients=(to,) if to else (),
                key=f"{due.reference}:concern_{trigger}:{due.step}:{due.due_at.isoformat()}",
                context={
                    "reference": due.reference,
                    "job_centre": due.job_centre,
                    "link": tasks_link(base_url),
                    "step_label": CONCERN_STEP_LABELS[due.step],
                    "due": due.due_at,
                    **extra,
                },
            )
        )
    queue_addressed(session, messages, now)


def queue_concern_assigned(
    session: Session,
    reference: str,
    job_centre: str,
    consultant: tuple[str, str | None],
    due: ConcernDeadlines,
    base_url: str,
    now: datetime,
) -> None:
    """A new concern's consultant (name, e-mail) is told of it and of its three deadlines, in the
    transaction that raises it: the contact is due within days, before the sweep's first
    reminder may come (a reminder is never earlier than the concern)."""
    name, email = consultant
    steps = zip(ConcernStep, (due.contact, due.talk, due.effort), strict=True)
    message = Outgoing(
        kind=MessageKind.CONCERN_ASSIGNED,
        recipients=(email,) if email else (),
        key=f"{reference}:concern_assigned",
        context={
            "reference": reference,
            "job_centre": job_centre,
            "link": tasks_link(base_url),
            "consultant_name": name,
            "steps": [{"label": CONCERN_STEP_LABELS[step], "due": at} for step, at in steps],
        },
    )
    queue_addressed(session, [message], now)
