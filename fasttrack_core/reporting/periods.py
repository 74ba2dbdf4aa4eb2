"""What a report covers: a period of whole Danish days, and a scope (all, one municipality, one
workplace, one consultant)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.domain.limits import OUT_OF_RANGE, day_in_range
from fasttrack_core.errors import Refused
from fasttrack_core.presentation.danish import day_and_month, month_and_year

# A report covers at most a year: longer periods are several reports (and a 36-year period made
# the weekly charts and their comparison period run past what dates can hold).
MAX_DAYS = 366


@dataclass(frozen=True)
class Period:
    """From `first` to `last`, both included (Danish local days)."""

    first: date
    last: date

    @classmethod
    def checked(cls, first: date, last: date) -> Period:
        if first > last:
            raise Refused(f"Perioden starter ({first}) efter den slutter ({last}).")
        if not (day_in_range(first) and day_in_range(last)):
            raise Refused(OUT_OF_RANGE)
        if (last - first).days >= MAX_DAYS:
            raise Refused(f"Perioden må højst være {MAX_DAYS} dage (et år).")
        return cls(first, last)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def start(self) -> datetime:
        """The first moment of the period."""
        return datetime.combine(self.first, time.min, tzinfo=COPENHAGEN)

    @property
    def end(self) -> datetime:
        """The first moment after the period (its end, exclusive)."""
        return datetime.combine(self.last + timedelta(days=1), time.min, tzinfo=COPENHAGEN)

    def previous(self) -> Period:
        """The period of equal length just before this one."""
        return Period(self.first - timedelta(days=self.days), self.first - timedelta(days=1))

    def label(self) -> str:
        """Danish: "marts 2026" for a calendar month, else "1. marts – 15. april 2026"."""
        if self.first.day == 1 and self.first == month_of(self.last) and _is_month_end(self.last):
            return month_and_year(self.first)
        start = day_and_month(self.first)
        if self.first.year != self.last.year:
            start += f" {self.first.year}"
        return f"{start} – {day_and_month(self.last)} {self.last.year}"


def month_of(day: date) -> date:
    return day.replace(day=1)


def _is_month_end(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1


def previous_month(today: date) -> Period:
    """The calendar month before the month of `today`."""
    last = month_of(today) - timedelta(days=1)
    return Period(month_of(last), last)


@dataclass(frozen=True)
class Scope:
    """Which cases count: all, or those of one municipality, workplace (CVR) or consultant."""

    municipality: str | None = None
    workplace_cvr: str | None = None
    consultant_email: str | None = None
