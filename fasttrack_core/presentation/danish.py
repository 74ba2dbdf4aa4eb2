"""Danish dates, times, numbers and step names, as every text the system writes shows them."""

from __future__ import annotations

from datetime import date, datetime

from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.domain.law import Anchor, Unit
from fasttrack_core.domain.vocabulary import STEP_LABELS, StepKind

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december")  # fmt: skip

# A rule's unit and anchor (domain/law.py) as `fasttrack rules show` writes them.
UNIT_NAMES: dict[Unit, str] = {
    Unit.HOURS: "timer",
    Unit.CALENDAR_DAYS: "kalenderdage",
    Unit.BANK_DAYS: "bankdage",
    Unit.WORKING_DAYS: "arbejdsdage",
    Unit.WORKING_HOURS: "arbejdstimer",
    Unit.WEEKS: "uger",
    Unit.CALENDAR_MONTHS: "kalendermåneder",
    Unit.WEEKS_OF_ABSENCE: "fraværsuger",
    Unit.MONTHS: "måneder",
    Unit.FOLLOWUPS: "opfølgninger",
    Unit.SPELLS: "fraværsperioder",
}
ANCHOR_NAMES: dict[Anchor, str] = {
    Anchor.REQUEST: "anmodningen",
    Anchor.NOTICE_DISPATCH: "afsendelsen af brevet til medarbejderen",
    Anchor.FIRST_ABSENCE_DAY: "første fraværsdag",
    Anchor.FIRST_FOLLOWUP: "første opfølgningssamtale",
    Anchor.MEETING: "mødet",
    Anchor.DEADLINE: "fristen",
    Anchor.WEEK: "ugen",
    Anchor.GP_REQUEST: "anmodningen til lægen",
    Anchor.ALERT: "beskeden til lederen",
    Anchor.CONCERN: "bekymringen",
}

# Plan actions and reviews come in numbers ("Opfølgning 2"); every other step is one of a kind.
NUMBERED_STEPS = frozenset({StepKind.ACTION, StepKind.REVIEW})


def _local_day(value: date | datetime) -> date:
    return value.astimezone(COPENHAGEN).date() if isinstance(value, datetime) else value


def danish_date(value: date | datetime) -> str:
    """ "tirsdag den 7. april 2026" (a datetime is first taken to Danish local time)."""
    day = _local_day(value)
    return f"{WEEKDAYS[day.weekday()]} den {day.day}. {MONTHS[day.month - 1]} {day.year}"


def danish_time(value: datetime) -> str:
    """ "tirsdag den 7. april 2026 kl. 10.00", Danish local time."""
    local = value.astimezone(COPENHAGEN)
    return f"{danish_date(local)} kl. {local:%H.%M}"


def danish_deadline(value: date | datetime) -> str:
    """A deadline as a person reads it: the day alone when it runs to the end of the day
    ("tirsdag den 7. april 2026"), else with the time ("... kl. 10.00")."""
    if not isinstance(value, datetime):
        return danish_date(value)
    local = value.astimezone(COPENHAGEN)
    return danish_date(local) if (local.hour, local.minute) == (23, 59) else danish_time(local)


def day_and_month(day: date) -> str:
    """ "7. april" """
    return f"{day.day}. {MONTHS[day.month - 1]}"


def month_and_year(day: date) -> str:
    """ "april 2026" """
    return f"{MONTHS[day.month - 1]} {day.year}"


def short_date(value: date | datetime) -> str:
    """ "07.04.2026" (a datetime is first taken to Danish local time)."""
    return f"{_local_day(value):%d.%m.%Y}"


def short_time(value: datetime) -> str:
    """ "07.04.2026 10:00", Danish local time (tables)."""
    return f"{value.astimezone(COPENHAGEN):%d.%m.%Y %H:%M}"


def meeting_time(value: datetime) -> str:
    """ "2026-04-07 kl. 10:00", Danish local time (a meeting in the case timeline)."""
    return f"{value.astimezone(COPENHAGEN):%Y-%m-%d kl. %H:%M}"


def decimal(number: float) -> str:
    """ "7,5" (a decimal comma; no trailing zeros)."""
    return f"{number:g}".replace(".", ",")


def step_name(kind: str) -> str:
    """The step kind's Danish name (the id itself when it is not a step kind)."""
    return STEP_LABELS[StepKind(kind)] if kind in StepKind.__members__.values() else kind


def step_label(kind: str, seq: int) -> str:
    """The step's Danish name; plan actions and reviews are numbered ("Handling fra planen 2")."""
    name = step_name(kind)
    return f"{name} {seq}" if kind in NUMBERED_STEPS else name
