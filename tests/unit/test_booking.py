"""Free times (issue 15): working hours cut into meetings, on working days that are not closing
days or absences, overlapping nothing booked, ending by the deadline."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from fasttrack_core.danish_calendar import DanishCalendar
from fasttrack_core.domain.booking import Absence, BookingRules, Span, free_slots
from fasttrack_core.domain.calendar import COPENHAGEN

HOURS = {weekday: (time(9, 0), time(12, 0)) for weekday in range(5)}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=COPENHAGEN)


def slots(rules: BookingRules = BookingRules(), **kwargs: object) -> list[str]:  # noqa: B008
    found = free_slots(
        rules, HOURS, 60, at("2026-03-30 00:00"), at("2026-04-07 10:00"), DanishCalendar(),
        **kwargs,  # type: ignore[arg-type]
    )  # fmt: skip
    return [f"{s:%m-%d %H:%M}" for s in found]


def test_meetings_fit_in_the_working_hours_every_half_hour_and_skip_easter() -> None:
    found = slots()
    assert found[:5] == ["03-30 09:00", "03-30 09:30", "03-30 10:00", "03-30 10:30", "03-30 11:00"]
    assert not any(s[:5] in ("04-02", "04-03", "04-06") for s in found), "Easter 2026"
    assert found[-1] == "04-07 09:00", "the meeting must end by the deadline"


def test_closing_days_absences_and_bookings_take_their_times() -> None:
    rules = BookingRules(closing_days=frozenset({date(2026, 3, 31)}))
    busy = [Span(at("2026-04-01 10:00"), at("2026-04-01 11:00"))]
    found = slots(rules, absences=[Absence(date(2026, 3, 30), date(2026, 3, 30))], busy=busy)
    assert not any(s.startswith(("03-30", "03-31")) for s in found)
    assert [s for s in found if s.startswith("04-01")] == ["04-01 09:00", "04-01 11:00"]


def test_a_meeting_can_be_changed_until_the_notice_before_it() -> None:
    rules = BookingRules(change_until=timedelta(hours=24))
    starts = at("2026-04-01 10:00")
    assert rules.may_change(starts, starts - timedelta(hours=24))
    assert not rules.may_change(starts, starts - timedelta(hours=23, minutes=59))
