"""How every flow and task here is declared, in one place: tasks do I/O, so they retry transient
trouble (database, SMTP, the Prefect API) and never cache; a failed or crashed flow run emails
the administrator."""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from prefect import Flow, Task, flow, task
from prefect.cache_policies import NO_CACHE

from fasttrack_core.orchestration.alerts import alert_admin
from fasttrack_core.orchestration.runtime import transient_failure

P = ParamSpec("P")
R = TypeVar("R")

RETRIES = 2
RETRY_DELAY_SECONDS = 10


def retrying_task(
    name: str, run_name: str, *, retry_delay_seconds: int = RETRY_DELAY_SECONDS
) -> Callable[[Callable[P, R]], Task[P, R]]:
    """A task that retries a transient failure RETRIES times and caches nothing."""
    return task(
        name=name,
        task_run_name=run_name,
        retries=RETRIES,
        retry_delay_seconds=retry_delay_seconds,
        retry_condition_fn=transient_failure,
        cache_policy=NO_CACHE,
    )


def alerting_flow(name: str, run_name: Callable[[], str]) -> Callable[[Callable[P, R]], Flow[P, R]]:
    """A flow whose failed or crashed runs are reported to the administrator by email."""
    return flow(
        name=name,
        flow_run_name=run_name,
        on_failure=[alert_admin],
        on_crashed=[alert_admin],
    )
