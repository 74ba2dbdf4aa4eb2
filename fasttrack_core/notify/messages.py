"""Which emails each use case sends (SPEC §6), and what they may say.

Every message names the case reference, the step, the deadline and a link; never the employee's
name, CPR number, cause or the answers to the three questions (ARCHITECTURE invariant 5).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from fasttrack_core.domain.sweep import Trigger
from fasttrack_core.domain.vocabulary import (
    OWNER_LABELS,
    ROLE_LABELS,
    STEP_LABELS,
    ParticipantRole,
    StepKind,
)
from fasttrack_core.notify.invitations import Attendee, Meeting, invitation
from fasttrack_core.notify.outbox import Attachment, Outgoing, queue
from fasttrack_core.presentation.links import case_url, public_info_url

MEETINGS = {
    StepKind.FIRST_FOLLOWUP: "første opfølgningssamtale",
    StepKind.ROUNDTABLE: "rundbordssamtale",
}
# A reminder about these steps has its own task email; every other step gets the plain reminder.
REMINDER_KINDS = {StepKind.REVIEW: "review_due", StepKind.ACTION: "action_due"}


@dataclass(frozen=True)
class CaseMail:
    """What every message about one case carries, and how it is queued."""

    case_id: int
    reference: str
    job_centre: str
    base_url: str

    @property
    def link(self) -> str:
        """The case page, for the job centre's staff (it needs signing in)."""
        return case_url(self.base_url, self.reference)

    @property
    def public_link(self) -> str:
        """The page about Fast track, for the employee, the leader and other participants."""
        return public_info_url(self.base_url)

    def message(
        self, kind: str, recipients: Sequence[str | None], key: str, **context: Any
    ) -> Outgoing:
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

    def queue(self, session: Session, messages: Sequence[Outgoing], now: datetime) -> None:
        """Queue the messages that have someone to go to."""
        queue(session, [m for m in messages if m.recipients], now)


def intake_messages(
    mail: CaseMail,
    *,
    employee_email: str,
    leader_emails: Sequence[str | None],
    consultant_name: str,
    consultant_email: str,
    due: Mapping[StepKind, datetime],
    suggested_specialist: str | None,
    requested_by_employer: bool,
) -> list[Outgoing]:
    """The notice to the employee and the receipt to leader/HR (leaflet); the consultant's
    first tasks."""
    return [
        mail.message(
            "employee_notice",
            [employee_email],
            "employee_notice",
            link=mail.public_link,
            answer_due=due[StepKind.ACCEPTANCE],
            first_followup_due=due[StepKind.FIRST_FOLLOWUP],
            requested_by_employer=requested_by_employer,
        ),
        mail.message(
            "leader_receipt",
            leader_emails,
            "leader_receipt",
            link=mail.public_link,
            first_followup_due=due[StepKind.FIRST_FOLLOWUP],
        ),
        mail.message(
            "case_assigned",
            [consultant_email],
            f"case_assigned:{consultant_email}",
            consultant_name=consultant_name,
            steps=[
                {"label": STEP_LABELS[kind], "due": at}
                for kind, at in sorted(due.items(), key=lambda item: item[1])
                if kind != StepKind.NOTICE
            ],
            suggested_specialist=suggested_specialist,
        ),
        mail.message(
            "call_employee", [consultant_email], "call_employee", due=due[StepKind.ACCEPTANCE]
        ),
    ]


def accepted_messages(
    mail: CaseMail,
    consultant_email: str | None,
    followup_due: datetime | None,
    statement_due: datetime | None,
) -> list[Outgoing]:
    """Book the first talk and ask for the doctor's statement, unless they have happened."""
    messages = []
    if followup_due is not None:
        messages.append(
            mail.message(
                "book_followup",
                [consultant_email],
                "book_followup",
                due=followup_due,
                declined=False,
            )
        )
    if statement_due is not None:
        messages.append(
            mail.message(
                "request_doctor_statement",
                [consultant_email],
                "request_doctor_statement",
                due=statement_due,
            )
        )
    return messages


