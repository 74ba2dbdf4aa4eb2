"""Shared fixtures: a real database (SQLite, and PostgreSQL where reachable) and a fixed clock."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from fasttrack_core.clock import FixedClock
from fasttrack_core.crypto import CprVault
from fasttrack_core.danish_calendar import DanishCalendar
from fasttrack_core.db import AppContext, make_engine
from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.migrations import upgrade_schema
from fasttrack_core.services.configuration import demo_config_text, load_config

EXAMPLES = Path(__file__).resolve().parents[1] / "fasttrack_core" / "examples"
POSTGRES_URL = os.environ.get(
    "FASTTRACK_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
# A schema of this test run's own, so that two runs at the same time do not disturb each other.
POSTGRES_SCHEMA = f"fasttrack_test_{os.getpid()}"
TEST_SECRET = "test-secret-not-for-production-0123456789"
START = datetime(2026, 3, 24, 9, 30, tzinfo=COPENHAGEN)


def at(text_value: str) -> datetime:
    """A Danish local time from 'YYYY-MM-DD HH:MM'."""
    return datetime.fromisoformat(text_value).replace(tzinfo=COPENHAGEN)


def _configure(engine: Engine) -> None:
    upgrade_schema(engine)
    ctx = AppContext(engine, FixedClock(START), CprVault(TEST_SECRET), DanishCalendar())
    with ctx.unit_of_work() as session:
        load_config(session, demo_config_text(), "demo", START)


@pytest.fixture(autouse=True, scope="session")
def letters_outside_the_checkout(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Letters a test's dispatcher writes (PDFs of made-up people) go to a temporary folder, not
    to the default `./letters` in the checkout; a test that names its own folder still wins."""
    if "FASTTRACK_LETTER_DIR" in os.environ:
        yield
        return
    os.environ["FASTTRACK_LETTER_DIR"] = str(tmp_path_factory.mktemp("letters"))
    yield
    del os.environ["FASTTRACK_LETTER_DIR"]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite database with the demo configuration, copied for every test."""
    path = tmp_path_factory.mktemp("template") / "fasttrack.db"
    engine = make_engine(f"sqlite:///{path}")
    _configure(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_engine() -> Iterator[Engine]:
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{POSTGRES_SCHEMA}"
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {POSTGRES_SCHEMA} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {POSTGRES_SCHEMA}"))
    except OperationalError as exc:
        if os.environ.get("FASTTRACK_REQUIRE_POSTGRES"):
            raise
        pytest.skip(
            f"PostgreSQL is not reachable at {POSTGRES_URL} ({exc.orig}). Start it with "
            "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` or set "
            "FASTTRACK_TEST_POSTGRES_URL, then run `make test`."
        )
    upgrade_schema(engine)
    yield engine
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {POSTGRES_SCHEMA} CASCADE"))
    engine.dispose()


def _empty_postgres(engine: Engine) -> None:
    with engine.begin() as connection:
        tables = connection.execute(
            text(
                "SELECT tablename FROM pg_tables "
                "WHERE schemaname = :s AND tablename != 'alembic_version'"
            ),
            {"s": POSTGRES_SCHEMA},
        ).scalars()
        connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        case_numbers = connection.execute(  # a year's numbering starts again, as on SQLite
            text(
                "SELECT sequencename FROM pg_sequences "
                "WHERE schemaname = :s AND sequencename LIKE 'case\\_number\\_%'"
            ),
            {"s": POSTGRES_SCHEMA},
        ).scalars()
        for sequence in list(case_numbers):
            connection.execute(text(f"DROP SEQUENCE {sequence}"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[Engine]:
    """A configured database with the demo job centres: SQLite, then PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "fasttrack.db"
        shutil.copy(sqlite_template, path)
        sqlite_engine = make_engine(f"sqlite:///{path}")
        yield sqlite_engine
        sqlite_engine.dispose()
    else:
        pg: Engine = request.getfixturevalue("postgres_engine")
        _empty_postgres(pg)
        ctx = AppContext(pg, FixedClock(START), CprVault(TEST_SECRET), DanishCalendar())
        with ctx.unit_of_work() as session:
            load_config(session, demo_config_text(), "demo", START)
        yield pg


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def ctx(engine: Engine, clock: FixedClock) -> AppContext:
    return AppContext(engine, clock, CprVault(TEST_SECRET), DanishCalendar())


@pytest.fixture
def ole() -> dict[str, Any]:
    """Ole's request (SPEC §8): employer, back and shoulder pain, 3 weeks' absence."""
    return json.loads((EXAMPLES / "request-ole.json").read_text("utf-8"))


@pytest.fixture
def hanne() -> dict[str, Any]:
    """Hanne's request (SPEC §8): employer, stress, 3 days' absence."""
    return json.loads((EXAMPLES / "request-hanne.json").read_text("utf-8"))
