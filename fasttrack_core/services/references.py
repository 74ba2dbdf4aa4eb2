"""Case references, FT-YYYY-NNNNNN: numbered per year of the request (ADR 0013).

SQLite writes one transaction at a time. There the year's row of `reference_counter` is taken a
step on inside the intake's transaction, and the numbers have no gaps.

PostgreSQL runs intakes side by side. A counter row held until each intake committed made every
intake wait for the one before it: sampled during `bench/national.py`'s intake with two web
workers, nearly every busy connection waited on that row. There the number comes from the
year's sequence (`case_number_2026`), which no transaction waits for: `next_case_number(year)`
(migration 0025) makes it at the year's first case. A number taken by an intake that then fails
(refused after it was taken, an error, a crash) is not used again: a gap in the year's numbers.
"""

from __future__ import annotations

from sqlalchemy import Connection, text
from sqlmodel import Session

# Taken a step on, created by the year's first case: one statement, so two first cases of a
# year at the same moment cannot both try to create the row.
_NEXT_IN_COUNTER = text(
    "INSERT INTO reference_counter (year, last) VALUES (:for_year, 1) "
    "ON CONFLICT (year) DO UPDATE SET last = reference_counter.last + 1 "
    "RETURNING last"
)
_NEXT_IN_SEQUENCE = text("SELECT next_case_number(:for_year)")


def next_reference(session: Session, year: int) -> str:
    """The next reference of `year`, taken in the session's transaction."""
    core = session.connection()
    postgres = core.dialect.name == "postgresql"
    number = core.scalar(_NEXT_IN_SEQUENCE if postgres else _NEXT_IN_COUNTER, {"for_year": year})
    return f"FT-{year}-{number:06d}"


def continue_after(connection: Connection, year: int, last: int) -> None:
    """The year's next reference is numbered `last + 1`: for cases inserted by other means than
    intake (a bulk load, a test's seeded cases)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT next_case_number(:for_year)"), {"for_year": year})
        connection.execute(
            text("SELECT setval(CAST(:name AS regclass), :last)"),
            {"name": f"case_number_{year}", "last": last},
        )
    else:
        connection.execute(
            text(
                "INSERT INTO reference_counter (year, last) VALUES (:for_year, :last) "
                "ON CONFLICT (year) DO UPDATE SET last = :last"
            ),
            {"for_year": year, "last": last},
        )
