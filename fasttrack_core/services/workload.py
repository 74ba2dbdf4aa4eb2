"""What is due, and who carries how much (read-only): the consultants' task list, the team
lead's overview, and the weekly digest (SPEC §5–§6) all read it from here.

Bounded for a big caseload (issue 13, item 5): the task list is one page with the count of each
section; the team's overview is one row per consultant, counted in SQL, with links to the case
list for the cases themselves. Both join the open cases of one consultant or job centre
(`ix_case_consultant_status`, `ix_case_centre_status`) with their due steps, from the indexes
alone (migration 0021_team_indexes): on SQLite each case's steps (`ix_step_case_status_due`), on
PostgreSQL the week's due steps as two ranges of `ix_step_outstanding_due` (`_outstanding_due`
says why). The task list then reads the page's 50 steps themselves."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, Subquery, and_, case, func, not_, or_, union_all
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.calendar import end_of_day, local_date
from fasttrack_core.domain.vocabulary import OPEN_CASE_STATUSES, OUTSTANDING, StepStatus
from fasttrack_core.models import Case, Consultant, JobCentre, RosterEntry, Step
from fasttrack_core.presentation.danish import WEEKDAYS, short_date, step_label
from fasttrack_core.services.assignment import candidates
from fasttrack_core.services.policies import policy_of

DueRow = tuple[str, int, datetime, str, str | None, str, int | None, str, str, str]


def _task_columns() -> tuple[Any, ...]:
    """A due step as a task shows it: kind, number, deadline, status, title, its case."""
    return (
        col(Step.kind),
        col(Step.seq),
        col(Step.due_at),
        col(Step.status),
        col(Step.title),
        col(Case.reference),
    )


def due_steps(until: datetime) -> Select[DueRow]:
    """Outstanding steps that are overdue or due by `until`, earliest first, with their case,
    consultant and job centre."""
    return (
        sa_select(
            *_task_columns(),
            col(Consultant.id),
            col(Consultant.name),
            col(Consultant.email),
            col(JobCentre.name),
        )
        .join(Case, col(Case.id) == col(Step.case_id))
        .join(Consultant, col(Consultant.id) == col(Case.consultant_id))
        .join(JobCentre, col(JobCentre.id) == col(Case.job_centre_id))
        .where(_due_by(until))
        # A total order (the step's id breaks ties), so pages neither repeat nor skip a step.
        .order_by(col(Step.due_at), col(Case.reference), col(Step.id))
    )


def _due_by(until: datetime) -> ColumnElement[bool]:
    """Outstanding steps of open cases, overdue or due by `until` (joined with their case; a
    closed case has none: closing completes or cancels them, domain/effects.py)."""
    return and_(col(Case.status).in_(OPEN_CASE_STATUSES), _step_due_by(until))


def _step_due_by(until: datetime) -> ColumnElement[bool]:
    """Outstanding, and overdue or due by `until`."""
    return and_(
        col(Step.status).in_(OUTSTANDING),
        or_(col(Step.status) == StepStatus.OVERDUE, col(Step.due_at) <= until),
    )


def _outstanding_due(until: datetime, *, ranges: bool) -> Subquery:
    """The outstanding steps that are overdue or due by `until` (as `_due_by`), of every case.

    Joined with a set of open cases, SQLite probes each case's steps (`ix_step_case_status_due`,
    about 1 µs a probe). With `ranges` (PostgreSQL, where a probe costs 3 to 9 µs), the overdue
    steps and the pending ones due by `until` are two ranges of `ix_step_outstanding_due`, read
    from the index alone and hashed against the cases: the week's due steps of every job centre
    (78,000 of 600,000 cases at national scale), 20 to 40 ms whether the cases are a job
    centre's (10,909) or a consultant's (3,636). `_due_by`'s `OR` reads neither range: the
    planner chose between per-case probes, a scan of every outstanding step and a sequential
    scan of `step`, 40 to 500 ms."""
    outstanding = sa_select(col(Step.id), col(Step.case_id), col(Step.status), col(Step.due_at))
    if not ranges:
        return outstanding.where(_step_due_by(until)).subquery("due")
    return union_all(
        outstanding.where(col(Step.status) == StepStatus.OVERDUE),
        outstanding.where(col(Step.status) == StepStatus.PENDING, col(Step.due_at) <= until),
    ).subquery("due")


def _overdue_at(due: Subquery, now: datetime) -> ColumnElement[bool]:
    """In SQL, as `is_overdue`, of a row of `_outstanding_due`."""
    return or_(due.c.status == StepStatus.OVERDUE, due.c.due_at < now)


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


PAGE_SIZE = 50


@dataclass(frozen=True)
class Paging:
    """Where a bounded list is: its page (from 1), the page's size, how many in all."""

    page: int
    page_size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass
