"""Retention, every night: anonymise closed cases, delete old emails, caught mail files,
idempotency answers and audit entries, each after its period (services/retention.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from fasttrack_core.orchestration.alerts import alert_admin
from fasttrack_core.orchestration.runtime import (
    business_time,
    context_for,
    describe_run,
    local_minute,
    parameter,
    transient_failure,
)
from fasttrack_core.services.retention import RetentionPolicy, apply_retention
from fasttrack_core.settings import Settings


@task(
    name="apply-retention",
    task_run_name="slet det, der er udløbet",
    retries=2,
    retry_delay_seconds=10,
    retry_condition_fn=transient_failure,
    cache_policy=NO_CACHE,
)
def apply(as_of: datetime) -> dict[str, Any]:
    settings = Settings()
    policy = RetentionPolicy.from_settings(settings)
    return apply_retention(context_for(settings), policy, as_of, settings.mail_dir).as_dict()


def _run_name() -> str:
    return f"retention {local_minute(business_time(parameter('as_of')))}"


@flow(
    name="retention",
    flow_run_name=_run_name,
    on_failure=[alert_admin],
    on_crashed=[alert_admin],
)
def retention_flow(as_of: str | None = None) -> dict[str, Any]:
    """Apply the retention policy at the scheduled time; a rerun finds nothing more to do.
    Only counts leave the run: no case, person or text."""
    now = business_time(as_of)
    counts = apply(now)
    get_run_logger().info("sletning: %s", counts)
    describe_run(f"retention {local_minute(now)} · {counts['cases_anonymised']} sager anonymiseret")
    return counts
