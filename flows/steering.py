"""The monthly steering report: the KPIs of the previous month as a Prefect table artifact, and
each job centre's report as a PDF to its steering group through the outbox (delivered by the
`delivery` deployment)."""

from __future__ import annotations

from datetime import date

from prefect import get_run_logger
from prefect.artifacts import create_table_artifact

from fasttrack_core.domain.calendar import local_date
from fasttrack_core.orchestration.reporting import kpi_table
from fasttrack_core.orchestration.runtime import (
    business_time,
    describe_run,
    flow_context,
    parameter,
)
from fasttrack_core.reporting.delivery import QueuedReport, queue_steering_reports
from fasttrack_core.reporting.figures import SteeringFigures, steering_figures
from fasttrack_core.reporting.periods import Period, Scope, previous_month
from flows._decorators import alerting_flow, retrying_task


def period_end_of(period_end: str | None) -> date:
    """The given ISO date, else the run's scheduled day (Danish local date)."""
    if period_end:
        try:
            return date.fromisoformat(period_end)
        except ValueError:
            raise ValueError(f"'{period_end}' er ikke en dato (brug fx 2026-12-01).") from None
    return local_date(business_time(None))


@retrying_task("steering-kpis", "nøgletal")
def measure_all(period: Period) -> SteeringFigures:
    """Every KPI for all job centres (grouped SQL; see fasttrack_core.reporting.kpi_queries)."""
    return steering_figures(flow_context(), period, Scope())


@retrying_task("steering-reports", "rapporter til styregrupper")
def queue_reports(period: Period) -> list[QueuedReport]:
    """One PDF per job centre with steering addresses, queued once per period."""
    return queue_steering_reports(flow_context(), period, as_of=business_time(None))


def _run_name() -> str:
    return f"steering report {previous_month(period_end_of(parameter('period_end'))).first:%Y-%m}"


@alerting_flow("steering-report", _run_name)
def steering_report_flow(period_end: str | None = None) -> dict[str, object]:
    """Report the calendar month before `period_end`'s month (default: the run's month)."""
    period = previous_month(period_end_of(period_end))
    figures = measure_all(period)
    queued = queue_reports(period)
    requests = figures.current.values["requests"]
    sent = [report.municipality for report in queued if report.queued]
    get_run_logger().info(
        "%s: %s anmodninger; rapport lagt i udbakken til %d styregrupper (%s)",
        period.label(),
        requests,
        len(sent),
        ", ".join(sent) or "ingen nye",
    )
    create_table_artifact(
        kpi_table(figures),
        key="steering-kpis",
        description=(
            f"Nøgletal for Fast track, alle jobcentre, {period.label()} "
            f"(sammenlignet med {figures.previous_period.label()}). "
            f"Rapport sendt til {len(sent)} styregrupper."
        ),
    )
    describe_run(
        f"steering report {period.first:%Y-%m} · {requests} anmodninger, {len(sent)} rapporter"
    )
    return {
        "period": {"from": period.first.isoformat(), "to": period.last.isoformat()},
        "kpis": {key: value for key, value in figures.current.values.items()},
        "reports_queued": sent,
    }
