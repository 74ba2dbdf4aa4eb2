"""Where the API runs an intake's transaction (issue 13).

SQLite writes one transaction at a time. The API's intakes on SQLite therefore run on a single
thread of the web process, in the order they arrived (before, each ran on a thread of Starlette's
pool, and all but one waited on a lock: `bench/api.py` gave the single thread 172–232 requests/s
with p99 89–128 ms against the pool's 156–199 with p99 116–166, three runs alternated).

That thread commits together the intakes that queued while it was busy (group commit): one
transaction (`BEGIN IMMEDIATE`, so no other writer comes between), each intake in a savepoint of
its own (the connection's: the ORM session's cost 0.4 M instructions an intake, the
connection's 0.06 M), then one commit, and only then is any of them answered (ADR 0012). An
intake that fails (refused, replayed, an error) rolls back to its savepoint and is answered with
its failure; the others are not touched. An intake alone in its group needs no savepoint: its
failure rolls the transaction back. A commit writes every page the transaction changed to
the write-ahead log: about 49 pages (200 kB) for one intake, and much the same pages for several,
since they change the same tables and indexes. A commit that fails fails every intake of the
group; none was answered yet.

On PostgreSQL, which writes concurrently, an intake runs in a transaction of its own on the pool,
like any other blocking work. The event loop never waits for a database either way.
"""

from __future__ import annotations

import asyncio
import contextvars
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from fasttrack_core.db import AppContext
from fasttrack_core.services.intake import SQLITE_WRITER

T = TypeVar("T")

# At most this many intakes in one transaction: a bound on how long the first of them waits.
MOST_IN_ONE_COMMIT = 32


@dataclass(frozen=True)
class _Queued:
    ctx: AppContext
    work: Callable[[Session], Any]
    context: contextvars.Context  # the request's, as the pool would carry it
    done: Future[Any] = field(default_factory=Future)


async def run_writing(
    ctx: AppContext, work_in: Callable[[Session], T], alone: Callable[[], T]
) -> T:
    """On SQLite, `work_in(session)` on the process's writing thread, committed with the intakes
    queued beside it; on PostgreSQL, `alone()` (the same work in a transaction of its own) on
    the thread pool."""
    if ctx.engine.dialect.name != "sqlite":
        return await run_in_threadpool(alone)
    item = _Queued(ctx, work_in, contextvars.copy_context())
    _writer().put(item)
    result: T = await asyncio.wrap_future(item.done)
    return result


_queue: queue.SimpleQueue[_Queued] = queue.SimpleQueue()
_started = threading.Lock()
_thread: threading.Thread | None = None


def _writer() -> queue.SimpleQueue[_Queued]:
    """The process's writing queue, its thread started at the first intake (one per process,
    shared by every app in it: tests build many)."""
    global _thread
    with _started:
        if _thread is None:
            _thread = threading.Thread(target=_write_forever, name="fasttrack-sqlite-writer")
            _thread.daemon = True
            _thread.start()
    return _queue


def _write_forever() -> None:
    while True:
        waiting = [_queue.get()]
        while len(waiting) < MOST_IN_ONE_COMMIT and not _queue.empty():
            waiting.append(_queue.get_nowait())
        while waiting:  # a group per database, in the order they came
            group = [item for item in waiting if item.ctx is waiting[0].ctx]
            waiting = [item for item in waiting if item.ctx is not waiting[0].ctx]
            _commit_together(group)


def _commit_together(group: list[_Queued]) -> None:
    alone = len(group) == 1  # then its transaction holds nothing else: no savepoint needed
    outcomes: list[tuple[_Queued, Any, BaseException | None]] = []
    try:
        with SQLITE_WRITER, group[0].ctx.unit_of_work() as session:
            connection = session.connection()
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            for item in group:
                try:
                    with nullcontext() if alone else connection.begin_nested():
                        value = item.context.run(item.work, session)
                except BaseException as failure:  # its own answer (refused, an error), as the
                    if alone:  # pool's thread would give it
                        raise
                    outcomes.append((item, None, failure))
                else:
                    outcomes.append((item, value, None))
            session.commit()
    except BaseException as not_committed:  # nothing of the group was committed
        for item in group:
            item.done.set_exception(not_committed)
        return
    for item, value, failed in outcomes:
        if failed is None:
            item.done.set_result(value)
        else:
            item.done.set_exception(failed)
