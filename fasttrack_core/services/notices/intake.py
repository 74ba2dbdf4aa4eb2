"""Who is told that a case has been opened (SPEC §3, §6)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlmodel import Session

from fasttrack_core.domain.vocabulary import STEP_LABELS, StepKind
from fasttrack_core.notify.kinds import MessageKind
from fasttrack_core.notify.outbox import messages_off
from fasttrack_core.services.notices.case_mail import CaseMail, queue_addressed


def queue_intake_notices(
    session: Session,
    mail: CaseMail,
    *,
    employee_email: str | None,
    leader_emails: Sequence[str | None],
    consultant_name: str,
    consultant_email: str,
    due: Mapping[StepKind, datetime],
    suggested_specialist: str | None,
    requested_by_employer: bool,
    declined: bool,
    now: datetime,
    personal_link: str | None = None,
    employer_link: str | None = None,
) -> None:
    """The notice to the employee (a letter when there is no e-mail address; its dispatch is
    recorded) and the receipt to the leader and HR (the leaflet: both link to the page about Fast
    track); the assigned consultant's new case with its outstanding deadlines (`due`), and, while
    the employee's answer is awaited, the task to call the employee. The notice asks for an answer
    only then (BEK 1710/2024 § 4: an employer's request); `declined`: the request carries the
    employee's no; `personal_link`: the employee's own way in (issue 15), the notice's button,
    the page about Fast track then in the text; `employer_link`: the leader's and HR's way to
    book the roundtable, in their receipt. One statement: intake is hot."""
    if messages_off(session):
        return
    answer_due = due.get(StepKind.ACCEPTANCE)
    messages = [
        mail.to_employee(
            MessageKind.EMPLOYEE_NOTICE,
            employee_email,
            MessageKind.EMPLOYEE_NOTICE,
            link=personal_link or mail.public_link,
            info_link=mail.public_link,
            personal=personal_link is not None,
            answer_due=answer_due,
            first_followup_due=due[StepKind.FIRST_FOLLOWUP],
            requested_by_employer=requested_by_employer,
            declined=declined,
        ),
        mail.for_citizen(
            MessageKind.LEADER_RECEIPT,
            leader_emails,
            MessageKind.LEADER_RECEIPT,
            link=employer_link or mail.public_link,
            info_link=mail.public_link,
            personal=employer_link is not None,
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
    ]
    if answer_due is not None:
        messages.append(
            mail.message(
                MessageKind.CALL_EMPLOYEE,
                [consultant_email],
                MessageKind.CALL_EMPLOYEE,
                due=answer_due,
            )
        )
    queue_addressed(session, messages, now)
