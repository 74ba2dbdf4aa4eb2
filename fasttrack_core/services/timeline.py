"""Writing steps and timeline events: the shared mechanics of every use case."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert
from sqlalchemy.orm import class_mapper
from sqlmodel import Session, col, select

from fasttrack_core.domain.calendar import HolidayCalendar
from fasttrack_core.domain.policy import Policy
from fasttrack_core.domain.schedule import PlannedStep, reminder_at
from fasttrack_core.domain.sweep import StepTiming, next_check_at
from fasttrack_core.domain.vocabulary import OUTSTANDING, StepKind, StepStatus
from fasttrack_core.models import Case, Event, Step

# Steps the system completes itself: nobody needs reminding of them.
SYSTEM_STEPS = frozenset({StepKind.NOTICE})


def event_row(
    case_id: int,
    kind: str,
    occurred_at: datetime,
    recorded_at: datetime,
    actor: str,
    data: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "kind": kind,
        "occurred_at": occurred_at,
        "recorded_at": recorded_at,
        "actor": actor,
        "data": data or {},
        "dedupe_key": dedupe_key,
    }


_INSERT_EVENT = insert(Event)


def add_event(
    session: Session,
    case: Case,
    kind: str,
    occurred_at: datetime,
    recorded_at: datetime,
    actor: str,
    data: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
) -> None:
    assert case.id is not None
    row = event_row(case.id, kind, occurred_at, recorded_at, actor, data, dedupe_key)
    # A Core insert on the session's connection: the ORM's bulk path flushed the session first and
    # cost several times the insert itself (a third of recording, profiled on a simulation). The
    # pending step changes are flushed at commit all the same.
    session.connection().execute(_INSERT_EVENT, row)


def add_events(session: Session, rows: list[dict[str, Any]]) -> None:
    """Event rows (`event_row`) in the timeline, in their order, in one statement."""
    if rows:
        session.connection().execute(_INSERT_EVENT, rows)


def step_row(
    case_id: int,
    planned: PlannedStep,
    policy: Policy,
    calendar: HolidayCalendar,
    created_at: datetime,
) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "kind": planned.kind,
        "seq": planned.seq,
        "owner": planned.owner,
        "title": planned.title,
        "scheduled_at": None,
        "completed_at": None,
        **deadline_fields(planned.kind, planned.due_at, policy, calendar, created_at),
    }


def add_step(
    session: Session,
    case: Case,
    planned: PlannedStep,
    policy: Policy,
    calendar: HolidayCalendar,
    created_at: datetime,
) -> Step:
    """The planned step, a new row of the session (inserted at its next flush)."""
    assert case.id is not None
    step = _STEP_ROWS.new_instance()
    # Its columns set as the ORM sets a loaded row's: `Step(**row)` validated the values built
    # here once more, at the cost of all the rest of the step (profiled on a simulation).
    step.__dict__.update(step_row(case.id, planned, policy, calendar, created_at))
    session.add(step)
    return step


_STEP_ROWS = class_mapper(Step).class_manager


def deadline_fields(
    kind: str,
    due_at: datetime,
    policy: Policy,
    calendar: HolidayCalendar,
    now: datetime,
) -> dict[str, Any]:
    """A deadline's columns: its own reminder and escalation, which fire once each."""
    remind_at = None if kind in SYSTEM_STEPS else reminder_at(due_at, now, policy, calendar)
    timing = StepTiming(due_at=due_at, remind_at=remind_at, reminded=False, overdue=False)
    return {
        "due_at": due_at,
        "status": StepStatus.PENDING,
        "remind_at": remind_at,
        "reminded_at": None,
        "escalated_at": None,
        "next_check_at": next_check_at(timing),
    }


def set_deadline(
    step: Step,
    due_at: datetime,
    policy: Policy,
    calendar: HolidayCalendar,
    now: datetime,
) -> None:
    """Move a step's deadline; an unchanged deadline keeps its reminder and escalation state."""
    if step.due_at == due_at:
        return
    for name, value in deadline_fields(step.kind, due_at, policy, calendar, now).items():
        setattr(step, name, value)


def timing_of(step: Step) -> StepTiming:
    return step_timing(step.due_at, step.remind_at, step.reminded_at, step.escalated_at)


def step_timing(
    due_at: datetime,
    remind_at: datetime | None,
    reminded_at: datetime | None,
    escalated_at: datetime | None,
) -> StepTiming:
    """A step's deadlines as the sweep's rules read them, from its columns."""
    return StepTiming(
        due_at=due_at,
        remind_at=remind_at,
        reminded=reminded_at is not None,
        overdue=escalated_at is not None,
    )


def complete(step: Step, at: datetime) -> None:
    step.status = StepStatus.DONE
    step.completed_at = at
    step.next_check_at = None


def cancel(step: Step) -> None:
    step.status = StepStatus.CANCELLED
    step.next_check_at = None


_STEPS_OF_CASE = (
    select(Step).where(col(Step.case_id) == bindparam("case_id")).order_by(col(Step.id))
)


def steps_of(session: Session, case: Case) -> list[Step]:
    return list(session.exec(_STEPS_OF_CASE, params={"case_id": case.id}))


def outstanding(steps: list[Step], kind: StepKind) -> list[Step]:
    return sorted(
        (s for s in steps if s.kind == kind and s.status in OUTSTANDING),
        key=lambda s: s.seq,
    )
