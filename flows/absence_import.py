"""Absence files, every 15 minutes: import what the employers' payroll or HR systems left in the
inbox folder, raise the absence alerts, move each file to processed/ or refused/
(services/absence_inbox.py). Only counts leave the run: no employee, leader or file content."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from prefect import get_run_logger

from fasttrack_core.orchestration.runtime import (
    business_time,
    describe_run,
    flow_runtime,
    local_minute,
    parameter,
)
from fasttrack_core.services.absence_inbox import import_inbox
from flows._decorators import alerting_flow, retrying_task


@retrying_task("import-absence-inbox", "importér fraværsfiler")
def import_files(folder: str | None, as_of: datetime) -> dict[str, int]:
    runtime = flow_runtime()
    inbox = Path(folder) if folder else runtime.settings.absence_inbox
    return import_inbox(runtime.ctx, folder=inbox, as_of=as_of).as_dict()


def _run_name() -> str:
    return f"absence-import {local_minute(business_time(parameter('as_of')))}"


@alerting_flow("absence-import", _run_name)
def absence_import_flow(folder: str | None = None, as_of: str | None = None) -> dict[str, int]:
    """Import the waiting absence files at the scheduled time; a rerun finds none."""
    now = business_time(as_of)
    counts = import_files(folder, now)
    get_run_logger().info("fraværsfiler: %s", counts)
    describe_run(
        f"absence-import {local_minute(now)} · {counts['files']} filer, {counts['alerts']} alarmer"
    )
    return counts
