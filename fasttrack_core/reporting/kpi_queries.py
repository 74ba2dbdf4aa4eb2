"""The KPIs of `kpis` measured as SQL aggregations: a few grouped statements per period, never
one row per case in Python."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import String, and_, case, cast, exists, func, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session, col

from fasttrack_core.domain.law import EMPLOYER_REQUEST_WINDOW
from fasttrack_core.domain.vocabulary import (
    CaseStatus,
    EventKind,
    Requester,
    StepKind,
    StepStatus,
)
from fasttrack_core.errors import Refused
from fasttrack_core.models import AbsenceAlert, Case, Consultant, Event, JobCentre, Step
from fasttrack_core.reporting.kpis import FOLLOWUP_DAYS, NOT_FAST_TRACK, PARTIAL_MEASURES, Value
from fasttrack_core.reporting.periods import Period, Scope
from fasttrack_core.reporting.sqltime import date_number, day_of, local_day
from fasttrack_core.reporting.statistics import median, share
from fasttrack_core.reporting.timeliness import DEADLINES, LATE, Timeliness, measure_timeliness
from fasttrack_core.services.policies import policy_of


@dataclass
class Measurement:
    """The KPIs of one period and scope, and the breakdowns the charts draw."""

    values: dict[str, Value] = field(default_factory=dict)
    requests_by_channel: dict[str, int] = field(default_factory=dict)
    requests_by_requester: dict[str, int] = field(default_factory=dict)
    requests_per_week: dict[str, dict[str, int]] = field(default_factory=dict)  # Monday: chan
    first_followup_days: dict[int, int] = field(default_factory=dict)
    outcomes: dict[str, dict[str, Value]] = field(default_factory=dict)  # count, mean days
    open_by_stage: dict[str, int] = field(default_factory=dict)
    overdue_by_step: dict[str, int] = field(default_factory=dict)
    caseload: list[dict[str, Any]] = field(default_factory=list)  # label, open, capacity
    timeliness: Timeliness = field(default_factory=Timeliness)


def measure(session: Session, period: Period, scope: Scope) -> Measurement:
    """Every KPI of `period` for the cases in `scope`."""
    query = _Queries(session, period, _scope_filter(session, scope))
    found = Measurement()
    query.requests(found)
    query.first_followups(found)
    query.roundtables(found)
    query.closures(found)
    labels = query.open_at_end(found, scope)
    query.overdue_at_end(found)
    query.alerts(found, _alert_scope(session, scope))
    query.timeliness(found, labels)
    return found


def _alert_scope(session: Session, scope: Scope) -> ColumnElement[bool] | None:
    """The absence alerts in scope: by job centre or employer; a consultant has none."""
    if scope.consultant_email:
        return None
    if scope.municipality:
        centre = session.execute(
            select(col(JobCentre.id)).where(col(JobCentre.municipality_code) == scope.municipality)
        ).scalar()
        return col(AbsenceAlert.job_centre_id) == centre
    if scope.workplace_cvr:
        return col(AbsenceAlert.employer_cvr) == scope.workplace_cvr
    return col(AbsenceAlert.id).is_not(None)


def _scope_filter(session: Session, scope: Scope) -> ColumnElement[bool]:
    if scope.municipality:
        centre: int | None = session.execute(
            select(col(JobCentre.id)).where(col(JobCentre.municipality_code) == scope.municipality)
        ).scalar()
        if centre is None:
            raise Refused(f"Kommunekoden {scope.municipality} kendes ikke i systemet.")
        return col(Case.job_centre_id) == centre
    if scope.workplace_cvr:
        return col(Case.employer_cvr) == scope.workplace_cvr
    if scope.consultant_email:
        consultant: int | None = session.execute(
            select(col(Consultant.id)).where(
                func.lower(col(Consultant.email)) == scope.consultant_email.lower()
            )
        ).scalar()
        if consultant is None:
            raise Refused(f"Konsulenten {scope.consultant_email} kendes ikke i systemet.")
        return col(Case.consultant_id) == consultant
    return col(Case.id).is_not(None)


class _Queries:
    """The grouped statements of one period (each returns a few dozen rows at most)."""

    def __init__(self, session: Session, period: Period, in_scope: ColumnElement[bool]) -> None:
        self.session = session
        self.period = period
        self.in_scope = in_scope
        # Summer time is exact for the years a report can reach back to (cases last < 1 year).
        self.years = range(period.first.year - 1, period.last.year + 1)

    def day(self, moment: Any) -> ColumnElement[int]:
        return local_day(moment, self.years)

    def within(self, moment: Any) -> ColumnElement[bool]:
        return and_(moment >= self.period.start, moment < self.period.end)

    def rows(self, statement: Any) -> list[Any]:
        return list(self.session.execute(statement))

    def requests(self, found: Measurement) -> None:
        request_day = self.day(col(Case.requested_at))
        waited = request_day - date_number(col(Case.first_absence_day))
        by_days = self.rows(
            select(col(Case.requested_by), waited, func.count())
            .where(self.in_scope, self.within(col(Case.requested_at)))
            .group_by(col(Case.requested_by), waited)
        )
        waits: Counter[int] = Counter()
        requesters: Counter[str] = Counter()
        employer_in_window = 0
        for requested_by, days, count in by_days:
            waits[int(days)] += count
            requesters[requested_by] += count
            if (
                requested_by == Requester.EMPLOYER
                and days <= EMPLOYER_REQUEST_WINDOW.calendar_days()
            ):
                employer_in_window += count
        # ISO weeks: day 0 (1970-01-01) was a Thursday, so Mondays are where (day + 3) % 7 == 0.
        monday = request_day - (request_day + 3) % 7
        by_week = self.rows(
            select(monday, col(Case.channel), func.count())
            .where(self.in_scope, self.within(col(Case.requested_at)))
            .group_by(monday, col(Case.channel))
        )
        channels: Counter[str] = Counter()
        # Every week of the period, so a week without requests shows as an empty bar.
        first_monday = self.period.first - timedelta(days=self.period.first.weekday())
        weeks: dict[str, dict[str, int]] = {
            (first_monday + timedelta(weeks=n)).isoformat(): {}
            for n in range((self.period.last - first_monday).days // 7 + 1)
        }
        for week, channel, count in by_week:
            channels[channel] += count
            weeks.setdefault(_iso_day(int(week)), {})[channel] = count
        total = sum(requesters.values())
        found.requests_by_requester = dict(requesters)
        found.requests_by_channel = dict(channels)
        found.requests_per_week = dict(sorted(weeks.items()))
        found.first_followup_days = {}
        found.values |= {
            "requests": total,
            "employer_in_window_share": share(employer_in_window, requesters[Requester.EMPLOYER]),
            "absence_to_request_median": median(waits),
            "absence_alert_requests": channels["absence_alert"],
        }

    # "The case has such an event / step" as an uncorrelated IN: both databases build the set
    # once from the kind (an index on event.kind), instead of probing per case (5x faster here).
    def _has_event(self, kind: EventKind, *conditions: ColumnElement[bool]) -> ColumnElement[bool]:
        events = select(col(Event.case_id)).where(col(Event.kind) == kind, *conditions)
        return col(Case.id).in_(events.correlate(None))

    def _has_step(self, kind: StepKind, *conditions: ColumnElement[bool]) -> ColumnElement[bool]:
        steps = select(col(Step.case_id)).where(col(Step.kind) == kind, *conditions)
        return col(Case.id).in_(steps.correlate(None))

    def first_followups(self, found: Measurement) -> None:
        days = self.day(col(Step.completed_at)) - self.day(col(Case.requested_at))
        rows = self.rows(
            select(days, func.count())
            .join(Case, col(Case.id) == col(Step.case_id))
            .where(
                self.in_scope,
                col(Step.kind) == StepKind.FIRST_FOLLOWUP,
                col(Step.status) == StepStatus.DONE,
                self.within(col(Step.completed_at)),
                ~self._has_event(EventKind.DECLINED),
            )
            .group_by(days)
        )
        histogram = {int(d): int(n) for d, n in rows}
        held = sum(histogram.values())
        on_time = sum(n for d, n in histogram.items() if d <= FOLLOWUP_DAYS)
        found.first_followup_days = dict(sorted(histogram.items()))
        found.values |= {
            "first_followups_held": held,
            "first_followup_within_14_share": share(on_time, held),
            "first_followup_days_median": median(histogram),
        }

    def roundtables(self, found: Measurement) -> None:
        days = self.day(col(Step.completed_at)) - self.day(col(Case.requested_at))
        on_time = case((col(Step.completed_at) <= col(Step.due_at), 1), else_=0)
        # Recorded with the roundtable (issue 14 item 8), not read from the event's JSON.
        specialist = case((col(Case.roundtable_specialist), 1), else_=0)
        has_actions = case((self._has_step(StepKind.ACTION), 1), else_=0)
        rows = self.rows(
            select(
                days,
                func.count(),
                func.sum(on_time),
                func.sum(specialist),
                func.sum(has_actions),
            )
            .select_from(Step)
            .join(Case, col(Case.id) == col(Step.case_id))
            .where(
                self.in_scope,
                col(Step.kind) == StepKind.ROUNDTABLE,
                col(Step.status) == StepStatus.DONE,
                self.within(col(Step.completed_at)),
            )
            .group_by(days)
        )
        histogram = {int(d): int(n) for d, n, *_ in rows}
        held = sum(histogram.values())
        found.values |= {
            "roundtables_held": held,
            "roundtable_on_time_share": share(sum(int(r[2]) for r in rows), held),
            "request_to_roundtable_median": median(histogram),
            "roundtable_specialist_share": share(sum(int(r[3]) for r in rows), held),
            "plans_with_actions": sum(int(r[4]) for r in rows),
        }

    def closures(self, found: Measurement) -> None:
        absent = self.day(col(Case.closed_at)) - date_number(col(Case.first_absence_day))
        partly_back = or_(
            self._has_event(EventKind.PARTIAL_RETURN),
            self._has_event(
                EventKind.ROUNDTABLE_HELD, or_(*[_mentions(m) for m in PARTIAL_MEASURES])
            ),
        )
        rows = self.rows(
            select(
                col(Case.outcome),
                func.count(),
                func.sum(absent),
                func.sum(case((partly_back, 1), else_=0)),
                func.sum(col(Case.paused_days)),
            )
            .where(
                self.in_scope,
                col(Case.status) == CaseStatus.CLOSED,
                self.within(col(Case.closed_at)),
            )
            .group_by(col(Case.outcome))
        )
        fast_track = [row for row in rows if row[0] not in NOT_FAST_TRACK]
        ran = sum(int(row[1]) for row in fast_track)
        found.outcomes = {
            outcome: {"cases": int(count), "absence_days_mean": int(days) / int(count)}
            for outcome, count, days, _, _ in sorted(rows, key=lambda row: -int(row[1]))
        }
        found.values |= {
            "closed": sum(int(row[1]) for row in rows),
            "absence_days_mean": (sum(int(row[2]) for row in fast_track) / ran) if ran else None,
            "partial_or_trial_share": share(sum(int(row[3]) for row in fast_track), ran),
            "paused_days_mean": (sum(int(row[4]) for row in fast_track) / ran) if ran else None,
        }

    def _open_at_end(self) -> ColumnElement[bool]:
        end = self.period.end
        return and_(
            self.in_scope,
            col(Case.opened_at) < end,
            or_(col(Case.closed_at).is_(None), col(Case.closed_at) >= end),
        )

    def _done_before_end(self, kind: StepKind) -> ColumnElement[bool]:
        # Correlated on purpose: only open cases are probed, through the index on step.case_id.
        step = aliased(Step)
        return exists().where(
            col(step.case_id) == col(Case.id),
            col(step.kind) == kind,
            col(step.completed_at) < self.period.end,
        )

    def open_at_end(self, found: Measurement, scope: Scope) -> dict[int, str]:
        """Open cases at the end of the period by the step they wait for, and per consultant;
        returns the consultants' pseudonymous labels by id."""
        declined = self._has_event(EventKind.DECLINED, col(Event.occurred_at) < self.period.end)
        stage = case(
            (declined, CaseStatus.DECLINED.value),
            (self._done_before_end(StepKind.ROUNDTABLE), CaseStatus.PLAN_ACTIVE.value),
            (self._done_before_end(StepKind.FIRST_FOLLOWUP), CaseStatus.FOLLOWUP_HELD.value),
            (self._done_before_end(StepKind.ACCEPTANCE), CaseStatus.ACCEPTED.value),
            # The employee's own request has nothing to answer (§ 7 e; BEK 1710/2024 § 4).
            (col(Case.requested_by) == Requester.EMPLOYEE, CaseStatus.ACCEPTED.value),
            else_=CaseStatus.AWAITING_ACCEPTANCE.value,
        )
        rows = self.rows(
            select(stage, col(Case.consultant_id), func.count())
            .where(self._open_at_end())
            .group_by(stage, col(Case.consultant_id))
        )
        stages: Counter[str] = Counter()
        loads: Counter[int | None] = Counter()
        for name, consultant_id, count in rows:
            stages[name] += count
            loads[consultant_id] += count
        found.open_by_stage = {s.value: stages[s.value] for s in CaseStatus if stages[s.value]}
        found.caseload, labels = self._caseload(loads, scope)
        found.values |= {
            "open_cases": sum(stages.values()),
            "consultants_over_capacity": sum(
                1 for row in found.caseload if row["open"] > row["capacity"]
            ),
            "cases_over_capacity": sum(
                max(0, row["open"] - int(row["capacity"])) for row in found.caseload
            ),
        }
        return labels

    def _caseload(
        self, loads: Counter[int | None], scope: Scope
    ) -> tuple[list[dict[str, Any]], dict[int, str]]:
        """Open cases per consultant against capacity, labelled "Konsulent 1", "Konsulent 2", …
        by caseload (most first): no names in the report."""
        statement = select(Consultant, JobCentre).join(
            JobCentre, col(JobCentre.id) == col(Consultant.job_centre_id)
        )
        if scope.municipality:
            statement = statement.where(col(JobCentre.municipality_code) == scope.municipality)
        everyone = not (scope.workplace_cvr or scope.consultant_email)
        rows = []
        for consultant, centre in self.session.execute(statement).tuples():
            open_cases = loads.get(consultant.id, 0)
            if open_cases or (everyone and consultant.active):
                capacity = policy_of(centre).capacity_per_fte * consultant.fte
                rows.append((open_cases, consultant.id or 0, capacity))
        rows.sort(key=lambda row: (-row[0], row[1]))
        caseload = [
            {"label": f"Konsulent {number}", "open": open_cases, "capacity": capacity}
            for number, (open_cases, _, capacity) in enumerate(rows, start=1)
        ]
        labels = {
            consultant: row["label"] for (_, consultant, _), row in zip(rows, caseload, strict=True)
        }
        return caseload, labels

    def overdue_at_end(self, found: Measurement) -> None:
        end = self.period.end
        rows = self.rows(
            select(col(Step.kind), func.count())
            .join(Case, col(Case.id) == col(Step.case_id))
            .where(
                self._open_at_end(),
                col(Step.status) != StepStatus.CANCELLED,
                col(Step.due_at) < end,
                or_(col(Step.completed_at).is_(None), col(Step.completed_at) >= end),
            )
            .group_by(col(Step.kind))
        )
        by_kind = {kind: int(count) for kind, count in rows}
        found.overdue_by_step = {k.value: by_kind[k.value] for k in StepKind if k.value in by_kind}
        found.values |= {
            "overdue_steps": sum(by_kind.values()),
            "actions_overdue": by_kind.get(StepKind.ACTION, 0),
        }

    def alerts(self, found: Measurement, in_scope: ColumnElement[bool] | None) -> None:
        """Alerts raised in the period, answered (by now), and answered by their due day (a
        Danish date: on time through its end)."""
        if in_scope is None:
            found.values |= {"alerts_raised": None, "alerts_answered_share": None}
            found.values["alerts_on_time_share"] = None
            return
        answered_day = self.day(col(AbsenceAlert.answered_at))
        on_time = case((answered_day <= date_number(col(AbsenceAlert.answer_due)), 1), else_=0)
        raised, answered, timely = self.session.execute(
            select(
                func.count(),
                func.count(col(AbsenceAlert.answered_at)),
                func.coalesce(func.sum(on_time), 0),  # unanswered: NULL, so not on time
            ).where(in_scope, self.within(col(AbsenceAlert.raised_at)))
        ).one()
        found.values |= {
            "alerts_raised": int(raised),
            "alerts_answered_share": share(int(answered), int(raised)),
            "alerts_on_time_share": share(int(timely), int(answered)),
        }

    def timeliness(self, found: Measurement, labels: dict[int, str]) -> None:
        found.timeliness = measure_timeliness(
            self.session, self.period, self.in_scope, self.years, labels
        )
        tallies = found.timeliness.by_deadline
        found.values |= {
            f"on_time_{deadline.key}_share": tallies[deadline.key].on_time_share
            for deadline in DEADLINES
        }
        found.values["late_over_3_weeks"] = sum(t.buckets["later"] for t in tallies.values())
        found.values["late_steps"] = sum(t.buckets[key] for t in tallies.values() for key in LATE)


def _mentions(word: str) -> ColumnElement[bool]:
    """The event's JSON data holds `word` as a string (a role or a measure id)."""
    return cast(col(Event.data), String).like(f'%"{word}"%')


def _iso_day(number: int) -> str:
    return day_of(number).isoformat()
