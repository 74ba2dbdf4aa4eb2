"""What a report covers: a period of whole Danish days, and a scope (all, one municipality, one
workplace, one consultant)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.errors import Refused

MONTHS_DA = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
             "oktober", "november", "december")  # fmt: skip


@dataclass(frozen=True)
class Period:
    """From `first` to `last`, both included (Danish local days)."""

    first: date
    last: date

    @classmethod
    def checked(cls, first: date, last: date) -> Period:
        if first > last:
            raise Refused(f"Perioden starter ({first}) efter den slutter ({last}).")
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
            return f"{MONTHS_DA[self.first.month - 1]} {self.first.year}"
        start = f"{self.first.day}. {MONTHS_DA[self.first.month - 1]}"
        if self.first.year != self.last.year:
            start += f" {self.first.year}"
        return f"{start} – {self.last.day}. {MONTHS_DA[self.last.month - 1]} {self.last.year}"


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
