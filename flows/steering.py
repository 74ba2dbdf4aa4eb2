"""The monthly steering report. Its content is issue 5; for now it publishes a small overview:
open cases by step, and the cases opened and closed in the previous month."""

from __future__ import annotations

from datetime import date

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE

from fasttrack_core.domain.calendar import local_date
from fasttrack_core.orchestration.alerts import alert_admin
from fasttrack_core.orchestration.reporting import month_label, overview_table
from fasttrack_core.orchestration.runtime import (
    business_time,
    context_for,
    describe_run,
    parameter,
    transient_failure,
)
from fasttrack_core.services.steering_overview import (
    MonthlyOverview,
    monthly_overview,
    previous_month,
)
from fasttrack_core.settings import Settings


def period_end_of(period_end: str | None) -> date:
    """The given ISO date, else the run's scheduled day (Danish local date)."""
    if period_end:
        try:
            return date.fromisoformat(period_end)
        except ValueError:
            raise ValueError(f"'{period_end}' er ikke en dato (brug fx 2026-12-01).") from None
    return local_date(business_time(None))


@task(
    name="monthly-overview",
    task_run_name="månedens tal",
    retries=2,
    retry_delay_seconds=10,
    retry_condition_fn=transient_failure,
    cache_policy=NO_CACHE,
)
def count_month(period_end: date) -> MonthlyOverview:
    """One SQL statement (see services.steering_overview.monthly_overview)."""
    return monthly_overview(context_for(Settings()), period_end)


def _run_name() -> str:
    return f"steering report {previous_month(period_end_of(parameter('period_end'))):%Y-%m}"


@flow(
    name="steering-report",
    flow_run_name=_run_name,
    on_failure=[alert_admin],
    on_crashed=[alert_admin],
)
def steering_report_flow(period_end: str | None = None) -> dict[str, object]:
    """Publish the overview of the month before `period_end`'s month (default: this month)."""
    overview = count_month(period_end_of(period_end))
    month = month_label(overview)
    get_run_logger().info(
        "%s: %d åbne sager, %d oprettet, %d afsluttet",
        month,
        overview.open_cases,
        overview.opened,
        overview.closed,
    )
    create_table_artifact(
        overview_table(overview),
        key="steering-overview",
        description=(
            f"Styringsoverblik for {month}: {overview.open_cases} åbne sager, "
            f"{overview.opened} oprettet og {overview.closed} afsluttet i måneden."
        ),
    )
    describe_run(
        f"steering report {overview.month:%Y-%m} · {overview.open_cases} åbne, "
        f"{overview.opened} oprettet, {overview.closed} afsluttet"
    )
    return {
        "month": overview.month.isoformat(),
        "open_cases": overview.open_cases,
        "opened": overview.opened,
        "closed": overview.closed,
        "open_by_step": {kind: cases for kind, (cases, _) in overview.open_by_step.items()},
    }
