"""Retention, every night: anonymise closed cases, delete old emails, caught mail files,
idempotency answers and audit entries, each after its period (services/retention.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prefect import get_run_logger

from fasttrack_core.orchestration.runtime import (
    business_time,
    describe_run,
    flow_runtime,
    local_minute,
    parameter,
)
from fasttrack_core.services.retention import RetentionPolicy, apply_retention
from flows._decorators import alerting_flow, retrying_task


@retrying_task("apply-retention", "slet det, der er udløbet")
def apply(as_of: datetime) -> dict[str, Any]:
    runtime = flow_runtime()
    settings = runtime.settings
    policy = RetentionPolicy.from_settings(settings)
    return apply_retention(runtime.ctx, policy, as_of, settings.mail_dir).as_dict()


def _run_name() -> str:
    return f"retention {local_minute(business_time(parameter('as_of')))}"


@alerting_flow("retention", _run_name)
def retention_flow(as_of: str | None = None) -> dict[str, Any]:
    """Apply the retention policy at the scheduled time; a rerun finds nothing more to do.
    Only counts leave the run: no case, person or text."""
    now = business_time(as_of)
    counts = apply(now)
    get_run_logger().info("sletning: %s", counts)
    describe_run(f"retention {local_minute(now)} · {counts['cases_anonymised']} sager anonymiseret")
    return counts
