"""Dates and times as Danes write them in a form field: `31-03-2026` and `31-03-2026 10:00`.

The forms use plain text fields with a format hint instead of `<input type="date">`: a browser
shows its own date widget in the language of the browser (headless Chromium and an English
Windows: mm/dd/yyyy), whatever the page's `lang`. Read here: day-month-year with `-`, `.` or
`/` (one or two digits for day and month, four for the year), the time with `:` or `.`, an
optional "kl."; and the ISO form (`2026-03-31`, `2026-03-31T10:00`) that links and older
bookmarks carry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time

DAY_FORMAT = "dd-mm-åååå"
MOMENT_FORMAT = "dd-mm-åååå tt:mm"
DAY_ERROR = "Skriv datoen som dd-mm-åååå, fx 31-03-2026."
MOMENT_ERROR = "Skriv dato og klokkeslæt som dd-mm-åååå tt:mm, fx 31-03-2026 10:00."

_DANISH_DAY = r"(?P<d>\d{1,2})[-./](?P<m>\d{1,2})[-./](?P<y>\d{4})"
_ISO_DAY = r"(?P<Y>\d{4})-(?P<M>\d{2})-(?P<D>\d{2})"
_DAY = re.compile(rf"(?:{_DANISH_DAY}|{_ISO_DAY})")
_TIME = re.compile(r"(?:kl\.?\s*)?(?P<h>\d{1,2})[:.](?P<min>\d{2})")
_SEPARATOR = re.compile(r"\s*(?:T|\s|,)\s*", re.IGNORECASE)


def _day(match: re.Match[str], problem: str) -> date:
    year, month, day = (
        (match["y"], match["m"], match["d"]) if match["y"] else (match["Y"], match["M"], match["D"])
    )
    try:
        return date(int(year), int(month), int(day))
    except ValueError:  # 31-02-2026, month 13
        raise ValueError(problem) from None


def parse_day(text: str) -> date:
    """The day `text` names; ValueError when it names none."""
    match = _DAY.fullmatch(text.strip())
    if match is None:
        raise ValueError(DAY_ERROR)
    return _day(match, DAY_ERROR)


def parse_moment(text: str) -> datetime:
    """The (naive, local) moment `text` names; ValueError when it names none."""
    text = text.strip()
    day = _DAY.match(text)
    if day is None:
        raise ValueError(MOMENT_ERROR)
    rest = _SEPARATOR.match(text, day.end())
    clock = _TIME.fullmatch(text, rest.end()) if rest else None
    if clock is None:
        raise ValueError(MOMENT_ERROR)
    if int(clock["h"]) > 23 or int(clock["min"]) > 59:
        raise ValueError(MOMENT_ERROR)
    return datetime.combine(_day(day, MOMENT_ERROR), time(int(clock["h"]), int(clock["min"])))


def day_text(day: date | None) -> str:
    """A day as the form shows it: 31-03-2026."""
    return day.strftime("%d-%m-%Y") if day else ""


def moment_text(moment: datetime) -> str:
    """A (local) moment as the form shows it: 31-03-2026 10:00."""
    return moment.strftime("%d-%m-%Y %H:%M")


def iso_days(
    form: Mapping[str, str], names: Iterable[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """The form with the named date fields in ISO form, and a Danish message for each filled-in
    one that names no day (its text is kept as typed: the form shows it again)."""
    converted, errors = dict(form), {}
    for name in names:
        text = form.get(name, "").strip()
        if not text:
            continue
        try:
            converted[name] = parse_day(text).isoformat()
        except ValueError as problem:
            errors[name] = str(problem)
    return converted, errors
