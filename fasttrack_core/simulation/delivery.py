"""A simulated period's mail: the real dispatcher run at each simulated moment a message fell due,
as the delivery deployment (every minute) would have run it, so each e-mail, letter and proof of
dispatch carries the simulated time it went (`fasttrack simulate --deliver`)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.models import OutboxMessage
from fasttrack_core.notify.dispatcher import DeliverySummary, deliver_due
from fasttrack_core.settings import Settings

# The delivery deployment's schedule (flows/prefect.yaml: every minute): one run a simulated
# minute at most.
RUN_EVERY = timedelta(minutes=1)


async def deliver_simulated(
    ctx: AppContext, settings: Settings, until: datetime
) -> DeliverySummary:
    """Deliver everything that fell due before `until`, each run at the moment the earliest
    pending message fell due; stop at a configuration error (the rest is held, as in
    `fasttrack outbox send`). Retries wait their backoff in simulated time."""
    total = DeliverySummary(as_of=until)
    last_run: datetime | None = None
    while (due := _earliest_due(ctx)) is not None:
        now = due if last_run is None else max(due, last_run + RUN_EVERY)
        if now >= until:
            break
        total.add(await deliver_due(ctx, settings, now))
        if total.configuration_error is not None:
            break
        last_run = now
    return total


def _earliest_due(ctx: AppContext) -> datetime | None:
    with ctx.unit_of_work() as session:
        due: datetime | None = session.exec(
            select(func.min(col(OutboxMessage.next_attempt_at))).where(
                col(OutboxMessage.status) == "pending"
            )
        ).one()
        return due
