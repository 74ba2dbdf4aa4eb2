"""Fast track on concern (issue 16): a request before or at the start of absence, when the leader,
the employee or a GP (with the employee's consent) is concerned. The inspiration catalogue asks
for Fast track also at «bekymring for sygemelding»; Vordingborg's GPs refer patients at risk (with
consent, feedback to the GP); Kolding's retention phone takes calls «ved risiko for sygemelding».

Its own steps, each due from the concern's arrival (`Policy.concern_*`, defaults in `law`):
contact (working days), a talk, an agreed effort; in that order. It may become a Fast track case
when the person is sick-listed and the absence is expected to last more than 8 weeks: then the
ordinary request rules apply (`domain/intake.py`), and the concern's timeline goes with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from fasttrack_core.domain.calendar import (
    HolidayCalendar,
    add_working_days,
    end_of_day,
    local_date,
)
from fasttrack_core.domain.policy import Policy
from fasttrack_core.domain.vocabulary import Channel, EventKind, Requester


class ConcernSource(StrEnum):
    LEADER = "leader"
    EMPLOYEE = "employee"
    DOCTOR = "doctor"  # the employee's GP, with the employee's consent (Vordingborg)


class ConcernStatus(StrEnum):
    OPEN = "open"
    CONTACTED = "contacted"
    TALK_HELD = "talk_held"
    EFFORT_AGREED = "effort_agreed"
    CONVERTED = "converted"  # became a Fast track case
    CLOSED = "closed"


class ConcernOutcome(StrEnum):
    RESOLVED = "resolved"  # the effort helped; no sick leave, or a short one
    NO_NEED = "no_need"
    OTHER = "other"


SOURCE_LABELS: dict[ConcernSource, str] = {
    ConcernSource.LEADER: "Leder",
    ConcernSource.EMPLOYEE: "Medarbejder",
    ConcernSource.DOCTOR: "Egen læge (med medarbejderens samtykke)",
}
STATUS_LABELS: dict[ConcernStatus, str] = {
    ConcernStatus.OPEN: "Modtaget, afventer kontakt",
    ConcernStatus.CONTACTED: "Kontaktet, afventer samtale",
    ConcernStatus.TALK_HELD: "Samtale holdt, afventer aftalt indsats",
    ConcernStatus.EFFORT_AGREED: "Indsats aftalt",
    ConcernStatus.CONVERTED: "Overgået til Fast track-sag",
    ConcernStatus.CLOSED: "Afsluttet",
}

# What a consultant records on a concern, the status it needs, and the status after it.
STEPS: dict[EventKind, tuple[ConcernStatus, ConcernStatus]] = {
    EventKind.CONCERN_CONTACTED: (ConcernStatus.OPEN, ConcernStatus.CONTACTED),
    EventKind.CONCERN_TALK_HELD: (ConcernStatus.CONTACTED, ConcernStatus.TALK_HELD),
    EventKind.CONCERN_EFFORT_AGREED: (ConcernStatus.TALK_HELD, ConcernStatus.EFFORT_AGREED),
}
FINISHED = (ConcernStatus.CONVERTED, ConcernStatus.CLOSED)

# Who asks, once the concern becomes a Fast track case: the leader asks as the employer (§ 7 c);
# the employee, or the GP on the employee's behalf, as the employee's own request (§ 7 e).
REQUESTER_OF: dict[ConcernSource, Requester] = {
    ConcernSource.LEADER: Requester.EMPLOYER,
    ConcernSource.EMPLOYEE: Requester.EMPLOYEE,
    ConcernSource.DOCTOR: Requester.EMPLOYEE,
}


@dataclass(frozen=True)
class ConcernDeadlines:
    contact: datetime
    talk: datetime
    effort: datetime


def deadlines(policy: Policy, received_at: datetime, calendar: HolidayCalendar) -> ConcernDeadlines:
    contact_day = add_working_days(local_date(received_at), policy.concern_contact_days, calendar)
    return ConcernDeadlines(
        end_of_day(contact_day),
        policy.concern_talk.due_from(received_at, calendar),
        policy.concern_effort.due_from(received_at, calendar),
    )


def step_refusal(status: ConcernStatus, kind: EventKind) -> str | None:
    """Why `kind` cannot be recorded now (Danish), or None."""
    if status in FINISHED:
        return "Bekymringssagen er afsluttet eller overgået til Fast track; intet kan registreres."
    if kind in STEPS and STEPS[kind][0] is not status:
        needed = STATUS_LABELS[STEPS[kind][0]].lower()
        return f"Det kan først registreres, når sagen er: {needed}."
    return None


def channel_of(source: ConcernSource, channel: Channel) -> Channel:
    """A GP's referral is the doctor channel whatever way it came (SPEC §3; Vordingborg)."""
    return Channel.DOCTOR if source is ConcernSource.DOCTOR else channel