class TaskList:
    consultant: str | None  # None: the user is not one of the job centre's consultants
    overdue: list[Task]
    today: list[Task]
    this_week: list[Task]
    # How many in each section in all (the lists hold the page's share), and the page.
    counts: tuple[int, int, int] = (0, 0, 0)
    paging: Paging = Paging(1, PAGE_SIZE, 0)


def tasks_of(
    ctx: AppContext, email: str, *, as_of: datetime, page: int = 1, page_size: int = PAGE_SIZE
) -> TaskList:
    """The open steps of the consultant with this e-mail: overdue, due today, due this week;
    one page of them (earliest deadline first), with the count of each section."""
    today = local_date(as_of)
    until = end_of_week(today)
    paging = Paging(max(page, 1), page_size, 0)
    with ctx.unit_of_work() as session:
        consultant = session.exec(
            select(Consultant).where(func.lower(col(Consultant.email)) == email.lower())
        ).first()
        if consultant is None:
            return TaskList(None, [], [], [])
        due = _due_of(session, until, col(Case.consultant_id) == consultant.id)
        rows = session.execute(_task_page(due, as_of, page_size, paging.offset)).all()
        if rows:
            total, late, due_today = (int(n) for n in rows[0][-3:])
            counts = (late, due_today, total - late - due_today)
        else:  # nothing due, or a page past the last: the counts from the whole
            counts = _task_counts(session, due, as_of) if paging.page > 1 else (0, 0, 0)
    tasks = TaskList(consultant.name, [], [], [], counts, replace(paging, total=sum(counts)))
    for kind, seq, due_at, status, title, reference, *_counts in rows:
        task = Task(reference, step_label(kind, seq), title, due_at, consultant.name)
        if is_overdue(status, due_at, as_of):
            tasks.overdue.append(task)
        elif local_date(due_at) == today:
            tasks.today.append(task)
        else:
            tasks.this_week.append(task)
    return tasks


def _due_of(session: Session, until: datetime, whose: ColumnElement[bool]) -> Subquery:
    """The due steps (by `until`) of the open cases `whose` says: each step's id, status and
    deadline, its case (id, reference) and consultant."""
    due = _outstanding_due(until, ranges=session.get_bind().dialect.name == "postgresql")
    return (
        sa_select(
            due.c.id,
            due.c.status,
            due.c.due_at,
            due.c.case_id,
            col(Case.reference),
            col(Case.consultant_id),
        )
        .select_from(due)
        .join(Case, col(Case.id) == due.c.case_id)
        .where(col(Case.status).in_(OPEN_CASE_STATUSES), whose)
        .subquery("cases_due")
    )


def _sections(due: Subquery, now: datetime) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """In SQL: overdue, and due today (not overdue)."""
    overdue = _overdue_at(due, now)
    return overdue, and_(not_(overdue), due.c.due_at <= end_of_day(local_date(now)))


def _task_page(due: Subquery, now: datetime, size: int, offset: int) -> Select[Any]:
    """One page of the due steps, earliest first (a total order: the case's reference, then the
    step's id break ties), as tasks; each row carrying the counts of the whole: all, overdue,
    due today. One pass over the due steps gives the page and the counts; the page's steps
    alone are read for their kind and title."""
    overdue, today = _sections(due, now)
    order = (due.c.due_at, due.c.reference, due.c.id)
    page = (
        sa_select(
            *due.c,
            func.count().over().label("total"),
            func.sum(case((overdue, 1), else_=0)).over().label("late"),
            func.sum(case((today, 1), else_=0)).over().label("due_today"),
        )
        .order_by(*order)
        .limit(size)
        .offset(offset)
        .subquery("page")
    )
    return (
        sa_select(
            col(Step.kind),
            col(Step.seq),
            page.c.due_at,
            page.c.status,
            col(Step.title),
            page.c.reference,
            page.c.total,
            page.c.late,
            page.c.due_today,
        )
        .select_from(page)
        .join(Step, col(Step.id) == page.c.id)
        .order_by(page.c.due_at, page.c.reference, page.c.id)
    )


