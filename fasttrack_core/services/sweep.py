"""The sweep, `advance(now)`: every step due at `now` is reminded or marked overdue, once."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from fasttrack_core.db import AppContext, insert_new
from fasttrack_core.domain.sweep import Trigger, next_check_at, triggers_at
from fasttrack_core.domain.vocabulary import EventKind, StepKind, StepStatus
from fasttrack_core.models import Case, Consultant, Event, JobCentre, Step
from fasttrack_core.services.assignment import SYSTEM_ACTOR
from fasttrack_core.services.notices.case_mail import CaseMail
from fasttrack_core.services.notices.deadlines import DueStep, queue_deadline_notices
from fasttrack_core.services.pause import resume_due
from fasttrack_core.services.timeline import timing_of

# What each trigger records in the case timeline; the notifications act on these (SPEC §6).
TRIGGER_EVENTS = {
    Trigger.REMINDER: EventKind.REMINDER_DUE,  # to the consultant
    Trigger.OVERDUE: EventKind.STEP_OVERDUE,  # escalation (notices.escalation_recipient)
}


@dataclass
class SweepSummary:
    as_of: datetime
    due: int = 0
    reminded: int = 0
    overdue: int = 0
    resumed: int = 0  # paused cases whose resume date came (services/pause.py)
    by_step: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, object]:
        return {
            "as_of": self.as_of.isoformat(),
            "due": self.due,
            "reminded": self.reminded,
            "overdue": self.overdue,
            "resumed": self.resumed,
            "by_step": dict(sorted(self.by_step.items())),
        }


@dataclass(frozen=True)
class _Found:
    step: Step
    details: DueStep


def steps_to_check(
    session: Session, now: datetime, base_url: str, limit: int | None = None
) -> list[_Found]:
    """Steps whose next check has come (indexed on next_check_at), with what their messages need.

    On PostgreSQL the rows are locked and rows locked by a concurrent sweep are skipped.
    """
    query = (
        sa_select(  # sqlmodel's select takes at most four columns
            Step,
            col(Case.reference),
            col(Case.job_centre_id),
            col(JobCentre.name),
            col(Consultant.name),
            col(Consultant.email),
        )
        .join(Case, col(Case.id) == col(Step.case_id))
        .join(JobCentre, col(JobCentre.id) == col(Case.job_centre_id))
        .outerjoin(Consultant, col(Consultant.id) == col(Case.consultant_id))
        .where(col(Step.next_check_at) <= now)
        .order_by(col(Step.next_check_at), col(Step.id))
        .limit(limit)
        .with_for_update(of=Step, skip_locked=True)
    )
    found = []
    for step, reference, centre_id, centre, name, email in session.execute(query).all():
        details = DueStep(
            CaseMail(step.case_id, reference, centre, base_url),
            centre_id,
            StepKind(step.kind),
            step.seq,
            step.due_at,
            step.owner,
            name,
            email,
        )
        found.append(_Found(step, details))
    return found


def advance(ctx: AppContext, *, as_of: datetime, limit: int | None = None) -> SweepSummary:
    """Advance every due step at `as_of` in one transaction, with its timeline events and
    messages (`notices.deadlines`). Idempotent for `as_of`.

    Paused cases whose resume date has come are resumed first, so their deadlines, moved by the
    pause, are checked in the same run; a paused case's frozen steps have no next check.
    """
    summary = SweepSummary(as_of=as_of, resumed=len(resume_due(ctx, as_of=as_of)))
    recorded = ctx.clock.now()
    events: list[dict[str, object]] = []
    triggered: list[tuple[DueStep, Trigger]] = []
    with ctx.unit_of_work() as session:
        for found in steps_to_check(session, as_of, ctx.base_url, limit):
            step = found.step
            summary.due += 1
            for trigger in triggers_at(timing_of(step), as_of):
                if trigger is Trigger.REMINDER:
                    step.reminded_at = as_of
                    summary.reminded += 1
                else:
                    step.status = StepStatus.OVERDUE
                    step.escalated_at = as_of
                    summary.overdue += 1
                summary.by_step[f"{step.kind}:{trigger}"] += 1
                due = step.due_at.isoformat()
                events.append(
                    {
                        "case_id": step.case_id,
                        "kind": TRIGGER_EVENTS[trigger],
                        "occurred_at": as_of,
                        "recorded_at": recorded,
                        "actor": SYSTEM_ACTOR,
                        "data": {"step": step.kind, "seq": step.seq, "due": due},
                        # Once per step and deadline, however often the sweep runs.
                        "dedupe_key": f"{found.details.mail.reference}:{trigger}:{step.id}:{due}",
                    }
                )
                triggered.append((found.details, trigger))
            step.next_check_at = next_check_at(timing_of(step))
        session.flush()
        insert_new(session, Event.metadata.tables["event"], events, key="dedupe_key")
        queue_deadline_notices(session, triggered, ctx.admin_email, as_of)
        session.commit()
    return summary
