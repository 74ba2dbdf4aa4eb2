"""The weekly digest: Monday morning, queue each consultant's overview of the week."""

from __future__ import annotations

from datetime import datetime

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from fasttrack_core.orchestration.alerts import alert_admin
from fasttrack_core.orchestration.runtime import (
    business_time,
    describe_run,
    flow_context,
    local_minute,
    parameter,
    transient_failure,
)
from fasttrack_core.services.digest import queue_weekly_digests


@task(
    name="queue-weekly-digests",
    task_run_name="læg ugens overblik i udbakken",
    retries=2,
    retry_delay_seconds=10,
    retry_condition_fn=transient_failure,
    cache_policy=NO_CACHE,
)
def queue_digests(as_of: datetime) -> int:
    return queue_weekly_digests(flow_context(), as_of=as_of)


def _week(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def _run_name() -> str:
    return f"digest {_week(business_time(parameter('as_of')))}"


@flow(
    name="digest",
    flow_run_name=_run_name,
    on_failure=[alert_admin],
    on_crashed=[alert_admin],
)
def digest_flow(as_of: str | None = None) -> dict[str, object]:
    """Queue the week's digests (once per consultant and ISO week); delivery sends them."""
    now = business_time(as_of)
    queued = queue_digests(now)
    get_run_logger().info("%d ugeoverblik lagt i udbakken", queued)
    describe_run(f"digest {_week(now)} · {queued} overblik")
    return {"as_of": now.isoformat(), "digests": queued, "at": local_minute(now)}
