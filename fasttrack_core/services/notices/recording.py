"""Who is told what when a consultant records an event (SPEC §4, §6): the consultant's next
tasks, and the meeting invitations to every participant."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlmodel import Session

from fasttrack_core.domain.vocabulary import ROLE_LABELS, ParticipantRole, StepKind
from fasttrack_core.notify.invitations import Attendee, Meeting, invitation
from fasttrack_core.notify.kinds import MessageKind
from fasttrack_core.notify.outbox import Attachment
from fasttrack_core.services.notices.case_mail import CaseMail, queue_addressed

MEETINGS = {
    StepKind.FIRST_FOLLOWUP: "første opfølgningssamtale",
    StepKind.ROUNDTABLE: "rundbordssamtale",
}


def queue_after_acceptance(
    session: Session,
    mail: CaseMail,
    consultant_email: str | None,
    followup_due: datetime | None,
    statement_due: datetime | None,
    now: datetime,
) -> None:
    """The employee said yes: the consultant is to book the first talk and to ask for the
    doctor's statement, unless they have already happened (None)."""
    messages = []
    if followup_due is not None:
        messages.append(
            mail.message(
                MessageKind.BOOK_FOLLOWUP,
                [consultant_email],
                MessageKind.BOOK_FOLLOWUP,
                due=followup_due,
                declined=False,
            )
        )
    if statement_due is not None:
        messages.append(
            mail.message(
                MessageKind.REQUEST_DOCTOR_STATEMENT,
                [consultant_email],
                MessageKind.REQUEST_DOCTOR_STATEMENT,
                due=statement_due,
            )
        )
    queue_addressed(session, messages, now)


def queue_after_decline(
    session: Session,
    mail: CaseMail,
    consultant_email: str | None,
    followup_due: datetime,
    now: datetime,
) -> None:
    """The employee said no: the consultant is still to book the first talk, by its later
    deadline (§ 13 b, stk. 3)."""
    message = mail.message(
        MessageKind.BOOK_FOLLOWUP,
        [consultant_email],
        MessageKind.BOOK_FOLLOWUP,
        due=followup_due,
        declined=True,
    )
    queue_addressed(session, [message], now)


def queue_after_first_talk(
    session: Session,
    mail: CaseMail,
    consultant_email: str | None,
    due: datetime,
    specialist: str | None,
    empowerment_due: datetime | None,
    now: datetime,
) -> None:
    """The first talk was held: the consultant is to book the roundtable (with the suggested
    specialist, and the empowerment talk first where the policy has one)."""
    message = mail.message(
        MessageKind.BOOK_ROUNDTABLE,
        [consultant_email],
        MessageKind.BOOK_ROUNDTABLE,
        due=due,
        specialist=specialist,
        empowerment_due=empowerment_due,
    )
    queue_addressed(session, [message], now)


@dataclass(frozen=True)
class MeetingVersion:
    """One version of a booked meeting, as recorded in a `*_booked` event."""

    starts_at: datetime
    minutes: int
    location: str | None
    participants: Sequence[Mapping[str, Any]]


def queue_meeting_invitation(
    session: Session,
    mail: CaseMail,
    step: StepKind,
    booking: MeetingVersion,
    sequence: int,
    cancelled: bool,
    sender: str,
    now: datetime,
) -> None:
    """An iCalendar invitation to every participant with an address: new, moved (same UID,
    higher SEQUENCE), or cancelled (METHOD:CANCEL). Participants are named by role only."""
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
        stamp=now,
        cancelled=cancelled,
    )
    method = "CANCEL" if cancelled else "REQUEST"
    change = "cancelled" if cancelled else ("moved" if sequence else "new")
    message = mail.message(
        MessageKind.MEETING_INVITATION,
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
    queue_addressed(session, [replace(message, attachments=(attachment,))], now)
