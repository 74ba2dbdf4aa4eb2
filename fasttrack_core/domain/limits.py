"""The dates the system works with. Outside this range date arithmetic overflows (0001-01-01
minus a day, 9999-12-31 plus one), so a date outside it is refused like any other bad input."""

from __future__ import annotations

from datetime import date

# Far enough back for any birth date, far enough ahead for any deadline.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2100, 12, 31)
OUT_OF_RANGE = "Datoen skal ligge mellem 1900-01-01 og 2100-12-31."


def day_in_range(day: date) -> bool:
    return EARLIEST_DAY <= day <= LATEST_DAY
