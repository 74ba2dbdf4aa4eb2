"""Who is told what when a consultant records an event (SPEC §4, §6): the consultant's next
tasks, and the meeting invitations to every participant."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlmodel import Session

from fasttrack_core.domain.effects import Invitation
from fasttrack_core.domain.vocabulary import ROLE_LABELS, EventKind, ParticipantRole, StepKind
from fasttrack_core.models import Step
from fasttrack_core.notify.invitations import Attendee, Meeting, invitation
from fasttrack_core.notify.kinds import MessageKind
from fasttrack_core.notify.outbox import Attachment, Outgoing
from fasttrack_core.services.notices.case_mail import CaseMail, queue_addressed
from fasttrack_core.services.timeline import outstanding

MEETINGS = {
    StepKind.FIRST_FOLLOWUP: "første opfølgningssamtale",
    StepKind.ROUNDTABLE: "rundbordssamtale",
}


def queue_event_notices(
    session: Session,
    mail: CaseMail,
    event: EventKind,
    *,
    consultant_email: str | None,
    steps: list[Step],
    specialist: str | None,
    invitation: Invitation | None,
    sender: str,
    now: datetime,
    employee_email: str | None = None,
    with_location: bool = False,
) -> None:
    """What the event tells whom, once its effects are applied (`steps` as they are now):
    - accepted: the consultant is to book the first talk and to ask for the doctor's statement,
      unless they have already happened;
    - declined: the consultant is still to book the first talk, by its later deadline
      (§ 13 b, stk. 3);
    - first talk held: the consultant is to book the roundtable (with the suggested
      `specialist`, and the empowerment talk first where the policy has one);
    - a meeting booked, moved or cancelled (`invitation`): an iCalendar invitation to every
      participant with an address, from `sender`; the meeting place only `with_location` (a
      job centre's policy: it is free text). Where the employee takes part it is a summons: its
      dispatch is recorded, and it goes to the case's `employee_email` when the participant
      has none, or as a letter when the case has none either."""
    messages: list[Outgoing] = []
    match event:
        case EventKind.ACCEPTED:
            messages += _after_acceptance(mail, consultant_email, steps)
        case EventKind.DECLINED:
            messages += _after_decline(mail, consultant_email, steps)
        case EventKind.FOLLOWUP_HELD:
            messages += _after_first_talk(mail, consultant_email, steps, specialist)
    if invitation is not None:
        messages += _invitation(mail, invitation, sender, now, with_location, employee_email)
    queue_addressed(session, messages, now)


def _after_acceptance(
    mail: CaseMail, consultant_email: str | None, steps: list[Step]
) -> list[Outgoing]:
    messages = []
    followup = outstanding(steps, StepKind.FIRST_FOLLOWUP)
    if followup:
        messages.append(
            mail.message(
                MessageKind.BOOK_FOLLOWUP,
                [consultant_email],
                MessageKind.BOOK_FOLLOWUP,
                due=followup[0].due_at,
                declined=False,
            )
        )
    statement = outstanding(steps, StepKind.DOCTOR_STATEMENT)
    if statement:
        messages.append(
            mail.message(
                MessageKind.REQUEST_DOCTOR_STATEMENT,
                [consultant_email],
                MessageKind.REQUEST_DOCTOR_STATEMENT,
                due=statement[0].due_at,
            )
        )
    return messages


def _after_decline(
    mail: CaseMail, consultant_email: str | None, steps: list[Step]
) -> list[Outgoing]:
    return [
        mail.message(
            MessageKind.BOOK_FOLLOWUP,
            [consultant_email],
            MessageKind.BOOK_FOLLOWUP,
            due=step.due_at,
            declined=True,
        )
        for step in outstanding(steps, StepKind.FIRST_FOLLOWUP)
    ]


def _after_first_talk(
    mail: CaseMail, consultant_email: str | None, steps: list[Step], specialist: str | None
) -> list[Outgoing]:
    roundtable = outstanding(steps, StepKind.ROUNDTABLE)
    if not roundtable:  # after a decline there is no roundtable
        return []
    empowerment = outstanding(steps, StepKind.EMPOWERMENT_TALK)
    return [
        mail.message(
            MessageKind.BOOK_ROUNDTABLE,
            [consultant_email],
            MessageKind.BOOK_ROUNDTABLE,
            due=roundtable[0].due_at,
            specialist=specialist,
            empowerment_due=empowerment[0].due_at if empowerment else None,
        )
    ]


def _invitation(
    mail: CaseMail,
    booked: Invitation,
    sender: str,
    now: datetime,
    with_location: bool,
    employee_email: str | None,
) -> list[Outgoing]:
    """New, moved (same UID, higher SEQUENCE), or cancelled (METHOD:CANCEL). Participants are
    named by role only."""
    version = booked.meeting
    location = version.location if with_location else None
    summons = any(p["role"] == ParticipantRole.EMPLOYEE for p in version.participants)
    participants = [
        {**p, "email": employee_email}
        if p["role"] == ParticipantRole.EMPLOYEE and not p.get("email")
        else p
        for p in version.participants
    ]
    attendees = [
        Attendee(ROLE_LABELS[ParticipantRole(p["role"])], p["email"])
        for p in participants
        if p.get("email")
    ]
    meeting = MEETINGS[booked.step]
    ics = invitation(
        Meeting(
            uid=f"{mail.reference}-{booked.step}@fasttrack",
            sequence=booked.sequence,
            summary=f"{meeting.capitalize()} · {mail.reference}",
            starts_at=version.starts_at,
            minutes=version.minutes,
            location=location,
            description=f"Fast track-sag {mail.reference}. Om Fast track: {mail.public_link}",
            organizer=sender,
            attendees=attendees,
        ),
        stamp=now,
        cancelled=booked.cancelled,
    )
    method = "CANCEL" if booked.cancelled else "REQUEST"
    change = "cancelled" if booked.cancelled else ("moved" if booked.sequence else "new")
    key = f"{booked.step}:invitation:{booked.sequence}"
    context = {
        "link": mail.public_link,
        "meeting": meeting,
        "starts_at": version.starts_at,
        "minutes": version.minutes,
        "location": location,
        "change": change,
    }
    message = mail.message(
        MessageKind.MEETING_INVITATION, [a.email for a in attendees], key, **context
    )
    attachment = Attachment("invite.ics", f"text/calendar; method={method}; charset=utf-8", ics)
    invited = replace(message, attachments=(attachment,), proof=summons)
    employee_invited = any(
        p["role"] == ParticipantRole.EMPLOYEE and p.get("email") for p in participants
    )
    if not summons or employee_invited:
        return [invited]
    # The employee has no e-mail address: the others get the invitation, the employee a letter.
    return [
        replace(invited, proof=False),
        mail.to_employee(MessageKind.MEETING_INVITATION, None, key, **context),
    ]
