"""Danish working days and bank days, from the maintained `holidays` library."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("DK", years=year))


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    """Public holidays plus the days Danish banks close: Constitution Day, Christmas Eve,
    New Year's Eve and the Friday after Ascension Day (Danmarks Nationalbank's closing days)."""
    optional = holidays.country_holidays("DK", years=year, categories=("public", "optional"))
    ascension = next(d for d, name in optional.items() if name == "Ascension Day")
    extra = {
        date(year, 6, 5),
        date(year, 12, 24),
        date(year, 12, 31),
        ascension + timedelta(days=1),
    }
    return _public_holidays(year) | extra


class DanishCalendar:
    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in _public_holidays(day.year)

    def is_bank_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in _bank_holidays(day.year)
