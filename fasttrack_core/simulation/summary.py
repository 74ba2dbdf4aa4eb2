"""What a simulation run did: its counters, and the figures over the cases it opened."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.calendar import local_date
from fasttrack_core.domain.vocabulary import StepStatus
from fasttrack_core.models import Case, Event, Step
from fasttrack_core.reporting.kpis import FOLLOWUP_DAYS


@dataclass
class SimulationSummary:
    cases_requested: int = 0
    cases_opened: int = 0
    requests_refused: int = 0
    events_recorded: int = 0
    events_refused: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_outcome: dict[str, int] = field(default_factory=dict)
    followups_held: int = 0
    followups_within_14_days: int = 0
    overdue_steps: int = 0
    escalations: int = 0
    first_day: date | None = None
    last_day: date | None = None
    seconds: float = 0.0
    # Each simulated evening: the open cases beyond their consultant's capacity, summed over the
    # consultants, and how many consultants were over capacity.
    days: int = 0
    over_capacity_case_days: int = 0
    over_capacity_peak: int = 0
    consultants_over_capacity_days: int = 0

    def count_day(self, cases_over_capacity: int, consultants_over_capacity: int) -> None:
        self.days += 1
        self.over_capacity_case_days += cases_over_capacity
        self.over_capacity_peak = max(self.over_capacity_peak, cases_over_capacity)
        self.consultants_over_capacity_days += consultants_over_capacity

    @property
    def cases_over_capacity_mean(self) -> float | None:
        return self.over_capacity_case_days / self.days if self.days else None

    @property
    def followup_share_within_14_days(self) -> float | None:
        if not self.followups_held:
            return None
        return self.followups_within_14_days / self.followups_held

    def as_dict(self) -> dict[str, Any]:
        return {
            "cases_requested": self.cases_requested,
            "cases_opened": self.cases_opened,
            "requests_refused": self.requests_refused,
            "events_recorded": self.events_recorded,
            "events_refused": self.events_refused,
            "by_status": self.by_status,
            "by_outcome": self.by_outcome,
            "followups_held": self.followups_held,
            "followup_share_within_14_days": self.followup_share_within_14_days,
            "overdue_steps": self.overdue_steps,
            "escalations": self.escalations,
            "cases_over_capacity_mean": (
                None
                if self.cases_over_capacity_mean is None
                else round(self.cases_over_capacity_mean, 2)
            ),
            "cases_over_capacity_peak": self.over_capacity_peak,
            "consultant_days_over_capacity": self.consultants_over_capacity_days,
            "first_day": self.first_day.isoformat() if self.first_day else None,
            "last_day": self.last_day.isoformat() if self.last_day else None,
            "seconds": round(self.seconds, 2),
        }


def collect(ctx: AppContext, summary: SimulationSummary, first_case_id: int) -> None:
    """Figures over the cases this run opened."""
    in_run = col(Case.id) >= first_case_id
    with ctx.unit_of_work() as session:
        summary.by_status = dict(
            session.exec(
                select(col(Case.status), func.count()).where(in_run).group_by(col(Case.status))
            ).all()
        )
        outcomes = session.exec(
            select(col(Case.outcome), func.count())
            .where(in_run, col(Case.outcome).is_not(None))
            .group_by(col(Case.outcome))
        ).all()
        # The query already leaves out NULL outcomes; the test only narrows the type.
        summary.by_outcome = {outcome: n for outcome, n in outcomes if outcome is not None}
        declined = select(col(Event.case_id)).where(col(Event.kind) == "declined")
        held = session.exec(
            select(col(Case.requested_at), col(Event.occurred_at))
            .join(Event, col(Event.case_id) == col(Case.id))
            .where(in_run, col(Event.kind) == "followup_held", col(Case.id).not_in(declined))
        ).all()
        for requested_at, held_at in held:
            summary.followups_held += 1
            # § 13 b, stk. 2: within 14 days of the request.
            if (local_date(held_at) - local_date(requested_at)).days <= FOLLOWUP_DAYS:
                summary.followups_within_14_days += 1
        summary.overdue_steps = session.exec(
            select(func.count())
            .select_from(Step)
            .join(Case)
            .where(in_run, col(Step.status) == StepStatus.OVERDUE)
        ).one()
        summary.escalations = session.exec(
            select(func.count())
            .select_from(Event)
            .join(Case)
            .where(in_run, col(Event.kind) == "step_overdue")
        ).one()