def declined_messages(
    mail: CaseMail, consultant_email: str | None, followup_due: datetime
) -> list[Outgoing]:
    return [
        mail.message(
            "book_followup", [consultant_email], "book_followup", due=followup_due, declined=True
        )
    ]


def roundtable_messages(
    mail: CaseMail,
    consultant_email: str | None,
    due: datetime,
    specialist: str | None,
    empowerment_due: datetime | None,
) -> list[Outgoing]:
    return [
        mail.message(
            "book_roundtable",
            [consultant_email],
            "book_roundtable",
            due=due,
            specialist=specialist,
            empowerment_due=empowerment_due,
        )
    ]


@dataclass(frozen=True)
class MeetingVersion:
    """One version of a booked meeting, as recorded in a `*_booked` event."""

    starts_at: datetime
    minutes: int
    location: str | None
    participants: Sequence[Mapping[str, Any]]


def invitation_messages(
    mail: CaseMail,
    step: StepKind,
    booking: MeetingVersion,
    sequence: int,
    cancelled: bool,
    sender: str,
    stamp: datetime,
) -> list[Outgoing]:
    """An iCalendar invitation to every participant: new, moved (same UID, higher SEQUENCE), or
    cancelled (METHOD:CANCEL)."""
    attendees = [
        Attendee(ROLE_LABELS[ParticipantRole(p["role"])], p["email"])
        for p in booking.participants
        if p.get("email")
    ]
    meeting = MEETINGS[step]
    ics = invitation(
        Meeting(
            uid=f"{mail.reference}-{step}@fasttrack",
            sequence=sequence,
            summary=f"{meeting.capitalize()} · {mail.reference}",
            starts_at=booking.starts_at,
            minutes=booking.minutes,
            location=booking.location,
            description=f"Fast track-sag {mail.reference}. Om Fast track: {mail.public_link}",
            organizer=sender,
            attendees=attendees,
        ),
        stamp=stamp,
        cancelled=cancelled,
    )
    method = "CANCEL" if cancelled else "REQUEST"
    change = "cancelled" if cancelled else ("moved" if sequence else "new")
    message = mail.message(
        "meeting_invitation",
        [a.email for a in attendees],
        f"{step}:invitation:{sequence}",
        link=mail.public_link,
        meeting=meeting,
        starts_at=booking.starts_at,
        minutes=booking.minutes,
        location=booking.location,
        change=change,
    )
    attachment = Attachment("invite.ics", f"text/calendar; method={method}; charset=utf-8", ics)
    return [Outgoing(message.kind, message.recipients, message.key, message.context, (attachment,))]


@dataclass(frozen=True)
class DueStep:
    """A step the sweep found, with what its messages need."""

    kind: StepKind
    seq: int
    due_at: datetime
    owner: str | None
    consultant_name: str | None
    consultant_email: str | None
    team_lead_email: str | None


def trigger_messages(mail: CaseMail, step: DueStep, trigger: Trigger) -> list[Outgoing]:
    """A reminder to the consultant before the deadline; an escalation to the team lead after."""
    key = f"{trigger}:{step.kind}:{step.seq}:{step.due_at.isoformat()}"
    if trigger is Trigger.OVERDUE:
        return [
            mail.message(
                "overdue_escalation",
                [step.team_lead_email],
                key,
                step_label=STEP_LABELS[step.kind],
                due=step.due_at,
                consultant_name=step.consultant_name,
            )
        ]
    kind = REMINDER_KINDS.get(step.kind, "reminder")
    extra: dict[str, Any] = {"due": step.due_at}
    if step.kind is StepKind.REVIEW:
        extra["review_number"] = step.seq
    elif step.kind is StepKind.ACTION:
        extra["action_number"] = step.seq
        # A name might be the employee's: only roles are written out.
        extra["owner_role"] = OWNER_LABELS.get(step.owner or "", "den aftalte ansvarlige")
    else:
        extra["step_label"] = STEP_LABELS[step.kind]
    return [mail.message(kind, [step.consultant_email], key, **extra)]
