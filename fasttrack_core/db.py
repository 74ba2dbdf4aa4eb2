"""Engine, sessions and the unit of work (one transaction per use case)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, Table, TextClause, bindparam, create_engine, event, text
from sqlalchemy.engine import Dialect
from sqlmodel import Session

from fasttrack_core.clock import Clock
from fasttrack_core.crypto import CprVault
from fasttrack_core.danish_calendar import DanishCalendar
from fasttrack_core.models import attach_vault


def make_engine(url: str, pool_size: int | None = None, **kwargs: Any) -> Engine:
    """An engine for SQLite (WAL mode, foreign keys on) or PostgreSQL (psycopg 3, keeping up to
    `pool_size` connections open: `Settings.database_pool_size`; unset, SQLAlchemy's 5).

    Errors never carry the rows' values (names, e-mails) into logs: hide_parameters.
    """
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        # LIFO: the connection used last is used next, its page cache still warm (a write through
        # another connection empties it); with FIFO a web server's threads went through them all.
        engine = create_engine(
            url, connect_args={"timeout": 30}, hide_parameters=True, pool_use_lifo=True, **kwargs
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if pool_size is not None:
        kwargs["pool_size"] = pool_size
    return create_engine(url, pool_pre_ping=True, hide_parameters=True, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


# The session's info key that tells `notify.outbox.queue` to drop the messages of the use case.
MESSAGES_OFF = "fasttrack_messages_off"


@dataclass
class AppContext:
    """What every use case needs: the database, the clock for recorded time, the CPR vault,
    the holiday calendar, and what outgoing messages say about where they come from.

    Built by `bootstrap.build_context` from the settings, once per entry point, and passed down.
    """

    engine: Engine
    clock: Clock
    vault: CprVault
    calendar: DanishCalendar
    base_url: str = "http://127.0.0.1:8000"  # where links in messages point
    sender: str = "fasttrack@jobcenter.example.dk"  # the address invitations come from
    admin_email: str = "admin@jobcenter.example.dk"  # who is told when no one else is named
    # False only where nobody can receive a message: a what-if's throwaway database
    # (`simulation.whatif`). The use cases still decide who is told what; `notify.outbox.queue`
    # then stores no e-mail (see MESSAGES_OFF).
    queue_messages: bool = True

    def __post_init__(self) -> None:
        attach_vault(self.engine, self.vault)  # the sealed (encrypted) columns use it

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """A session whose work is rolled back unless the use case commits it."""
        info = {MESSAGES_OFF: True} if not self.queue_messages else {}
        with Session(self.engine, expire_on_commit=False, info=info) as session:
            try:
                yield session
            except BaseException:
                session.rollback()
                raise


def insert_new(
    session: Session, table: Table, rows: list[dict[str, Any]], key: str | tuple[str, ...]
) -> int:
    """Insert the rows (each with the same columns) whose unique `key` (a column, or columns) is
    not taken yet; the others are left as they are. Returns how many rows were inserted."""
    if not rows:
        return 0
    keys = (key,) if isinstance(key, str) else key
    connection = session.connection()
    statement = _insert_new_statement(connection.dialect, table, tuple(rows[0]), keys)
    return connection.execute(statement, rows).rowcount


@lru_cache(maxsize=64)  # per engine's dialect, table and columns
def _insert_new_statement(
    dialect: Dialect, table: Table, columns: tuple[str, ...], keys: tuple[str, ...]
) -> TextClause:
    """INSERT ... ON CONFLICT (keys) DO NOTHING (SQLite and PostgreSQL alike), as text with typed
    parameters: SQLAlchemy 2.0 does not cache the compiled form of its dialect-specific inserts,
    so they were compiled anew on every call (intake queues four e-mails)."""
    quote = dialect.identifier_preparer.quote
    names = ", ".join(quote(column) for column in columns)
    values = ", ".join(f":{column}" for column in columns)
    conflict = ", ".join(quote(column) for column in keys)
    return text(
        f"INSERT INTO {quote(table.name)} ({names}) VALUES ({values}) "
        f"ON CONFLICT ({conflict}) DO NOTHING"
    ).bindparams(*(bindparam(column, type_=table.c[column].type) for column in columns))
