"""The sweep, `advance(now)`: every step due at `now` is reminded or marked overdue, once."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import bindparam, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from fasttrack_core.db import AppContext, insert_new
from fasttrack_core.domain.sweep import StepTiming, Trigger, next_check_at, triggers_at
from fasttrack_core.domain.vocabulary import EventKind, StepKind, StepStatus
from fasttrack_core.models import Case, Consultant, Event, JobCentre, Step
from fasttrack_core.services.assignment import SYSTEM_ACTOR
from fasttrack_core.services.concern_deadlines import advance_concerns
from fasttrack_core.services.notices.case_mail import CaseMail
from fasttrack_core.services.notices.deadlines import DueStep, queue_deadline_notices
from fasttrack_core.services.pause import resume_due
from fasttrack_core.services.timeline import step_timing

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
    # Concerns' deadlines reminded or escalated, by "step:trigger" (services/concern_deadlines.py)
    concerns: Counter[str] = field(default_factory=Counter)
    # What it wrote, for a caller that holds these rows loaded (the simulator's recorder): the
    # steps it changed and the cases it resumed.
    changed_steps: list[int] = field(default_factory=list)
    resumed_cases: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "as_of": self.as_of.isoformat(),
            "due": self.due,
            "reminded": self.reminded,
            "overdue": self.overdue,
            "resumed": self.resumed,
            "by_step": dict(sorted(self.by_step.items())),
            "concerns": dict(sorted(self.concerns.items())),
        }


STEP = Step.__table__  # type: ignore[attr-defined]

# One row per step, by id (an executemany): the sweep touches thousands of steps at once, and ORM
# entities cost several times the SQL to load and flush.
_UPDATE_STEP = (
    update(STEP)
    .where(STEP.c.id == bindparam("step_id"))
    .values(
        status=bindparam("status"),
        reminded_at=bindparam("reminded_at"),
        escalated_at=bindparam("escalated_at"),
        next_check_at=bindparam("next_check_at"),
    )
)


@dataclass(frozen=True, slots=True)
class _Found:
    """A due step as the sweep reads it: its row and what its messages need."""

    id: int
    status: str
    timing: StepTiming
    reminded_at: datetime | None
    escalated_at: datetime | None
    details: DueStep


def steps_to_check(
    session: Session, now: datetime, base_url: str, limit: int | None = None
) -> list[_Found]:
    """Steps whose next check has come (indexed on next_check_at), with what their messages need.

    On PostgreSQL the rows are locked and rows locked by a concurrent sweep are skipped.
    """
    query = (
        sa_select(
            STEP.c.id,
            STEP.c.case_id,
            STEP.c.kind,
            STEP.c.seq,
            STEP.c.status,
            STEP.c.due_at,
            STEP.c.remind_at,
            STEP.c.reminded_at,
            STEP.c.escalated_at,
            STEP.c.owner,
            col(Case.reference),
            col(Case.job_centre_id),
            col(JobCentre.name),
            col(Consultant.name),
            col(Consultant.email),
        )
        .join(Case, col(Case.id) == STEP.c.case_id)
        .join(JobCentre, col(JobCentre.id) == col(Case.job_centre_id))
        .outerjoin(Consultant, col(Consultant.id) == col(Case.consultant_id))
        .where(STEP.c.next_check_at <= now)
        .order_by(STEP.c.next_check_at, STEP.c.id)
        .limit(limit)
        .with_for_update(of=STEP, skip_locked=True)
    )
    found = []
    mails: dict[int, CaseMail] = {}  # a case's steps share its CaseMail
    for row in session.execute(query):
        step_id, case_id, kind, seq, status, due_at, remind_at, reminded_at = row[:8]
        escalated_at, owner, reference, centre_id, centre, name, email = row[8:]
        mail = mails.get(case_id)
        if mail is None:
            mail = mails[case_id] = CaseMail(case_id, reference, centre, base_url)
        timing = step_timing(due_at, remind_at, reminded_at, escalated_at)
        details = DueStep(mail, centre_id, StepKind(kind), seq, due_at, owner, name, email)
        found.append(_Found(step_id, status, timing, reminded_at, escalated_at, details))
    return found


def advance(ctx: AppContext, *, as_of: datetime, limit: int | None = None) -> SweepSummary:
    """Advance every due step at `as_of` in one transaction, with its timeline events and
    messages (`notices.deadlines`). Idempotent for `as_of`.

    Paused cases whose resume date has come are resumed first, so their deadlines, moved by the
    pause, are checked in the same run; a paused case's frozen steps have no next check. Open
    concerns' deadlines are reminded and escalated in the same transaction
    (`concern_deadlines.advance_concerns`).
    Set-based: one query reads the due steps, one executemany updates them, one statement each
    inserts their events and their messages.
    """
    resumed = resume_due(ctx, as_of=as_of)
    summary = SweepSummary(as_of=as_of, resumed=len(resumed), resumed_cases=resumed)
    recorded = ctx.clock.now()
    events: list[dict[str, object]] = []
    changes: list[dict[str, object]] = []
    triggered: list[tuple[DueStep, Trigger]] = []
    with ctx.unit_of_work() as session:
        _lock_for_writing(session)
        for found in steps_to_check(session, as_of, ctx.base_url, limit):
            step = found.details
            summary.due += 1
            status, timing = found.status, found.timing
            reminded_at, escalated_at = found.reminded_at, found.escalated_at
            for trigger in triggers_at(timing, as_of):
                if trigger is Trigger.REMINDER:
                    reminded_at = as_of
                    timing = replace(timing, reminded=True)
                    summary.reminded += 1
                else:
                    status = StepStatus.OVERDUE
                    escalated_at = as_of
                    timing = replace(timing, overdue=True)
                    summary.overdue += 1
                summary.by_step[f"{step.kind}:{trigger}"] += 1
                due = step.due_at.isoformat()
                events.append(
                    {
                        "case_id": step.mail.case_id,
                        "kind": TRIGGER_EVENTS[trigger],
                        "occurred_at": as_of,
                        "recorded_at": recorded,
                        "actor": SYSTEM_ACTOR,
                        "data": {"step": step.kind, "seq": step.seq, "due": due},
                        # Once per step and deadline, however often the sweep runs.
                        "dedupe_key": f"{step.mail.reference}:{trigger}:{found.id}:{due}",
                    }
                )
                triggered.append((step, trigger))
            summary.changed_steps.append(found.id)
            changes.append(
                {
                    "step_id": found.id,
                    "status": status,
                    "reminded_at": reminded_at,
                    "escalated_at": escalated_at,
                    "next_check_at": next_check_at(timing),
                }
            )
        if changes:
            session.connection().execute(_UPDATE_STEP, changes)
        insert_new(session, Event.metadata.tables["event"], events, key="dedupe_key")
        queue_deadline_notices(session, triggered, ctx.admin_email, as_of)
        summary.concerns = advance_concerns(ctx, session, as_of)
        session.commit()
    return summary


def _lock_for_writing(session: Session) -> None:
    """On SQLite, take the database's write lock before the due steps are read: a concurrent
    sweep waits for this one to commit, then finds the steps it advanced no longer due. (SQLite
    ignores FOR UPDATE, and its transactions begin at their first write: two sweeps read the same
    steps.) PostgreSQL locks the rows read instead (FOR UPDATE SKIP LOCKED)."""
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql("BEGIN IMMEDIATE")
