"""When a meeting can be booked (issue 15): a consultant's free times, and how long before a
meeting the citizen may still move or cancel it.

Free times are the consultant's working hours, cut into slots of the meeting's length, on the
working days (no Danish public holiday) between the earliest time a booking may be made and the
meeting's deadline, minus the job centre's closing days, the consultant's absences and whatever
is booked already. All in Danish local time.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from fasttrack_core.domain.calendar import COPENHAGEN, HolidayCalendar, local_date
from fasttrack_core.domain.vocabulary import StepKind

# Monday to Thursday 9-15, Friday 9-12: a job centre's usual opening hours, used where the
# configuration names none.
DEFAULT_WORKING_HOURS: Mapping[int, tuple[time, time]] = {
    **{weekday: (time(9, 0), time(15, 0)) for weekday in range(4)},
    4: (time(9, 0), time(12, 0)),
}
# The meeting types the citizen (or a leader) can book, with their length in minutes.
DEFAULT_MEETING_MINUTES: Mapping[StepKind, int] = {
    StepKind.FIRST_FOLLOWUP: 60,
    StepKind.ROUNDTABLE: 90,
}


@dataclass(frozen=True)
class Span:
    """A stretch of time: a meeting, or a time the consultant is busy."""

    start: datetime
    end: datetime

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Absence:
    """Days off, both included."""

    first: date
    last: date

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True)
class BookingRules:
    """A job centre's booking rules (its configuration's `[booking.<code>]`)."""

    working_hours: Mapping[int, tuple[time, time]] = field(
        default_factory=lambda: dict(DEFAULT_WORKING_HOURS)
    )
    meeting_minutes: Mapping[StepKind, int] = field(
        default_factory=lambda: dict(DEFAULT_MEETING_MINUTES)
    )
    closing_days: frozenset[date] = frozenset()
    slot_minutes: int = 30  # a slot starts every so many minutes from the opening time
    # The earliest a citizen can book: this long from now (the consultant must see it coming).
    min_notice: timedelta = timedelta(hours=24)
    # The latest a citizen can move or cancel a booked meeting: this long before it starts.
    change_until: timedelta = timedelta(hours=24)
    # Varde: the leader books the roundtable in the consultant's calendar without calling.
    leader_books_roundtable: bool = False

    def minutes(self, kind: StepKind) -> int:
        return self.meeting_minutes.get(kind, 60)

    def may_change(self, starts_at: datetime, now: datetime) -> bool:
        """Whether the citizen may still move or cancel a meeting that starts at `starts_at`."""
        return now <= starts_at - self.change_until


def check_working_hours(hours: Mapping[int, tuple[time, time]]) -> None:
    """Refuse opening hours that close before they open (ValueError, Danish)."""
    for weekday, (opens, closes) in hours.items():
        if not 0 <= weekday <= 6:
            raise ValueError(f"ukendt ugedag {weekday}.")
        if closes <= opens:
            raise ValueError(f"arbejdstiden slutter ({closes:%H:%M}) før den begynder.")


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def free_slots(
    rules: BookingRules,
    working_hours: Mapping[int, tuple[time, time]],
    minutes: int,
    earliest: datetime,
    latest_end: datetime,
    calendar: HolidayCalendar,
    absences: Sequence[Absence] = (),
    busy: Sequence[Span] = (),
) -> list[datetime]:
    """The start times of every free slot of `minutes` that starts at `earliest` or later and
    ends by `latest_end` (a meeting's deadline), in the consultant's `working_hours`, on working
    days that are not closing days or absences, overlapping nothing `busy`."""
    length, step = timedelta(minutes=minutes), timedelta(minutes=rules.slot_minutes)
    found: list[datetime] = []
    for day in _days(local_date(earliest), local_date(latest_end)):
        hours = working_hours.get(day.weekday())
        if (
            hours is None
            or not calendar.is_working_day(day)
            or day in rules.closing_days
            or any(absence.covers(day) for absence in absences)
        ):
            continue
        start = datetime.combine(day, hours[0], tzinfo=COPENHAGEN)
        closes = datetime.combine(day, hours[1], tzinfo=COPENHAGEN)
        while start + length <= closes:
            slot = Span(start, start + length)
            if (
                start >= earliest
                and slot.end <= latest_end
                and not any(slot.overlaps(b) for b in busy)
            ):
                found.append(start)
            start += step
    return found