def _task_counts(session: Session, due: Subquery, now: datetime) -> tuple[int, int, int]:
    """How many due steps are overdue, due today (not overdue) and due later up to `until`."""
    overdue, today = _sections(due, now)
    total, late, due_today = session.execute(
        sa_select(
            func.count(),
            func.coalesce(func.sum(case((overdue, 1), else_=0)), 0),
            func.coalesce(func.sum(case((today, 1), else_=0)), 0),
        ).select_from(due)
    ).one()
    return int(late), int(due_today), int(total) - int(late) - int(due_today)


@dataclass(frozen=True)
class Load:
    consultant_id: int
    name: str
    email: str
    fte: float
    open_cases: int
    capacity: float
    absent_today: bool
    overdue_cases: int = 0  # open cases with a step overdue
    due_this_week: int = 0  # steps due by Sunday, not overdue

    @property
    def share(self) -> float:
        return self.open_cases / self.capacity if self.capacity else float("inf")


@dataclass(frozen=True)
class DueCounts:
    """A consultant's (or the whole team's) cases with a step overdue, and steps due later this
    week."""

    overdue_cases: int = 0
    due_this_week: int = 0


@dataclass(frozen=True)
class RosterLine:
    when: str  # "mandag" or a date
    consultant: str


@dataclass
class TeamOverview:
    centre: str
    capacity_per_fte: int
    loads: list[Load]  # one row per active consultant
    roster: list[RosterLine]
    team: DueCounts = DueCounts()  # every open case of the job centre, whoever holds it


def team_overview(ctx: AppContext, centre_id: int, *, as_of: datetime) -> TeamOverview:
    """One row per consultant (caseload against capacity, cases with a step overdue, steps due
    this week), the whole team's counts, and the duty roster: counted in SQL, never a list of
    cases (the case list shows them)."""
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
        due = _due_counts(session, centre_id, as_of, end_of_week(today))
        loads = []
        for c in candidates(session, centre, today):
            counts = due.get(c.consultant_id, DueCounts())
            loads.append(
                Load(
                    c.consultant_id,
                    people[c.consultant_id].name,
                    people[c.consultant_id].email,
                    c.fte,
                    c.open_cases,
                    c.capacity(policy),
                    not c.available,
                    counts.overdue_cases,
                    counts.due_this_week,
                )
            )
        roster_rows = session.exec(
            select(RosterEntry).where(col(RosterEntry.job_centre_id) == centre_id)
        ).all()
    roster = sorted(roster_rows, key=_roster_order)
    return TeamOverview(
        centre=centre.name,
        capacity_per_fte=policy.capacity_per_fte,
        loads=sorted(loads, key=lambda load: load.name),
        team=DueCounts(
            sum(counts.overdue_cases for counts in due.values()),
            sum(counts.due_this_week for counts in due.values()),
        ),
        roster=[
            RosterLine(
                WEEKDAYS[entry.weekday] if entry.weekday is not None else _day(entry.day),
                people[entry.consultant_id].name if entry.consultant_id in people else "?",
            )
            for entry in roster
        ],
    )


def _due_counts(
    session: Session, centre_id: int, now: datetime, until: datetime
) -> dict[int | None, DueCounts]:
    """By consultant (None: the team's queue), one query: the open cases with a step overdue
    (as the case list's `overdue` filter counts them) and the steps due later up to `until`."""
    due = _due_of(session, until, col(Case.job_centre_id) == centre_id)
    overdue = _overdue_at(due, now)
    rows = session.execute(
        sa_select(
            due.c.consultant_id,
            func.count(func.distinct(case((overdue, due.c.case_id), else_=None))),
            func.coalesce(func.sum(case((overdue, 0), else_=1)), 0),
        ).group_by(due.c.consultant_id)
    ).all()
    return {owner: DueCounts(int(late), int(later)) for owner, late, later in rows}


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
