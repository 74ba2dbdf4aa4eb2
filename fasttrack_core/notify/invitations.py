"""Meeting invitations as iCalendar (RFC 5545), built with the maintained `icalendar` library."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vText,
)

from fasttrack_core.domain.calendar import COPENHAGEN


@dataclass(frozen=True)
class Attendee:
    role_label: str  # shown instead of a name: no personal data leaves in the invitation
    email: str


@dataclass(frozen=True)
class Meeting:
    uid: str  # the same for every version of one meeting
    sequence: int  # 0 for the first invitation, one more per change
    summary: str
    starts_at: datetime
    minutes: int
    location: str | None
    description: str
    organizer: str  # the sender's address
    attendees: Sequence[Attendee]


def _copenhagen() -> Timezone:
    """Europe/Copenhagen as mail clients write it: CET/CEST by the EU rule since 1996 (the last
    Sundays of March and October), rather than a list of every transition since 1970."""
    zone = Timezone()
    zone.add("tzid", "Europe/Copenhagen")
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("dtstart", datetime(1996, 3, 31, 2, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    summer.add("tzoffsetfrom", timedelta(hours=1))
    summer.add("tzoffsetto", timedelta(hours=2))
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("dtstart", datetime(1996, 10, 27, 3, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    winter.add("tzoffsetfrom", timedelta(hours=2))
    winter.add("tzoffsetto", timedelta(hours=1))
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def invitation(meeting: Meeting, stamp: datetime, cancelled: bool = False) -> str:
    """METHOD:REQUEST for a new or moved meeting, METHOD:CANCEL for a cancelled one."""
    calendar = Calendar()
    calendar.add("prodid", "-//fasttrack//Fast track//DA")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", stamp)
    start = meeting.starts_at.astimezone(COPENHAGEN)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=meeting.minutes))
    event.add("summary", meeting.summary)
    event.add("description", meeting.description)
    if meeting.location:
        event.add("location", meeting.location)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{meeting.organizer}")
    organizer.params["cn"] = vText("Jobcentret")
    event["organizer"] = organizer
    for attendee in meeting.attendees:
        address = vCalAddress(f"mailto:{attendee.email}")
        address.params["cn"] = vText(attendee.role_label)
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("TRUE")
        event.add("attendee", address, encode=False)
    calendar.add_component(_copenhagen())
    calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical.decode("utf-8")
