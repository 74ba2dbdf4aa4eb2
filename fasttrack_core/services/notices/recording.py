"""Who is told what when a consultant records an event (SPEC §4, §6): the consultant's next
tasks, and the meeting invitations to every participant."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlmodel import Session

from fasttrack_core.domain.effects import Invitation
from fasttrack_core.domain.vocabulary import (
    ROLE_LABELS,
    EventKind,
    Language,
    ParticipantRole,
    StepKind,
)
from fasttrack_core.models import Step
from fasttrack_core.notify.invitations import Attendee, Meeting, invitation
from fasttrack_core.notify.kinds import MessageKind
from fasttrack_core.notify.outbox import Attachment, Outgoing, messages_off
from fasttrack_core.services.notices.case_mail import CaseMail, queue_addressed
from fasttrack_core.services.timeline import outstanding

MEETINGS = {
    Language.DA: {
        StepKind.FIRST_FOLLOWUP: "første opfølgningssamtale",
        StepKind.ROUNDTABLE: "rundbordssamtale",
    },
    Language.EN: {
        StepKind.FIRST_FOLLOWUP: "first follow-up talk",
        StepKind.ROUNDTABLE: "roundtable talk",
    },
}
DESCRIPTIONS = {
    Language.DA: "Fast track-sag {reference}. Om Fast track: {link}",
    Language.EN: "Fast track case {reference}. About Fast track: {link}",
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
    if messages_off(session):
        return
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
    named by role only. A summons (the employee takes part) has its dispatch recorded and reaches
    the employee in the case's language: by e-mail, or as a letter without an address."""
    version = booked.meeting
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
    summoned = {p["email"] for p in participants if p["role"] == ParticipantRole.EMPLOYEE}
    others = [a.email for a in attendees if a.email not in summoned]
    key = f"{booked.step}:invitation:{booked.sequence}"
    invite = _MeetingMail(mail, booked, sender, now, with_location, attendees)
    if not summoned:
        return [invite.message(Language.DA, others, key)]
    if summoned == {None}:  # no address: the others get the invitation, the employee a letter
        letter = mail.to_employee(
            MessageKind.MEETING_INVITATION, None, key, **invite.context(mail.language)
        )
        return [invite.message(Language.DA, others, key), letter]
    employee = sorted(e for e in summoned if e)
    if mail.language is Language.DA:
        return [replace(invite.message(Language.DA, employee + others, key), proof=True)]
    summons = invite.message(mail.language, employee, f"{key}:{mail.language}")
    return [invite.message(Language.DA, others, key), replace(summons, proof=True)]


class _MeetingMail:
    """One meeting's invitation, in a language: the message and its iCalendar attachment."""

    def __init__(
        self,
        mail: CaseMail,
        booked: Invitation,
        sender: str,
        now: datetime,
        with_location: bool,
        attendees: list[Attendee],
    ) -> None:
        self.mail, self.booked, self.sender, self.now = mail, booked, sender, now
        self.location = booked.meeting.location if with_location else None
        self.attendees = attendees

    def context(self, language: Language) -> dict[str, Any]:
        version, booked = self.booked.meeting, self.booked
        return {
            "link": self.mail.public_link,
            "meeting": MEETINGS[language][booked.step],
            "starts_at": version.starts_at,
            "minutes": version.minutes,
            "location": self.location,
            "change": "cancelled" if booked.cancelled else ("moved" if booked.sequence else "new"),
        }

    def message(self, language: Language, recipients: list[str], key: str) -> Outgoing:
        context = self.context(language)
        version, reference = self.booked.meeting, self.mail.reference
        ics = invitation(
            Meeting(
                uid=f"{reference}-{self.booked.step}@fasttrack",
                sequence=self.booked.sequence,
                summary=f"{context['meeting'].capitalize()} · {reference}",
                starts_at=version.starts_at,
                minutes=version.minutes,
                location=self.location,
                description=DESCRIPTIONS[language].format(
                    reference=reference, link=self.mail.public_link
                ),
                organizer=self.sender,
                attendees=self.attendees,
            ),
            stamp=self.now,
            cancelled=self.booked.cancelled,
        )
        method = "CANCEL" if self.booked.cancelled else "REQUEST"
        message = replace(
            self.mail.message(MessageKind.MEETING_INVITATION, recipients, key, **context),
            language=language,
        )
        content_type = f"text/calendar; method={method}; charset=utf-8"
        return replace(message, attachments=(Attachment("invite.ics", content_type, ics),))
