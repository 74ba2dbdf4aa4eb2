"""Tasks shared by several flows (I/O, so they retry)."""

from __future__ import annotations

from datetime import datetime

from prefect import task
from prefect.cache_policies import NO_CACHE

from fasttrack_core.notify.dispatcher import DeliverySummary, deliver_due
from fasttrack_core.orchestration.runtime import context_for, run_sync
from fasttrack_core.settings import Settings


@task(
    name="deliver-messages",
    task_run_name="lever udbakken",
    retries=2,
    retry_delay_seconds=10,
    cache_policy=NO_CACHE,
)
def deliver_messages(as_of: datetime) -> DeliverySummary:
    """Send every message due at `as_of` (all of them, in one batch; SMTP and the database)."""
    settings = Settings()
    return run_sync(deliver_due(context_for(settings), settings, as_of))
