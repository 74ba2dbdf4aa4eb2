"""Where the API runs an intake's transaction (issue 13).

SQLite writes one transaction at a time. The API's intakes on SQLite therefore run one after
another on a single thread of the web process, in the order they arrived. Before, each ran on a
thread of Starlette's pool (up to 40), and all but one waited on a lock: the threads fought over
the GIL, the lock is not first come first served, and every request paid for the handoff. Measured
with `bench/api.py` (16 clients, one worker, three runs alternated on the same machine), the
single thread answered 172–232 requests/s with p99 89–128 ms, the pool 156–199 requests/s with
p99 116–166 ms.

On PostgreSQL, which writes concurrently, an intake runs on the pool like any other blocking work.
The event loop never waits for a database either way.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from starlette.concurrency import run_in_threadpool

from fasttrack_core.db import AppContext

T = TypeVar("T")

# One per process, shared by every app in it (tests build many); started at the first intake.
_SQLITE_WRITER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fasttrack-sqlite-writer")


async def run_writing(ctx: AppContext, work: Callable[[], T]) -> T:
    """`work()` (a blocking use case that writes) off the event loop: on SQLite on the process's
    writing thread, after the intakes that came before it; on PostgreSQL on the thread pool."""
    if ctx.engine.dialect.name != "sqlite":
        return await run_in_threadpool(work)
    context = contextvars.copy_context()  # as the pool does: the request's context goes along
    return await asyncio.get_running_loop().run_in_executor(
        _SQLITE_WRITER, lambda: context.run(work)
    )
