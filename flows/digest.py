"""The weekly digest: Monday morning, queue each consultant's overview of the week."""

from __future__ import annotations

from datetime import datetime

from prefect import get_run_logger

from fasttrack_core.orchestration.runtime import (
    business_time,
    describe_run,
    flow_context,
    local_minute,
    parameter,
)
from fasttrack_core.services.digest import queue_weekly_digests
from flows._decorators import alerting_flow, retrying_task


@retrying_task("queue-weekly-digests", "læg ugens overblik i udbakken")
def queue_digests(as_of: datetime) -> int:
    return queue_weekly_digests(flow_context(), as_of=as_of)


def _week(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def _run_name() -> str:
    return f"digest {_week(business_time(parameter('as_of')))}"


@alerting_flow("digest", _run_name)
def digest_flow(as_of: str | None = None) -> dict[str, object]:
    """Queue the week's digests (once per consultant and ISO week); delivery sends them."""
    now = business_time(as_of)
    queued = queue_digests(now)
    get_run_logger().info("%d ugeoverblik lagt i udbakken", queued)
    describe_run(f"digest {_week(now)} · {queued} overblik")
    return {"as_of": now.isoformat(), "digests": queued, "at": local_minute(now)}
