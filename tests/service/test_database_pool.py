"""PostgreSQL connections are kept for reuse (`Settings.database_pool_size`, issue 13): each new
connection is a new server process, and opening one for every burst cost PostgreSQL more CPU an
intake than the intake's own statements."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, event, text

from fasttrack_core.bootstrap import build_context
from fasttrack_core.settings import Settings
from tests.conftest import POSTGRES_SCHEMA, POSTGRES_URL, TEST_SECRET

pytestmark = pytest.mark.postgres
# Within what SQLAlchemy's default pool opens at most (5 kept and 10 more), so that its burst
# can be held at once as well; more than one web worker's share of bench/api.py's 16 clients.
CONCURRENT = 12


def _engine(**pool_size: int) -> Engine:
    settings = Settings(
        database_url=f"{POSTGRES_URL}?options=-csearch_path%3D{POSTGRES_SCHEMA}",
        secret_key=TEST_SECRET,
        **pool_size,
    )
    return build_context(settings).engine


def _new_connections_in_a_burst(engine: Engine) -> int:
    """Connections opened while CONCURRENT threads each hold one at the same moment."""
    opened = 0

    def count(*_: object) -> None:
        nonlocal opened
        opened += 1

    all_in = threading.Barrier(CONCURRENT)

    def hold_one() -> None:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            all_in.wait(timeout=30)

    event.listen(engine, "connect", count)
    threads = [threading.Thread(target=hold_one) for _ in range(CONCURRENT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    event.remove(engine, "connect", count)
    return opened


@pytest.fixture
def pooled(postgres_engine: Engine) -> Iterator[dict[str, Engine]]:
    engines = {"default": _engine(), "SQLAlchemy's 5": _engine(database_pool_size=5)}
    yield engines
    for engine in engines.values():
        engine.dispose()


def test_a_second_burst_opens_no_connection_with_the_default_pool(
    pooled: dict[str, Engine],
) -> None:
    assert _new_connections_in_a_burst(pooled["default"]) == CONCURRENT
    assert _new_connections_in_a_burst(pooled["default"]) == 0


def test_a_pool_smaller_than_the_burst_opens_connections_again_every_time(
    pooled: dict[str, Engine],
) -> None:
    _new_connections_in_a_burst(pooled["SQLAlchemy's 5"])
    assert _new_connections_in_a_burst(pooled["SQLAlchemy's 5"]) == CONCURRENT - 5
