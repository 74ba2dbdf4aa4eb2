"""What every flow needs: its settings and context (resolved once per process), business time,
run names."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Coroutine, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from fasttrack_core.bootstrap import build_context
from fasttrack_core.db import AppContext
from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.errors import Refused
from fasttrack_core.log_setup import configure_logging
from fasttrack_core.services.setup import prepare
from fasttrack_core.settings import Settings, load_settings

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class FlowRuntime:
    """What the flows and their tasks act with: the settings and the context built from them."""

    settings: Settings
    ctx: AppContext


_runtimes: dict[str, FlowRuntime] = {}
_runtimes_lock = threading.Lock()


def flow_runtime() -> FlowRuntime:
    """The one place flows and tasks get their settings and context: the settings from the
    environment, the context built and prepared (schema, configuration) and logging configured
    once per process and settings.

    A served or worker process runs many flow runs; migrating and configuring is done on the
    first, not on every run.
    """
    settings = load_settings()
    key = settings.model_dump_json()
    with _runtimes_lock:
        runtime = _runtimes.get(key)
        if runtime is None:
            configure_logging(settings.log_level)
            ctx = build_context(settings)
            prepare(ctx, settings)
            runtime = _runtimes[key] = FlowRuntime(settings, ctx)
        return runtime


def flow_context() -> AppContext:
    """The context flows and tasks act through (see flow_runtime)."""
    return flow_runtime().ctx


def forget_contexts() -> None:
    """Drop the cached contexts and their connection pools (tests, `fasttrack up` at exit)."""
    with _runtimes_lock:
        for runtime in _runtimes.values():
            runtime.ctx.engine.dispose()
        _runtimes.clear()


def parse_as_of(as_of: str) -> datetime:
    """An ISO date-time; without a time zone it is Danish local time."""
    try:
        moment = datetime.fromisoformat(as_of)
    except ValueError:
        example = "2026-11-23T14:00:00+01:00"
        raise ValueError(f"'{as_of}' er ikke et tidspunkt (brug fx {example}).") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=COPENHAGEN)


def business_time(as_of: str | None) -> datetime:
    """The time a flow run acts at: `as_of` when given, else the run's scheduled start time.

    A scheduled run that is retried or re-run acts at the same time as before, so it changes
    nothing the first attempt did (the services are idempotent per time).
    """
    if as_of:
        return parse_as_of(as_of)
    from prefect.runtime import flow_run

    scheduled: datetime = flow_run.get_scheduled_start_time()
    return datetime.fromtimestamp(scheduled.timestamp(), tz=COPENHAGEN)


def parameter(name: str) -> Any:
    """A parameter of the current flow run (for run-name callables)."""
    from prefect.runtime import flow_run

    return flow_run.get_parameters().get(name)


def local_minute(moment: datetime) -> str:
    """'2026-11-23 14:00', Danish local time."""
    return f"{moment.astimezone(COPENHAGEN):%Y-%m-%d %H:%M}"


def describe_run(name: str, tags: Iterable[str] = ()) -> None:
    """Rename the current flow run after its work (with counts) and add tags.

    The name is set after the work because only then are the counts known. A failure to rename
    is logged, never raised: the work is done.
    """
    from prefect.client.orchestration import get_client
    from prefect.runtime import flow_run

    run_id = flow_run.get_id()
    if run_id is None:
        return
    extra = set(tags)
    try:
        with get_client(sync_client=True) as client:
            client.update_flow_run(
                UUID(run_id),
                name=name,
                tags=sorted(set(flow_run.get_tags()) | extra) if extra else None,
            )
    except Exception as exc:
        log.warning("could not rename flow run %s (%s)", run_id, type(exc).__name__)


def run_sync(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion from synchronous code, inside an event loop or not."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(1) as executor:
        return executor.submit(asyncio.run, coroutine).result()


# Failures that another attempt cannot change: a refusal, a bad parameter, a bug.
_NOT_TRANSIENT = (Refused, ValueError, TypeError, KeyError, AttributeError, AssertionError)


def transient_failure(task: Any, task_run: Any, state: Any) -> bool:
    """`retry_condition_fn` for the I/O tasks: retry database and SMTP trouble, not refusals."""
    try:
        state.result(raise_on_failure=True)
    except _NOT_TRANSIENT:
        return False
    except BaseException:
        return True
    return True
