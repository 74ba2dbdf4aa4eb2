"""The languages a citizen or a leader reads (issue 15, item 4): Danish, and English where the
request or the page chooses it; staff pages and messages stay Danish. English dates and times,
as the English messages show them (Danish local time, as everywhere), and a day or a time as
either language writes it."""

from __future__ import annotations

from datetime import date, datetime

from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.domain.vocabulary import Language
from fasttrack_core.presentation.danish import danish_date, danish_deadline, danish_time

__all__ = [
    "Language",
    "clock",
    "day",
    "deadline",
    "english_date",
    "english_deadline",
    "english_time",
    "language_of",
    "moment",
]


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


def language_of(value: str | None) -> Language:
    """A language code as a browser or a link gives it; Danish unless it is one we have."""
    try:
        return Language((value or "").strip().lower()[:2])
    except ValueError:
        return Language.DA


def day(language: Language, value: date | datetime) -> str:
    """A day as the language writes it ("tirsdag den 7. april 2026", "Tuesday 7 April 2026")."""
    return danish_date(value) if language is Language.DA else english_date(value)


def clock(language: Language, value: datetime) -> str:
    """A time of day, Danish local time ("kl. 10.00", "10:00")."""
    local = value.astimezone(COPENHAGEN)
    return f"kl. {local:%H.%M}" if language is Language.DA else f"{local:%H:%M}"


def moment(language: Language, value: datetime) -> str:
    """A day and a time, Danish local time."""
    return danish_time(value) if language is Language.DA else english_time(value)


def deadline(language: Language, value: date | datetime) -> str:
    """A deadline: the day alone when it runs to the end of the day, else with the time."""
    return danish_deadline(value) if language is Language.DA else english_deadline(value)
