"""A simulated period's mail: the real dispatcher run at each simulated moment a message fell due,
as the delivery deployment (every minute) would have run it, so each e-mail, letter and proof of
dispatch carries the simulated time it went (`fasttrack simulate --deliver`)."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass
class SimulatedDelivery:
    summary: DeliverySummary
    # The simulated moment of a run that sent nothing and deferred something (the relay is down):
    # delivery stopped there.
    relay_down_at: datetime | None = None

    def as_dict(self) -> dict[str, object]:
        at = self.relay_down_at.isoformat() if self.relay_down_at else None
        return self.summary.as_dict() | {"relay_down_at": at}


async def deliver_simulated(
    ctx: AppContext, settings: Settings, until: datetime
) -> SimulatedDelivery:
    """Deliver everything that fell due before `until`, each run at the moment the earliest
    pending message fell due. Stop at a configuration error (the rest is held, as in
    `fasttrack outbox send`), and at a run that sent nothing and deferred something: the relay
    is down in real time, and a retry minutes later in simulated time is milliseconds later in
    real time (the rest stays pending for `fasttrack outbox send`)."""
    total = SimulatedDelivery(DeliverySummary(as_of=until))
    last_run: datetime | None = None
    while (due := _earliest_due(ctx)) is not None:
        now = due if last_run is None else max(due, last_run + RUN_EVERY)
        if now >= until:
            break
        run = await deliver_due(ctx, settings, now)
        total.summary.add(run)
        if run.retried and not run.sent:
            total.relay_down_at = now
        if total.summary.configuration_error is not None or total.relay_down_at is not None:
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
