"""The absence file an employer's payroll or HR system sends (issue 16): its header, and each
row checked with a Danish reason naming the line. A file with one bad row is refused whole.

    employee_id,cvr,workplace,leader_email,first_day,last_day

`employee_id` is the employer's own number for the employee (never a CPR number); the dates are
ISO (2026-03-02). Only absence that has happened can be registered: a last day after the day of
import is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from fasttrack_core.domain.identifiers import cpr_birth_date, cvr_is_valid
from fasttrack_core.domain.limits import day_in_range

HEADER = ("employee_id", "cvr", "workplace", "leader_email", "first_day", "last_day")
MAX_ROWS = 100_000
MAX_TEXT = 200
_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class AbsenceRow:
    line: int
    employee_id: str
    cvr: str
    workplace: str
    leader_email: str
    first_day: date
    last_day: date


def header_problem(header: Sequence[str] | None) -> str | None:
    expected = ",".join(HEADER)
    if header is None:
        return f"Filen er tom. Første linje skal være: {expected}"
    if tuple(name.strip().lstrip("\ufeff") for name in header) != HEADER:
        return f"Linje 1: overskriften skal være præcis: {expected}"
    return None


def check_rows(
    rows: Iterable[tuple[int, Mapping[str, str | None]]], today: date
) -> tuple[list[AbsenceRow], list[str]]:
    """The rows (line number, values by column) as AbsenceRows, and a reason per bad line."""
    good: list[AbsenceRow] = []
    problems: list[str] = []
    for line, values in rows:
        row, reasons = _check(line, values, today)
        if reasons:
            problems.append(f"Linje {line}: {' '.join(reasons)}")
        elif row is not None:
            good.append(row)
    return good, problems


def _text(values: Mapping[str, str | None], name: str) -> str:
    value = values.get(name)
    return value.strip() if isinstance(value, str) else ""


def _day(text: str, label: str, reasons: list[str]) -> date | None:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        reasons.append(f"{label} '{text[:20]}' er ikke en dato (brug fx 2026-03-02).")
        return None
    if not day_in_range(day):
        reasons.append(f"{label} skal ligge mellem 1900-01-01 og 2100-12-31.")
        return None
    return day


def _check(
    line: int, values: Mapping[str, str | None], today: date
) -> tuple[AbsenceRow | None, list[str]]:
    reasons: list[str] = []
    if None in values or any(values.get(name) is None for name in HEADER):
        return None, [f"skal have præcis {len(HEADER)} felter adskilt af komma."]
    employee_id, cvr = _text(values, "employee_id"), _text(values, "cvr")
    workplace, email = _text(values, "workplace"), _text(values, "leader_email")
    if not employee_id or len(employee_id) > 64 or _CONTROL.search(employee_id):
        reasons.append("employee_id mangler eller er for langt (højst 64 tegn).")
    elif cpr_birth_date(employee_id.replace("-", "")) is not None:
        # A CPR number does not belong in the file: the employer's own number is enough.
        reasons.append("employee_id ligner et CPR-nummer; brug arbejdsgiverens eget løbenummer.")
    if not cvr_is_valid(cvr):
        reasons.append(f"CVR-nummeret '{cvr[:12]}' er ikke gyldigt (8 cifre).")
    if not workplace or len(workplace) > MAX_TEXT or _CONTROL.search(workplace):
        reasons.append("Arbejdsstedet mangler eller er for langt (højst 200 tegn).")
    if len(email) > 320 or not _EMAIL.match(email):
        reasons.append("Lederens e-mail er ikke en gyldig e-mailadresse.")
    first = _day(_text(values, "first_day"), "Første fraværsdag", reasons)
    last = _day(_text(values, "last_day"), "Sidste fraværsdag", reasons)
    if first is not None and last is not None:
        if last < first:
            reasons.append("Sidste fraværsdag ligger før første fraværsdag.")
        if last > today:
            reasons.append(
                f"Sidste fraværsdag ligger efter importdagen ({today.isoformat()}); registrér "
                "kun fravær, der har fundet sted."
            )
    if reasons or first is None or last is None:
        return None, reasons
    return AbsenceRow(line, employee_id, cvr, workplace, email.lower(), first, last), []
