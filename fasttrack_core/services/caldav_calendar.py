"""A consultant's own calendar over CalDAV (issue 15): its busy times are taken out of the free
times, and a meeting the employee books here is written there (moved: rewritten under the same
UID; cancelled: removed).

The account is configured per consultant (`caldav = { url, username, password_env }`); the
password is read from the environment variable named, never stored. A calendar that cannot be
reached does not stop the employee: the free times are then those of this system alone, and the
failure is logged (the exception's type only: no addresses, no names).
"""

from __future__ import annotations

import contextlib
import logging
import os
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import caldav
import requests
from caldav.lib.error import DAVError, NotFoundError
from icalendar import Calendar, Event

from fasttrack_core.domain.booking import Span
from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.models import ConsultantCalendar

log = logging.getLogger(__name__)
TIMEOUT_S = 10
_FAILURES = (DAVError, requests.RequestException, OSError, ValueError)


@dataclass(frozen=True)
class CalDavAccount:
    url: str  # the calendar collection
    username: str | None
    password: str | None

    @classmethod
    def of(cls, row: ConsultantCalendar | None) -> CalDavAccount | None:
        if row is None or not row.caldav_url:
            return None
        password = os.environ.get(row.caldav_password_env) if row.caldav_password_env else None
        return cls(row.caldav_url, row.caldav_username, password)

    def calendar(self) -> caldav.Calendar:
        client = caldav.DAVClient(
            url=self.url, username=self.username, password=self.password, timeout=TIMEOUT_S
        )
        calendar: caldav.Calendar = client.calendar(url=self.url)  # type: ignore[no-untyped-call]
        return calendar


def _moment(value: date | datetime) -> datetime:
    """A calendar time as an aware datetime (a date, all day: its Danish midnight)."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=COPENHAGEN)
    return datetime.combine(value, time(0, 0), tzinfo=COPENHAGEN)


def busy_times(account: CalDavAccount, start: datetime, end: datetime) -> list[Span]:
    """The busy times in the calendar between `start` and `end` (recurring events expanded;
    events marked free, TRANSP:TRANSPARENT, left out)."""
    try:
        found: list[caldav.CalendarObjectResource] = account.calendar().search(
            start=start, end=end, event=True, expand=True
        )
        spans = []
        for item in found:
            for event in item.icalendar_instance.walk("VEVENT"):
                if str(event.get("transp", "")).upper() == "TRANSPARENT":
                    continue
                begins = event.decoded("dtstart")
                if "dtend" in event:
                    ends = event.decoded("dtend")
                elif isinstance(begins, datetime):
                    ends = begins + event.decoded("duration", timedelta(0))
                else:
                    ends = begins + timedelta(days=1)
                spans.append(Span(_moment(begins), _moment(ends)))
        return spans
    except _FAILURES as exc:
        reason = type(exc).__name__
        log.warning("CalDAV: kalenderen kunne ikke læses (%s); ledige tider uden den", reason)
        return []


def meeting_uid(reference: str, step: str) -> str:
    """The meeting's UID: the same as its e-mailed invitation's, so both are one meeting."""
    return f"{reference}-{step}@fasttrack"


def write_meeting(
    account: CalDavAccount,
    uid: str,
    summary: str,
    starts_at: datetime | None,
    minutes: int,
    stamp: datetime,
) -> bool:
    """Put the meeting in the calendar (again, when moved), or take it out (`starts_at` None:
    cancelled). Whether the calendar took it."""
    try:
        calendar = account.calendar()
        if starts_at is None:
            with contextlib.suppress(NotFoundError):  # not there: nothing to take out
                calendar.event_by_uid(uid).delete()
            return True
        document = Calendar()
        document.add("prodid", "-//fasttrack//Fast track//DA")
        document.add("version", "2.0")
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", starts_at.astimezone(COPENHAGEN))
        event.add("dtend", starts_at.astimezone(COPENHAGEN) + timedelta(minutes=minutes))
        event.add("summary", summary)
        document.add_component(event)
        calendar.save_event(document.to_ical().decode("utf-8"))
        return True
    except _FAILURES as exc:
        log.warning("CalDAV: mødet kunne ikke skrives i kalenderen (%s)", type(exc).__name__)
        return False
