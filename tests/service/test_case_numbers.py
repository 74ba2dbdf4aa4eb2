"""Case references are numbered per year of the request (ADR 0013): on SQLite by the year's
counter row, on PostgreSQL by the year's sequence, which no intake waits for."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session

from fasttrack_core.db import make_engine
from fasttrack_core.services.references import continue_after, next_reference
from tests.conftest import POSTGRES_URL
from tests.migrating import migrate


def _taken(engine: Engine, year: int) -> str:
    with Session(engine) as session:
        reference = next_reference(session, year)
        session.commit()
    return reference


def test_each_year_of_the_request_is_numbered_from_one(engine: Engine) -> None:
    assert [_taken(engine, 2026), _taken(engine, 2026), _taken(engine, 2027)] == [
        "FT-2026-000001",
        "FT-2026-000002",
        "FT-2027-000001",
    ]


def test_numbering_continues_after_cases_loaded_by_other_means(engine: Engine) -> None:
    _taken(engine, 2026)
    with engine.begin() as connection:
        continue_after(connection, 2026, 300)
    assert _taken(engine, 2026) == "FT-2026-000301"


def test_a_number_taken_by_an_intake_that_failed_is_used_again_on_sqlite_only(
    engine: Engine,
) -> None:
    """SQLite's counter rolls back with the intake; PostgreSQL's sequence does not (a gap)."""
    _taken(engine, 2026)
    with Session(engine) as session:
        assert next_reference(session, 2026) == "FT-2026-000002"
        session.rollback()
    gap = engine.dialect.name == "postgresql"
    assert _taken(engine, 2026) == ("FT-2026-000003" if gap else "FT-2026-000002")


@pytest.mark.postgres
@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)  # SQLite: one writer
def test_two_first_cases_of_a_year_at_the_same_moment_get_one_and_two(engine: Engine) -> None:
    second: list[str] = []
    with Session(engine) as first:
        assert next_reference(first, 2031) == "FT-2031-000001"  # made the year's sequence
        waiting = threading.Thread(target=lambda: second.append(_taken(engine, 2031)))
        waiting.start()
        _until_it_waits_for_the_advisory_lock(engine)
        first.commit()
    waiting.join(timeout=30)
    assert second == ["FT-2031-000002"]


def _until_it_waits_for_the_advisory_lock(engine: Engine) -> None:
    deadline = time.monotonic() + 30
    with engine.connect() as connection:
        while time.monotonic() < deadline:
            waits = connection.execute(
                text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
            ).scalar_one()
            if waits:
                return
            time.sleep(0.01)
    raise AssertionError("the second intake did not wait for the first")


@pytest.mark.postgres
def test_the_migration_continues_each_year_after_its_counter_and_the_downgrade_keeps_it(
    postgres_engine: Engine,
) -> None:
    schema = "fasttrack_test_case_numbers"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    engine = make_engine(f"{POSTGRES_URL}?options=-csearch_path%3D{schema}")
    try:
        migrate(engine, "0024_outbox_context")
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO reference_counter VALUES (2025, 900), (2026, 41)"))
        migrate(engine, "0025_pg_intakes_side_by_side")
        assert [_taken(engine, 2025), _taken(engine, 2026), _taken(engine, 2026)] == [
            "FT-2025-000901",
            "FT-2026-000042",
            "FT-2026-000043",
        ]
        migrate(engine, "0024_outbox_context", down=True)
        with engine.connect() as connection:
            counters = connection.execute(
                text("SELECT year, last FROM reference_counter ORDER BY year")
            ).all()
        assert [tuple(row) for row in counters] == [(2025, 901), (2026, 43)]
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()
