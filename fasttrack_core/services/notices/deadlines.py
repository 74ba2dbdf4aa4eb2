"""Who is told about a deadline the sweep reaches (SPEC §6): the consultant before it, the job
centre's team lead (or its fallback, `escalation_recipient`) after it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from fasttrack_core.domain.sweep import Trigger
from fasttrack_core.domain.vocabulary import OWNER_LABELS, STEP_LABELS, StepKind
from fasttrack_core.notify.kinds import MessageKind
from fasttrack_core.notify.outbox import Outgoing, messages_off
from fasttrack_core.services.notices.case_mail import CaseMail, queue_addressed
from fasttrack_core.services.notices.escalation import escalation_recipients

# A reminder about these steps has its own task email; every other step gets the plain reminder.
REMINDER_KINDS = {StepKind.REVIEW: MessageKind.REVIEW_DUE, StepKind.ACTION: MessageKind.ACTION_DUE}


@dataclass(frozen=True)
class DueStep:
    """A step the sweep found, with what its messages need."""

    mail: CaseMail
    job_centre_id: int
    kind: StepKind
    seq: int
    due_at: datetime
    owner: str | None
    consultant_name: str | None
    consultant_email: str | None


def queue_deadline_notices(
    session: Session,
    triggered: Sequence[tuple[DueStep, Trigger]],
    installation_admin: str,
    now: datetime,
) -> None:
    """For each step and trigger: a reminder to the consultant before the deadline; an
    escalation after it, to whoever `escalation_recipient` names (`installation_admin` is
    FASTTRACK_ADMIN_EMAIL). Once per step and deadline (the key); one statement for all."""
    if messages_off(session):
        return
    overdue_centres = {step.job_centre_id for step, t in triggered if t is Trigger.OVERDUE}
    escalate_to = escalation_recipients(session, overdue_centres, installation_admin)
    messages = []
    for step, trigger in triggered:
        key = f"{trigger}:{step.kind}:{step.seq}:{step.due_at.isoformat()}"
        if trigger is Trigger.OVERDUE:
            messages.append(_escalation(step, key, escalate_to[step.job_centre_id]))
        else:
            messages.append(_reminder(step, key))
    queue_addressed(session, messages, now)


def _escalation(step: DueStep, key: str, to: str) -> Outgoing:
    return step.mail.message(
        MessageKind.OVERDUE_ESCALATION,
        [to],
        key,
        step_label=STEP_LABELS[step.kind],
        due=step.due_at,
        consultant_name=step.consultant_name,
    )


def _reminder(step: DueStep, key: str) -> Outgoing:
    kind = REMINDER_KINDS.get(step.kind, MessageKind.REMINDER)
    extra: dict[str, Any] = {"due": step.due_at}
    if step.kind is StepKind.REVIEW:
        extra["review_number"] = step.seq
    elif step.kind is StepKind.ACTION:
        extra["action_number"] = step.seq
        # A name might be the employee's: only roles are written out.
        extra["owner_role"] = OWNER_LABELS.get(step.owner or "", "den aftalte ansvarlige")
    else:
        extra["step_label"] = STEP_LABELS[step.kind]
    return step.mail.message(kind, [step.consultant_email], key, **extra)
