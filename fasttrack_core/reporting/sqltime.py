"""Danish local days in SQL, the same on SQLite and PostgreSQL.

Timestamps are stored as naive UTC. A KPI counts days between Danish dates (a talk on day 14
after the request), so each timestamp is shifted by its Copenhagen offset before it is cut to a
day: the offset is a CASE over the summer-time periods of the years a report can touch, worked
out here with zoneinfo (exact, and a handful of comparisons per row).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Integer, case, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from fasttrack_core.domain.calendar import COPENHAGEN


class _EpochDays(FunctionElement[float]):
    """Days since 1970-01-01 00:00 UTC, with the fraction of the day."""

    inherit_cache = True
    name = "epoch_days"


class _DateNumber(FunctionElement[int]):
    """A DATE column as days since 1970-01-01."""

    type = Integer()
    inherit_cache = True
    name = "date_number"


class _Floor(FunctionElement[int]):
    type = Integer()
    inherit_cache = True
    name = "floor_int"


@compiles(_EpochDays, "sqlite")
def _epoch_days_sqlite(element: _EpochDays, compiler: SQLCompiler, **kw: Any) -> str:
    return f"(julianday({compiler.process(element.clauses, **kw)}) - 2440587.5)"


@compiles(_EpochDays, "postgresql")
def _epoch_days_pg(element: _EpochDays, compiler: SQLCompiler, **kw: Any) -> str:
    return f"(EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)}) / 86400.0)"


@compiles(_DateNumber, "sqlite")
def _date_number_sqlite(element: _DateNumber, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(julianday({compiler.process(element.clauses, **kw)}) - 2440587.5 AS INTEGER)"


@compiles(_DateNumber, "postgresql")
def _date_number_pg(element: _DateNumber, compiler: SQLCompiler, **kw: Any) -> str:
    return f"({compiler.process(element.clauses, **kw)} - DATE '1970-01-01')"


@compiles(_Floor, "sqlite")
def _floor_sqlite(element: _Floor, compiler: SQLCompiler, **kw: Any) -> str:
    # Day numbers here are positive, so truncation is the floor.
    return f"CAST({compiler.process(element.clauses, **kw)} AS INTEGER)"


@compiles(_Floor, "postgresql")
def _floor_pg(element: _Floor, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(FLOOR({compiler.process(element.clauses, **kw)}) AS INTEGER)"


@cache
def summer_time(year: int) -> tuple[datetime, datetime]:
    """When Copenhagen summer time starts and ends in `year` (UTC instants), from zoneinfo."""

    def summer(moment: datetime) -> bool:
        return moment.astimezone(COPENHAGEN).utcoffset() == timedelta(hours=2)

    def change_after(day: datetime) -> datetime:
        """The first hour from `day` whose summer-time state differs from midnight's."""
        hours = (day + timedelta(hours=h) for h in range(1, 25))
        return next(moment for moment in hours if summer(moment) != summer(day))

    days = [datetime(year, 1, 1, tzinfo=UTC) + timedelta(days=d) for d in range(366)]
    first = next(day for day in days if summer(day + timedelta(days=1)))
    last = next(day for day in reversed(days) if summer(day))
    return change_after(first), change_after(last)


def local_day(moment: Any, years: range) -> ColumnElement[int]:
    """The Danish local date of a UTC timestamp column, as days since 1970-01-01 (exact for
    `years`; outside them winter time is assumed)."""
    offset: ColumnElement[Any] = literal(1.0 / 24)
    windows = [summer_time(year) for year in years]
    if windows:
        offset = case(
            *[((moment >= start) & (moment < end), literal(2.0 / 24)) for start, end in windows],
            else_=literal(1.0 / 24),
        )
    return _Floor(_EpochDays(moment) + offset)


def date_number(day: Any) -> ColumnElement[int]:
    """A DATE column as days since 1970-01-01."""
    return _DateNumber(day)


def day_of(number: int) -> date:
    return date(1970, 1, 1) + timedelta(days=number)


class _Least(FunctionElement[int]):
    type = Integer()
    inherit_cache = True
    name = "least_of"


class _Greatest(FunctionElement[int]):
    type = Integer()
    inherit_cache = True
    name = "greatest_of"


@compiles(_Least, "sqlite")
def _least_sqlite(element: _Least, compiler: SQLCompiler, **kw: Any) -> str:
    return f"min({compiler.process(element.clauses, **kw)})"  # min() of two values: the scalar


@compiles(_Least, "postgresql")
def _least_pg(element: _Least, compiler: SQLCompiler, **kw: Any) -> str:
    return f"LEAST({compiler.process(element.clauses, **kw)})"


@compiles(_Greatest, "sqlite")
def _greatest_sqlite(element: _Greatest, compiler: SQLCompiler, **kw: Any) -> str:
    return f"max({compiler.process(element.clauses, **kw)})"


@compiles(_Greatest, "postgresql")
def _greatest_pg(element: _Greatest, compiler: SQLCompiler, **kw: Any) -> str:
    return f"GREATEST({compiler.process(element.clauses, **kw)})"


def least(first: Any, second: Any) -> ColumnElement[int]:
    """The smaller of two day numbers, row by row."""
    return _Least(first, second)


def greatest(first: Any, second: Any) -> ColumnElement[int]:
    """The larger of two day numbers, row by row."""
    return _Greatest(first, second)
