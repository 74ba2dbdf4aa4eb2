"""Business time: the Danish local day, working days and bank days."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


class HolidayCalendar(Protocol):
    """Tells which days are days off. Implemented with the holidays library outside the domain."""

    def is_bank_day(self, day: date) -> bool: ...

    def is_working_day(self, day: date) -> bool: ...


def local_date(at: datetime) -> date:
    return at.astimezone(COPENHAGEN).date()


def end_of_day(day: date) -> datetime:
    """A deadline "on" a date means by the end of that Danish day (23:59:59 local time)."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=COPENHAGEN)


def add_bank_days(day: date, count: int, calendar: HolidayCalendar) -> date:
    return _add_days_where(day, count, calendar.is_bank_day)


def add_working_days(day: date, count: int, calendar: HolidayCalendar) -> date:
    return _add_days_where(day, count, calendar.is_working_day)


def subtract_working_days(day: date, count: int, calendar: HolidayCalendar) -> date:
    return _add_days_where(day, -count, calendar.is_working_day)


def _add_days_where(day: date, count: int, counts: Callable[[date], bool]) -> date:
    step = timedelta(days=1 if count >= 0 else -1)
    remaining = abs(count)
    current = day
    while remaining:
        current += step
        if counts(current):
            remaining -= 1
    return current
