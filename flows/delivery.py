"""Delivery: every minute, send what is due in the outbox (retries and failure reports inside)."""

from __future__ import annotations

from prefect import get_run_logger
from prefect.artifacts import create_table_artifact

from fasttrack_core.orchestration.reporting import delivery_table
from fasttrack_core.orchestration.runtime import (
    business_time,
    describe_run,
    local_minute,
    parameter,
)
from flows._decorators import alerting_flow
from flows._tasks import deliver_messages


def _run_name() -> str:
    return f"delivery {local_minute(business_time(parameter('as_of')))}"


@alerting_flow("delivery", _run_name)
def delivery_flow(as_of: str | None = None) -> dict[str, object]:
    """Deliver every message due at `as_of` (default: the scheduled time)."""
    now = business_time(as_of)
    summary = deliver_messages(now)
    get_run_logger().info(
        "%d sendt, %d forsøges igen, %d fejlet, %d fejlrapporter",
        summary.sent,
        summary.retried,
        summary.failed,
        summary.reported,
    )
    if summary.sent or summary.retried or summary.failed:
        create_table_artifact(
            delivery_table(summary),
            key="delivery",
            description=(
                f"Levering {local_minute(now)}: {summary.sent} sendt, "
                f"{summary.retried} forsøges igen, {summary.failed} fejlet."
            ),
        )
    if summary.configuration_error is not None:
        # No retry can fix it: the run fails at once, visibly in the Prefect UI, with what to
        # change (names settings only). The messages are held, not failed.
        raise RuntimeError(
            f"Konfigurationsfejl: {summary.configuration_error} ({summary.held} e-mails venter)"
        )
    describe_run(
        f"delivery {local_minute(now)} · {summary.sent} sendt"
        + (f", {summary.retried} igen" if summary.retried else "")
        + (f", {summary.failed} fejlet" if summary.failed else "")
    )
    return summary.as_dict()
