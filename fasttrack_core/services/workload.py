"""What is due, and who carries how much (read-only): the consultants' task list, the team
lead's overview, and the weekly digest (SPEC §5–§6) all read it from here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.calendar import end_of_day, local_date
from fasttrack_core.domain.vocabulary import OUTSTANDING, StepStatus
from fasttrack_core.models import Case, Consultant, JobCentre, RosterEntry, Step
from fasttrack_core.presentation.danish import WEEKDAYS, short_date, step_label
from fasttrack_core.services.assignment import candidates
from fasttrack_core.services.policies import policy_of

DueRow = tuple[str, int, datetime, str, str | None, str, int | None, str, str, str]


def due_steps(until: datetime) -> Select[DueRow]:
    """Outstanding steps that are overdue or due by `until`, earliest first, with their case,
    consultant and job centre."""
    return (
        sa_select(
            col(Step.kind),
            col(Step.seq),
            col(Step.due_at),
            col(Step.status),
            col(Step.title),
            col(Case.reference),
            col(Consultant.id),
            col(Consultant.name),
            col(Consultant.email),
            col(JobCentre.name),
        )
        .join(Case, col(Case.id) == col(Step.case_id))
        .join(Consultant, col(Consultant.id) == col(Case.consultant_id))
        .join(JobCentre, col(JobCentre.id) == col(Case.job_centre_id))
        .where(
            col(Step.status).in_(OUTSTANDING),
            or_(col(Step.status) == StepStatus.OVERDUE, col(Step.due_at) <= until),
        )
        .order_by(col(Step.due_at), col(Case.reference))
    )


def end_of_week(day: date) -> datetime:
    """The last moment of the ISO week (Monday–Sunday) of `day`."""
    return end_of_day(day - timedelta(days=day.weekday()) + timedelta(days=6))


def is_overdue(status: str, due_at: datetime, now: datetime) -> bool:
    """Overdue once the sweep has marked it, or as soon as its deadline has passed."""
    return status == StepStatus.OVERDUE or due_at < now


@dataclass(frozen=True)
class Task:
    reference: str
    label: str
    what: str | None  # a plan action's text
    due_at: datetime
    consultant: str


@dataclass
class TaskList:
    consultant: str | None  # None: the user is not one of the job centre's consultants
    overdue: list[Task]
    today: list[Task]
    this_week: list[Task]


def _task(row: DueRow) -> Task:
    kind, seq, due_at, _status, title, reference, _id, name, _email, _centre = row
    return Task(reference, step_label(kind, seq), title, due_at, name)


def tasks_of(ctx: AppContext, email: str, *, as_of: datetime) -> TaskList:
    """The open steps of the consultant with this e-mail: overdue, due today, due this week."""
    today = local_date(as_of)
    with ctx.unit_of_work() as session:
        consultant = session.exec(
            select(Consultant).where(func.lower(col(Consultant.email)) == email.lower())
        ).first()
        if consultant is None:
            return TaskList(None, [], [], [])
        rows = (
            session.execute(
                due_steps(end_of_week(today)).where(col(Consultant.id) == consultant.id)
            )
            .tuples()
            .all()
        )
    tasks = TaskList(consultant.name, [], [], [])
    for row in rows:
        task = _task(row)
        if is_overdue(row[3], task.due_at, as_of):
            tasks.overdue.append(task)
        elif local_date(task.due_at) == today:
            tasks.today.append(task)
        else:
            tasks.this_week.append(task)
    return tasks


@dataclass(frozen=True)
class Load:
    name: str
    email: str
    fte: float
    open_cases: int
    capacity: float
    absent_today: bool

    @property
    def share(self) -> float:
        return self.open_cases / self.capacity if self.capacity else float("inf")


@dataclass(frozen=True)
class RosterLine:
    when: str  # "mandag" or a date
    consultant: str


@dataclass
class TeamOverview:
    centre: str
    capacity_per_fte: int
    loads: list[Load]
    overdue: list[Task]
    roster: list[RosterLine]


def team_overview(ctx: AppContext, centre_id: int, *, as_of: datetime) -> TeamOverview:
    """Caseload against capacity per consultant, everything overdue, and the duty roster."""
    today = local_date(as_of)
    with ctx.unit_of_work() as session:
        centre = session.get_one(JobCentre, centre_id)
        policy = policy_of(centre)
        people = {
            c.id: c
            for c in session.exec(
                select(Consultant).where(col(Consultant.job_centre_id) == centre_id)
            )
        }
        loads = [
            Load(
                people[c.consultant_id].name,
                people[c.consultant_id].email,
                c.fte,
                c.open_cases,
                c.capacity(policy),
                not c.available,
            )
            for c in candidates(session, centre, today)
        ]
        overdue_rows = (
            session.execute(due_steps(as_of).where(col(Case.job_centre_id) == centre_id))
            .tuples()
            .all()
        )
        roster_rows = session.exec(
            select(RosterEntry).where(col(RosterEntry.job_centre_id) == centre_id)
        ).all()
    roster = sorted(roster_rows, key=_roster_order)
    return TeamOverview(
        centre=centre.name,
        capacity_per_fte=policy.capacity_per_fte,
        loads=sorted(loads, key=lambda load: load.name),
        overdue=[_task(row) for row in overdue_rows],
        roster=[
            RosterLine(
                WEEKDAYS[entry.weekday] if entry.weekday is not None else _day(entry.day),
                people[entry.consultant_id].name if entry.consultant_id in people else "?",
            )
            for entry in roster
        ],
    )


def _roster_order(entry: RosterEntry) -> tuple[int, Any]:
    return (0, entry.weekday) if entry.weekday is not None else (1, entry.day)


def _day(day: date | None) -> str:
    return short_date(day) if day else ""


@dataclass(frozen=True)
class Colleague:
    id: int
    name: str
    email: str


def colleagues(session: Session, centre_id: int) -> list[Colleague]:
    """The job centre's active consultants (who a case may be moved to)."""
    rows = session.exec(
        select(Consultant)
        .where(col(Consultant.job_centre_id) == centre_id, col(Consultant.active))
        .order_by(col(Consultant.name))
    ).all()
    return [Colleague(c.id, c.name, c.email) for c in rows if c.id is not None]
