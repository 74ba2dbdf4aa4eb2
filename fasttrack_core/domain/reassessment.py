"""When the § 24 reassessment falls due: the end of the calendar month in which more than 22
weeks of benefit in the 9 calendar months up to it would be reached (law.REASSESSMENT,
law.REASSESSMENT_LOOKBACK), counting earlier spells of absence the request lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from fasttrack_core.domain.law import REASSESSMENT, REASSESSMENT_LOOKBACK


@dataclass(frozen=True)
class Spell:
    """Days of absence with benefit, both ends included."""

    start: date
    end: date

    def days_within(self, first: date, last: date) -> int:
        overlap = (min(self.end, last) - max(self.start, first)).days + 1
        return max(overlap, 0)


def _month_start(day: date, months_later: int = 0) -> date:
    index = day.year * 12 + day.month - 1 + months_later
    return date(index // 12, index % 12 + 1, 1)


def reassessment_month_end(first_absence_day: date, earlier: Sequence[Spell] = ()) -> date:
    """The last day of the first month whose 9-month window (the month and the 8 before it) holds
    more than 22 weeks of benefit, the current absence assumed to go on. Every day from the first
    absence day counts (the employer period too): see law.REASSESSMENT on why."""
    limit = REASSESSMENT.calendar_days()
    month = _month_start(min([first_absence_day, *(s.start for s in earlier)]))
    while True:
        last = _month_start(month, 1) - timedelta(days=1)
        first = _month_start(month, 1 - REASSESSMENT_LOOKBACK.value)
        spells = [*earlier, Spell(first_absence_day, last)]
        if sum(s.days_within(first, last) for s in spells) > limit:
            return last
        month = _month_start(month, 1)
