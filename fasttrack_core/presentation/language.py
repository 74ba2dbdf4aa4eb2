"""The languages a citizen or a leader reads (issue 15, item 4): Danish, and English where the
request or the page chooses it; staff pages and messages stay Danish. English dates and times,
as the English messages show them (Danish local time, as everywhere)."""

from __future__ import annotations

from datetime import date, datetime

from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.domain.vocabulary import Language

__all__ = ["Language", "english_date", "english_deadline", "english_time"]


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # fmt: skip


def english_date(value: date | datetime) -> str:
    """ "Tuesday 7 April 2026" (a datetime is first taken to Danish local time)."""
    day = value.astimezone(COPENHAGEN).date() if isinstance(value, datetime) else value
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def english_time(value: datetime) -> str:
    """ "Tuesday 7 April 2026 at 10:00", Danish local time."""
    local = value.astimezone(COPENHAGEN)
    return f"{english_date(local)} at {local:%H:%M}"


def english_deadline(value: date | datetime) -> str:
    """The day alone when the deadline runs to the end of the day, else with the time."""
    if not isinstance(value, datetime):
        return english_date(value)
    local = value.astimezone(COPENHAGEN)
    return english_date(local) if (local.hour, local.minute) == (23, 59) else english_time(local)
