"""Who is told that a case has been opened (SPEC §3, §6)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlmodel import Session

from fasttrack_core.domain.vocabulary import STEP_LABELS, StepKind
from fasttrack_core.notify.kinds import MessageKind
from fasttrack_core.services.notices.case_mail import CaseMail, queue_addressed


def queue_intake_notices(
    session: Session,
    mail: CaseMail,
    *,
    employee_email: str,
    leader_emails: Sequence[str | None],
    consultant_name: str,
    consultant_email: str,
    due: Mapping[StepKind, datetime],
    suggested_specialist: str | None,
    requested_by_employer: bool,
    now: datetime,
) -> None:
    """The notice to the employee and the receipt to the leader and HR (the leaflet: both link
    to the page about Fast track); the assigned consultant's new case with its deadlines, and
    the task to call the employee. One statement: intake is hot."""
    messages = [
        mail.message(
            MessageKind.EMPLOYEE_NOTICE,
            [employee_email],
            MessageKind.EMPLOYEE_NOTICE,
            link=mail.public_link,
            answer_due=due[StepKind.ACCEPTANCE],
            first_followup_due=due[StepKind.FIRST_FOLLOWUP],
            requested_by_employer=requested_by_employer,
        ),
        mail.message(
            MessageKind.LEADER_RECEIPT,
            leader_emails,
            MessageKind.LEADER_RECEIPT,
            link=mail.public_link,
            first_followup_due=due[StepKind.FIRST_FOLLOWUP],
        ),
        mail.message(
            MessageKind.CASE_ASSIGNED,
            [consultant_email],
            f"{MessageKind.CASE_ASSIGNED}:{consultant_email}",
            consultant_name=consultant_name,
            steps=[
                {"label": STEP_LABELS[kind], "due": at}
                for kind, at in sorted(due.items(), key=lambda item: item[1])
                if kind != StepKind.NOTICE
            ],
            suggested_specialist=suggested_specialist,
        ),
        mail.message(
            MessageKind.CALL_EMPLOYEE,
            [consultant_email],
            MessageKind.CALL_EMPLOYEE,
            due=due[StepKind.ACCEPTANCE],
        ),
    ]
    queue_addressed(session, messages, now)
