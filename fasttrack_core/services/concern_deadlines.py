"""The sweep's part for Fast track on concern (issue 16): each open concern whose next deadline is
within the reminder window or has passed is reminded or escalated, once per deadline, as a Fast
track step is (`services/sweep.py`, rules in `domain/concern_deadlines.py`).

A concern keeps no sweep state of its own: what has fired is read from its timeline (the
`concern_reminder_due` and `concern_overdue` events), for the due concerns only. Set-based: one
query reads the job centres' policies, one the due concerns, one their earlier reminders and
escalations; one statement each inserts the events and the messages.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import Row, case, insert
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.concern_deadlines import (
    AWAITED,
    ConcernStep,
    concern_timing,
    reminder_horizon,
)
from fasttrack_core.domain.sweep import Trigger, triggers_at
from fasttrack_core.domain.vocabulary import EventKind
from fasttrack_core.models import ConcernCase, ConcernEvent, Consultant, JobCentre
from fasttrack_core.services.assignment import SYSTEM_ACTOR
from fasttrack_core.services.notices.concern_deadlines import DueConcern, queue_concern_notices
from fasttrack_core.services.policies import policy_of

# What each trigger records in the concern's timeline, as `sweep.TRIGGER_EVENTS` for a step.
CONCERN_TRIGGER_EVENTS = {
    Trigger.REMINDER: EventKind.CONCERN_REMINDER_DUE,
    Trigger.OVERDUE: EventKind.CONCERN_OVERDUE,
}

# The deadline of the step a concern waits for (`AWAITED`), by its status.
_DUE_COLUMN = {
    ConcernStep.CONTACT: col(ConcernCase.contact_due),
    ConcernStep.TALK: col(ConcernCase.talk_due),
    ConcernStep.EFFORT: col(ConcernCase.effort_due),
}


def advance_concerns(ctx: AppContext, session: Session, as_of: datetime) -> Counter[str]:
    """In the sweep's transaction: remind or escalate each concern deadline due at `as_of` that
    was not before; the count by "step:trigger"."""
    policies = {centre.id: policy_of(centre) for centre in session.exec(select(JobCentre)).all()}
    horizon = reminder_horizon(policies.values(), as_of, ctx.calendar)
    found = _due_concerns(session, horizon)
    fired = _fired(session, [row[0] for row in found])
    recorded = ctx.clock.now()
    counts: Counter[str] = Counter()
    events: list[dict[str, object]] = []
    triggered: list[tuple[DueConcern, Trigger]] = []
    for concern_id, reference, status, centre_id, received_at, due_at, *rest in found:
        centre, consultant_name, consultant_email = rest
        step = AWAITED[status]
        seen = fired.get((concern_id, step, due_at.isoformat()), set())
        timing = concern_timing(
            due_at,
            received_at,
            Trigger.REMINDER in seen,
            Trigger.OVERDUE in seen,
            policies[centre_id],
            ctx.calendar,
        )
        due = DueConcern(
            reference, centre_id, centre, step, due_at, consultant_name, consultant_email
        )
        for trigger in triggers_at(timing, as_of):
            counts[f"{step}:{trigger}"] += 1
            events.append(
                {
                    "concern_id": concern_id,
                    "kind": CONCERN_TRIGGER_EVENTS[trigger],
                    "occurred_at": as_of,
                    "recorded_at": recorded,
                    "actor": SYSTEM_ACTOR,
                    "data": {"concern_step": step.value, "due": due_at.isoformat()},
                }
            )
            triggered.append((due, trigger))
    if events:
        session.execute(insert(ConcernEvent), events)
    queue_concern_notices(session, triggered, ctx.admin_email, ctx.base_url, as_of)
    return counts


def _due_concerns(session: Session, horizon: datetime) -> list[Row[Any]]:
    """The concerns waiting for a step whose deadline is at or before `horizon` (the reminder
    window of every policy), with what their messages need. On PostgreSQL the rows are locked
    and rows locked by a concurrent sweep are skipped."""
    concern = ConcernCase.__table__  # type: ignore[attr-defined]
    next_due = case(
        *[
            (col(ConcernCase.status) == status.value, _DUE_COLUMN[step])
            for status, step in AWAITED.items()
        ]
    )
    query = (
        sa_select(
            col(ConcernCase.id),
            col(ConcernCase.reference),
            col(ConcernCase.status),
            col(ConcernCase.job_centre_id),
            col(ConcernCase.received_at),
            next_due,
            col(JobCentre.name),
            col(Consultant.name),
            col(Consultant.email),
        )
        .join(JobCentre, col(JobCentre.id) == col(ConcernCase.job_centre_id))
        .outerjoin(Consultant, col(Consultant.id) == col(ConcernCase.consultant_id))
        .where(col(ConcernCase.status).in_([s.value for s in AWAITED]), next_due <= horizon)
        .order_by(col(ConcernCase.id))
        .with_for_update(of=concern, skip_locked=True)
    )
    return list(session.execute(query))


def _fired(
    session: Session, concern_ids: list[int]
) -> dict[tuple[int, ConcernStep, str], set[Trigger]]:
    """What the sweep already did for these concerns: the triggers by concern, step and
    deadline, from their timelines."""
    if not concern_ids:
        return {}
    trigger_of = {kind: trigger for trigger, kind in CONCERN_TRIGGER_EVENTS.items()}
    rows = session.exec(
        select(ConcernEvent.concern_id, ConcernEvent.kind, ConcernEvent.data).where(
            col(ConcernEvent.concern_id).in_(concern_ids),
            col(ConcernEvent.kind).in_(list(trigger_of)),
        )
    )
    fired: dict[tuple[int, ConcernStep, str], set[Trigger]] = {}
    for concern_id, kind, data in rows:
        key = (concern_id, ConcernStep(data["concern_step"]), data["due"])
        fired.setdefault(key, set()).add(trigger_of[EventKind(kind)])
    return fired
