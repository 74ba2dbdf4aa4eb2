"""The rules of the sweep's concern part (`domain/concern_deadlines.py`): which step a concern
waits for, and that the query's horizon never leaves out a deadline whose reminder has come."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest

from fasttrack_core.danish_calendar import DanishCalendar
from fasttrack_core.domain.calendar import COPENHAGEN, end_of_day
from fasttrack_core.domain.concern import ConcernStatus
from fasttrack_core.domain.concern_deadlines import AWAITED, ConcernStep, reminder_horizon
from fasttrack_core.domain.policy import Policy
from fasttrack_core.domain.schedule import reminder_at

CALENDAR = DanishCalendar()


def test_a_concern_waits_for_its_steps_in_order_and_a_finished_one_for_none() -> None:
    assert [AWAITED.get(status) for status in ConcernStatus] == [
        ConcernStep.CONTACT,  # open
        ConcernStep.TALK,  # contacted
        ConcernStep.EFFORT,  # talk held
        None,  # effort agreed
        None,  # converted
        None,  # closed
    ]


@pytest.mark.parametrize("lead", [1, 2, 5])
def test_every_deadline_whose_reminder_has_come_lies_within_the_horizon(lead: int) -> None:
    """At midnight, at 07:00 and late on each day of 2026 (Easter, Christmas and every weekend
    included), under a policy with `lead` working days of reminder and another with the default:
    a deadline in the next 40 days that is reminded by then is at or before the horizon."""
    policies = [Policy(), replace(Policy(), reminder_working_days=lead)]
    long_ago = datetime(2025, 1, 1, tzinfo=COPENHAGEN)
    day = date(2026, 1, 1)
    while day.year == 2026:
        for moment in (time(0, 0), time(7, 0), time(23, 59)):
            now = datetime.combine(day, moment, tzinfo=COPENHAGEN)
            horizon = reminder_horizon(policies, now, CALENDAR)
            for ahead in range(40):
                due = end_of_day(day + timedelta(days=ahead))
                remind = reminder_at(due, long_ago, policies[1], CALENDAR)
                if remind is not None and remind <= now:
                    assert due <= horizon, (now, due, horizon)
        day += timedelta(days=1)
