"""Tasks shared by several flows (I/O, so they retry)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prefect.artifacts import create_markdown_artifact

from fasttrack_core.notify.dispatcher import DeliverySummary, deliver_due
from fasttrack_core.orchestration.case_timeline import (
    artifact_key,
    public_case_view,
    timeline_markdown,
)
from fasttrack_core.orchestration.runtime import flow_context, flow_runtime, run_sync
from fasttrack_core.services.queries import case_view
from flows._decorators import retrying_task


@retrying_task("deliver-messages", "lever udbakken")
def deliver_messages(as_of: datetime) -> DeliverySummary:
    """Send every message due at `as_of` (all of them, in one batch; SMTP and the database)."""
    runtime = flow_runtime()
    return run_sync(deliver_due(runtime.ctx, runtime.settings, as_of))


@retrying_task("case-timelines", "sagernes tidslinjer", retry_delay_seconds=5)
def publish_case_timelines(references: list[str]) -> list[dict[str, Any]]:
    """One Markdown artifact per case (key `case-ft-2026-000123`), its timeline without personal
    data. One after the other: a Prefect server on SQLite takes concurrent writes slower (about
    30 ms each in turn, 2-4 times that at once). Returns the cases without personal data."""
    ctx = flow_context()
    views = [case_view(ctx, reference) for reference in references]
    for view in views:
        create_markdown_artifact(
            timeline_markdown(view),
            key=artifact_key(view.reference),
            description=(
                f"Sag {view.reference}: status, frister og tidslinje (uden personoplysninger)."
            ),
        )
    return [public_case_view(view) for view in views]
