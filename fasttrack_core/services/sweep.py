"""The sweep, `advance(now)`: every step due at `now` is reminded or marked overdue, once."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from fasttrack_core.db import Context, insert_new
from fasttrack_core.domain.sweep import Trigger, next_check_at, triggers_at
from fasttrack_core.domain.vocabulary import EventKind, StepStatus
from fasttrack_core.models import Case, Event, Step
from fasttrack_core.services.assignment import SYSTEM_ACTOR
from fasttrack_core.services.timeline import timing_of

# What each trigger records in the case timeline; the notifications act on these (SPEC §6).
TRIGGER_EVENTS = {
    Trigger.REMINDER: EventKind.REMINDER_DUE,  # to the consultant
    Trigger.OVERDUE: EventKind.STEP_OVERDUE,  # escalation to the team lead
}


@dataclass
class SweepSummary:
    as_of: datetime
    due: int = 0
    reminded: int = 0
    overdue: int = 0
    by_step: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, object]:
        return {
            "as_of": self.as_of.isoformat(),
            "due": self.due,
            "reminded": self.reminded,
            "overdue": self.overdue,
            "by_step": dict(sorted(self.by_step.items())),
        }


def due_steps(session: Session, now: datetime, limit: int | None = None) -> list[tuple[Step, str]]:
    """Steps whose next check has come (indexed on next_check_at), each with its case reference.

    On PostgreSQL the rows are locked and rows locked by a concurrent sweep are skipped.
    """
    query = (
        select(Step, col(Case.reference))
        .join(Case, col(Case.id) == col(Step.case_id))
        .where(col(Step.next_check_at) <= now)
        .order_by(col(Step.next_check_at), col(Step.id))
        .limit(limit)
        .with_for_update(of=Step, skip_locked=True)
    )
    return [(step, reference) for step, reference in session.exec(query).all()]


def advance(ctx: Context, now: datetime, limit: int | None = None) -> SweepSummary:
    """Advance every due step at `now` in one transaction. Idempotent for the same `now`."""
    summary = SweepSummary(as_of=now)
    recorded = ctx.clock.now()
    events: list[dict[str, object]] = []
    with ctx.unit_of_work() as session:
        for step, reference in due_steps(session, now, limit):
            summary.due += 1
            for trigger in triggers_at(timing_of(step), now):
                if trigger is Trigger.REMINDER:
                    step.reminded_at = now
                    summary.reminded += 1
                else:
                    step.status = StepStatus.OVERDUE
                    step.escalated_at = now
                    summary.overdue += 1
                summary.by_step[f"{step.kind}:{trigger}"] += 1
                events.append(
                    {
                        "case_id": step.case_id,
                        "kind": TRIGGER_EVENTS[trigger],
                        "occurred_at": now,
                        "recorded_at": recorded,
                        "actor": SYSTEM_ACTOR,
                        "data": {
                            "step": step.kind,
                            "seq": step.seq,
                            "due": step.due_at.isoformat(),
                        },
                        # Once per step and deadline, however often the sweep runs.
                        "dedupe_key": f"{reference}:{trigger}:{step.id}:{step.due_at.isoformat()}",
                    }
                )
            step.next_check_at = next_check_at(timing_of(step))
        session.flush()
        insert_new(session, Event.metadata.tables["event"], events, key="dedupe_key")
        session.commit()
    return summary
