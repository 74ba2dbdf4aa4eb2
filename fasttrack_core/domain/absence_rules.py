"""Hjørring's absence alerts (issue 16): when a leader is alerted from absence registrations.

How the days are counted (the seed says «7 dage» and «3 måneder» and no more; these are
fasttrack's reading, with the law's own units):

- A *spell* is one absence: registrations that overlap, touch (the next starts the day after the
  last ends) or are separated only by days that are not working days (weekends and Danish public
  holidays) are one spell. Absent on Friday and again on Monday is one spell; the weekend between
  counts as absent, as it would in a sick note.
- *Consecutive days* are calendar days, from the spell's first day to its last, both included:
  Monday to Sunday is 7 days. A spell of 7 such days raises an alert on its 7th day.
- *Within 3 months* is calendar months: the spells counted start within the window that begins
  on the first day of the first of them and ends the day before the same date 3 months later
  (1 June to 31 August: 92 days; 1 January to 31 March: 90 days). The third spell to start in the
  window raises the alert, on its first day; the spells it counted are then used up, so the next
  alert needs 3 new ones.
- An alert is worth raising only while the leader can still act on it: the spell that raises it
  began within the employer's window for a Fast track request (5 weeks, § 7 c). Older history
  (a first import, a late file) raises nothing.

Pure rules: no I/O, the calendar and the day of import come in as arguments.
"""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from fasttrack_core.domain.calendar import HolidayCalendar, add_working_days
from fasttrack_core.domain.law import EMPLOYER_REQUEST_WINDOW
from fasttrack_core.domain.policy import Policy


class AlertRule(StrEnum):
    CONSECUTIVE_DAYS = "consecutive_days"
    REPEATED_SPELLS = "repeated_spells"


class AlertAnswer(StrEnum):
    """What the leader answers to an alert."""

    REQUEST_SENT = "request_sent"  # a Fast track request is sent (or will be today)
    NOT_RELEVANT = "not_relevant"
    ALREADY_HANDLED = "already_handled"  # e.g. early intervention agreed at the workplace


@dataclass(frozen=True)
class AlertRules:
    consecutive_days: int
    spells: int
    window_months: int
    answer_working_days: int

    @classmethod
    def of(cls, policy: Policy) -> AlertRules:
        return cls(
            policy.absence_alert_days,
            policy.absence_alert_spells,
            policy.absence_alert_months,
            policy.absence_alert_answer_days,
        )


@dataclass(frozen=True, order=True)
class Spell:
    first_day: date
    last_day: date

    @property
    def days(self) -> int:
        """Calendar days, both ends included."""
        return (self.last_day - self.first_day).days + 1


@dataclass(frozen=True)
class Trigger:
    """An alert the registrations call for: by which rule, for which spell (the alert's identity:
    re-importing the same absence never raises it twice), and the day the rule was met."""

    rule: AlertRule
    spell_first_day: date
    day: date


def spells_of(registrations: list[Spell], calendar: HolidayCalendar) -> list[Spell]:
    """The registrations merged into spells (see the module's note), in order."""
    merged: list[Spell] = []
    for registration in sorted(registrations):
        if merged and _continues(merged[-1], registration, calendar):
            last = merged[-1]
            merged[-1] = Spell(last.first_day, max(last.last_day, registration.last_day))
        else:
            merged.append(registration)
    return merged


def _continues(spell: Spell, following: Spell, calendar: HolidayCalendar) -> bool:
    day = spell.last_day + timedelta(days=1)
    while day < following.first_day:
        if calendar.is_working_day(day):
            return False
        day += timedelta(days=1)
    return True


def add_months(day: date, months: int) -> date:
    """The same date `months` calendar months later (the month's last day where it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))


def triggers(spells: list[Spell], rules: AlertRules) -> list[Trigger]:
    """Every alert the spells call for, whenever its day (see `current`)."""
    found = [
        Trigger(
            AlertRule.CONSECUTIVE_DAYS,
            spell.first_day,
            spell.first_day + timedelta(days=rules.consecutive_days - 1),
        )
        for spell in spells
        if spell.days >= rules.consecutive_days
    ]
    counted: list[Spell] = []
    for spell in spells:
        counted = [
            s for s in counted if spell.first_day < add_months(s.first_day, rules.window_months)
        ]
        counted.append(spell)
        if len(counted) >= rules.spells:
            found.append(Trigger(AlertRule.REPEATED_SPELLS, spell.first_day, spell.first_day))
            counted = []
    return sorted(found, key=lambda t: (t.day, t.rule))


def current(found: list[Trigger], today: date) -> list[Trigger]:
    """The alerts worth raising today: met by today, for a spell that began within the
    employer's 5-week window for a Fast track request (§ 7 c; law.EMPLOYER_REQUEST_WINDOW)."""
    return [
        t
        for t in found
        if t.day <= today and today <= EMPLOYER_REQUEST_WINDOW.last_day(t.spell_first_day)
    ]


def answer_due(raised_on: date, rules: AlertRules, calendar: HolidayCalendar) -> date:
    """The last day an answer is on time: `answer_working_days` working days after the day the
    alert was raised (law.ABSENCE_ALERT_ANSWER)."""
    return add_working_days(raised_on, rules.answer_working_days, calendar)
