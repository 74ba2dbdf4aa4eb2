"""The sweep: every few minutes, advance every due step (reminders, overdue, escalations)."""

from __future__ import annotations

from datetime import datetime

from prefect import get_run_logger
from prefect.artifacts import create_table_artifact

from fasttrack_core.orchestration.reporting import sweep_table, sweep_tags
from fasttrack_core.orchestration.runtime import (
    business_time,
    describe_run,
    flow_context,
    local_minute,
    parameter,
)
from fasttrack_core.services.case_activity import references_with_events_at
from fasttrack_core.services.sweep import TRIGGER_EVENTS, SweepSummary, advance
from flows._decorators import alerting_flow, retrying_task
from flows._tasks import publish_case_timelines


@retrying_task("advance-due-steps", "fremryk forfaldne skridt")
def advance_due_steps(as_of: datetime) -> SweepSummary:
    """All due steps in one service call (one transaction): never a task per step."""
    return advance(flow_context(), as_of=as_of)


# Case artifacts refreshed per sweep run, at most: each costs a case read and an API call
# (~30 ms), and a sweep may touch thousands of cases (ARCHITECTURE invariant 6).
CASE_ARTIFACTS_PER_RUN = 10


@retrying_task("touched-cases", "berørte sager")
def touched_cases(as_of: datetime) -> list[str]:
    """The cases this sweep reminded or escalated (their timelines changed)."""
    return references_with_events_at(
        flow_context(), TRIGGER_EVENTS.values(), as_of, CASE_ARTIFACTS_PER_RUN
    )


def _run_name() -> str:
    return f"sweep {local_minute(business_time(parameter('as_of')))}"


@alerting_flow("sweep", _run_name)
def sweep_flow(as_of: str | None = None) -> dict[str, object]:
    """Advance every step due at `as_of` (default: the scheduled time). Idempotent per time."""
    now = business_time(as_of)
    summary = advance_due_steps(now)
    concerns = sum(summary.concerns.values())
    get_run_logger().info(
        "%d forfaldne skridt: %d påmindelser, %d overskredne; %d bekymringsfrister",
        summary.due,
        summary.reminded,
        summary.overdue,
        concerns,
    )
    if summary.due:
        publish_case_timelines(touched_cases(now))
    if summary.due or concerns:
        create_table_artifact(
            sweep_table(summary),
            key="sweep",
            description=(
                f"Sweep {local_minute(now)}: {summary.due} forfaldne skridt, "
                f"{summary.reminded} påmindelser, {summary.overdue} overskredne (eskaleret); "
                f"{concerns} bekymringsfrister påmindet eller eskaleret."
            ),
        )
    describe_run(f"sweep {local_minute(now)} · {summary.due} forfaldne", sweep_tags(summary))
    return summary.as_dict()
