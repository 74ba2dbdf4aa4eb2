"""A small monthly overview for the steering report's flow (read-only; the report itself is
issue 5): open cases by outstanding step, and cases opened and closed in the previous month."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import String, and_, distinct, func, literal, select, union_all
from sqlmodel import col

from fasttrack_core.db import Context
from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.domain.vocabulary import OUTSTANDING, CaseStatus, StepStatus
from fasttrack_core.models import Case, Step

MONTHS_DA = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
             "oktober", "november", "december")  # fmt: skip


@dataclass
class MonthlyOverview:
    month: date  # the first day of the month reported
    open_by_step: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind: (cases, overdue)
    open_cases: int = 0  # a case waiting on two steps counts once here, and in both step rows
    opened: int = 0
    closed: int = 0


def previous_month(period_end: date) -> date:
    """The first day of the calendar month before the month of `period_end`."""
    first = period_end.replace(day=1)
    return (first - timedelta(days=1)).replace(day=1)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=COPENHAGEN)


def monthly_overview(ctx: Context, period_end: date) -> MonthlyOverview:
    """Counts for the month before `period_end`'s month, in ONE SQL statement (a UNION ALL of
    four aggregations, so one round trip however many cases there are): open cases, open cases
    by each outstanding step kind (and how many of those steps are overdue), and the cases
    opened and closed in that month (Danish local time)."""
    month = previous_month(period_end)
    start, end = _start_of(month), _start_of(period_end.replace(day=1))
    by_step: Any = (  # a typed Select of four columns mypy cannot spell
        select(
            literal("step", String).label("row"),
            col(Step.kind).label("label"),
            func.count(distinct(col(Step.case_id))).label("cases"),
            func.count(col(Step.id)).filter(col(Step.status) == StepStatus.OVERDUE).label("late"),
        )
        .join(Case, col(Case.id) == col(Step.case_id))
        .where(col(Case.status) != CaseStatus.CLOSED, col(Step.status).in_(OUTSTANDING))
        .group_by(col(Step.kind))
    )
    opened = select(
        literal("opened", String),
        literal("", String),
        func.count(col(Case.id)),
        literal(0),
    ).where(and_(col(Case.opened_at) >= start, col(Case.opened_at) < end))
    closed = select(
        literal("closed", String),
        literal("", String),
        func.count(col(Case.id)),
        literal(0),
    ).where(and_(col(Case.closed_at) >= start, col(Case.closed_at) < end))
    still_open = select(
        literal("open", String),
        literal("", String),
        func.count(col(Case.id)),
        literal(0),
    ).where(col(Case.status) != CaseStatus.CLOSED)
    overview = MonthlyOverview(month=month)
    statement: Any = union_all(by_step, still_open, opened, closed)
    with ctx.unit_of_work() as session:
        for row, label, cases, late in session.execute(statement):
            if row == "step":
                overview.open_by_step[label] = (int(cases), int(late or 0))
            else:
                setattr(overview, {"open": "open_cases"}.get(row, row), int(cases))
    return overview
