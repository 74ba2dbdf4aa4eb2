"""Engine, sessions and the unit of work (one transaction per use case)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Table, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from fasttrack_core.clock import Clock
from fasttrack_core.crypto import CprVault
from fasttrack_core.danish_calendar import DanishCalendar


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for SQLite (WAL mode, foreign keys on) or PostgreSQL (psycopg 3).

    Errors never carry the rows' values (names, e-mails) into logs: hide_parameters.
    """
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, hide_parameters=True, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@dataclass
class Context:
    """What every use case needs: the database, the clock for recorded time, the CPR vault,
    the holiday calendar, and what outgoing messages say about where they come from."""

    engine: Engine
    clock: Clock
    vault: CprVault
    calendar: DanishCalendar
    base_url: str = "http://127.0.0.1:8000"  # where links in messages point
    sender: str = "fasttrack@jobcenter.example.dk"  # the address invitations come from

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """A session whose work is rolled back unless the use case commits it."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
            except BaseException:
                session.rollback()
                raise


def insert_new(session: Session, table: Table, rows: list[dict[str, Any]], key: str) -> None:
    """Insert the rows whose unique `key` is not taken yet; the others are left as they are."""
    if not rows:
        return
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).on_conflict_do_nothing(index_elements=[key])
    session.execute(statement, rows)
