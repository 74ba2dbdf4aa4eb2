"""Timeliness (rettidighed): for each deadline of the scheme, how many steps due in the period were
done on time, and how late the others were (up to a week, 1-3 weeks, more than 3 weeks).

A step's deadline is the `due_at` the system set for it (the rule it follows: `rulesets.
rule_of_step`, with the job centre's policy where the policy sets the deadline); which steps
count and how lateness is measured is `DEADLINES` and `BUCKETS`. Measured in SQL (one grouped
statement per period); only the grouped rows come back to Python.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session, col

from fasttrack_core.domain import law
from fasttrack_core.domain.rulesets import rule_of_step
from fasttrack_core.domain.vocabulary import EventKind, StepKind, StepStatus
from fasttrack_core.models import Case, Event, JobCentre, Step
from fasttrack_core.reporting.periods import Period
from fasttrack_core.reporting.sqltime import greatest, least, local_day
from fasttrack_core.reporting.statistics import share

# The pause helper's event kinds (issue 14.4), read by name: a case on standby or waiting for
# treatment has paused time that does not count against the deadlines of talks and meetings.
PAUSED, RESUMED = "paused", "resumed"

PAUSE_SOURCE = (
    "Standby-ordningen: en sygemeldt, hvis sygdom gør kontakt uhensigtsmæssig eller umulig, skal "
    "ikke have samtaler (borger.dk; BEK om det fælles datagrundlag § 37, stk. 1, nr. 4: "
    "«opfølgning uden kontakt med den sygemeldte (standby)»)"
)


@dataclass(frozen=True)
class Deadline:
    key: str
    label: str  # Danish
    step: StepKind
    declined: bool | None  # only steps of cases where the employee declined (True) or not
    pause_excluded: bool  # paused time is not counted as days late
    why_pause: str  # Danish: why paused time counts or not
    short: str = ""  # Danish, a table column's heading

    @property
    def rule(self) -> law.Rule:
        rule_id = rule_of_step(self.step, bool(self.declined))
        found = next((r for r in law.RULES if r.id == rule_id and r.in_force_until is None), None)
        assert found is not None, rule_id
        return found


_TALK = "Pausetid trækkes fra: under standby holdes ingen samtaler."
DEADLINES: tuple[Deadline, ...] = (
    Deadline("first_talk", "Første samtale (Fast track)", StepKind.FIRST_FOLLOWUP, False, True,
             _TALK, "1. samtale"),
    Deadline("first_talk_declined", "Første samtale efter nej tak (uge 8)",
             StepKind.FIRST_FOLLOWUP, True, True, _TALK, "Efter nej tak"),
    Deadline("doctor_statement", "Lægeattest", StepKind.DOCTOR_STATEMENT, None, False,
             "Pausetid tæller med: lægens frist løber, uanset om sagen holder pause.",
             "Lægeattest"),
    Deadline("roundtable", "Rundbordssamtale (jobcentrets egen frist)", StepKind.ROUNDTABLE,
             None, True, _TALK, "Rundbord"),
    Deadline("review", "Opfølgning (hver 4. uge)", StepKind.REVIEW, None, True, _TALK,
             "Opfølgning"),
    Deadline("reassessment", "Revurdering (§ 24)", StepKind.REASSESSMENT, None, False,
             "Pausetid tæller med: ugerne med sygedagpenge tælles, også under pause.", "§ 24"),
)  # fmt: skip
DEADLINE_BY_KEY = {d.key: d for d in DEADLINES}

# (key, Danish label, the most days late it holds; None: no upper bound). Day 0 is the deadline.
BUCKETS: tuple[tuple[str, str, int | None], ...] = (
    ("on_time", "Til tiden", 0),
    ("week", "1–7 dage for sent", 7),
    ("three_weeks", "8–21 dage for sent", 21),
    ("later", "Mere end 3 uger for sent", None),
)
LATE = tuple(key for key, _, _ in BUCKETS[1:])
OPEN = "open"  # outstanding at the period's end but not late yet: neither on time nor late


@dataclass
class Tally:
    """Counts of steps by bucket (and those still outstanding when the period ended)."""

    buckets: Counter[str] = field(default_factory=Counter)
    late_not_done: int = 0

    @property
    def judged(self) -> int:
        return sum(self.buckets[key] for key, _, _ in BUCKETS)

    @property
    def on_time_share(self) -> float | None:
        return share(self.buckets["on_time"], self.judged)

    def as_dict(self) -> dict[str, Any]:
        return {
            **{key: self.buckets[key] for key, _, _ in BUCKETS},
            "open": self.buckets[OPEN],
            "late_not_done": self.late_not_done,
            "judged": self.judged,
            "on_time_share": self.on_time_share,
        }


@dataclass
class Timeliness:
    by_deadline: dict[str, Tally] = field(default_factory=dict)
    # "job_centre" | "workplace" | "consultant" -> label -> deadline key -> tally
    by_group: dict[str, dict[str, dict[str, Tally]]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "deadlines": {key: tally.as_dict() for key, tally in self.by_deadline.items()},
            "by": {
                group: [
                    {
                        "label": label,
                        "deadlines": {key: tally.as_dict() for key, tally in tallies.items()},
                    }
                    for label, tallies in rows.items()
                ]
                for group, rows in self.by_group.items()
            },
        }


def measure_timeliness(
    session: Session,
    period: Period,
    in_scope: ColumnElement[bool],
    years: range,
    consultant_labels: dict[int, str],
) -> Timeliness:
    """Steps whose deadline fell in `period`, as they stood at its end."""
    rows = session.execute(_statement(period, in_scope, years)).all()
    centres = dict(session.execute(select(col(JobCentre.id), col(JobCentre.name))).tuples().all())
    found = Timeliness(
        by_deadline={d.key: Tally() for d in DEADLINES},
        by_group={"job_centre": {}, "workplace": {}, "consultant": {}},
    )
    extra = iter(range(len(consultant_labels) + 1, 1_000_000))
    labels = dict(consultant_labels)
    for kind, declined, bucket, done, centre, consultant, cvr, workplace, count in rows:
        deadline = _deadline_of(kind, bool(declined))
        if consultant is not None and consultant not in labels:
            labels[consultant] = f"Konsulent {next(extra)}"
        groups = {
            "job_centre": centres.get(centre, str(centre)),
            "workplace": f"CVR {cvr} · {workplace or '–'}" if cvr else "Uden arbejdsgiver",
            "consultant": labels[consultant] if consultant is not None else "Ingen konsulent",
        }
        tallies = [found.by_deadline[deadline.key]] + [
            found.by_group[group].setdefault(label, defaultdict(Tally))[deadline.key]
            for group, label in groups.items()
        ]
        for tally in tallies:
            tally.buckets[bucket] += count
            if bucket in LATE and not done:
                tally.late_not_done += count
    for group, rows_by_label in found.by_group.items():
        found.by_group[group] = {
            label: {d.key: tallies[d.key] for d in DEADLINES if d.key in tallies}
            for label, tallies in sorted(rows_by_label.items())
        }
    return found


def _deadline_of(kind: str, declined: bool) -> Deadline:
    for deadline in DEADLINES:
        if deadline.step == kind and deadline.declined in (None, declined):
            return deadline
    raise AssertionError(f"no deadline for {kind}")


def _statement(period: Period, in_scope: ColumnElement[bool], years: range) -> Any:
    def day(moment: Any) -> ColumnElement[int]:
        return local_day(moment, years)

    step = aliased(Step)
    last_day = literal((period.last - date(1970, 1, 1)).days)
    done = and_(col(step.completed_at).is_not(None), col(step.completed_at) < period.end)
    end_day = case((done, day(col(step.completed_at))), else_=last_day)
    due_day = day(col(step.due_at))
    declined = col(Case.id).in_(
        select(col(Event.case_id)).where(col(Event.kind) == EventKind.DECLINED).correlate(None)
    )
    pausable = [d.step for d in DEADLINES if d.pause_excluded]
    paused = case(
        (col(step.kind).in_(pausable), _paused_days(step, due_day, end_day, day)), else_=0
    )
    late = end_day - due_day - paused
    bucket = case(
        (late <= 0, case((done, "on_time"), else_=OPEN)),
        *[(late <= most, key) for key, _, most in BUCKETS[1:] if most is not None],
        else_=BUCKETS[-1][0],
    )
    is_done = case((done, 1), else_=0)
    groups = (
        col(step.kind),
        declined,
        bucket,
        is_done,
        col(Case.job_centre_id),
        col(Case.consultant_id),
        col(Case.employer_cvr),
        col(Case.workplace),
    )
    return (
        select(*groups, func.count())
        .select_from(step)
        .join(Case, col(Case.id) == col(step.case_id))
        .where(
            in_scope,
            col(step.kind).in_({d.step for d in DEADLINES}),
            col(step.status) != StepStatus.CANCELLED,
            col(step.due_at) >= period.start,
            col(step.due_at) < period.end,
        )
        .group_by(*groups)
    )


def _paused_days(step: Any, due_day: Any, end_day: Any, day: Any) -> Any:
    """Days the case was paused between the step's deadline and its completion (or the period's
    end): each `paused` event up to the next `resumed` (still paused: up to the end)."""
    pause = aliased(Event)
    resume = aliased(Event)
    resumed_at = (
        select(func.min(col(resume.occurred_at)))
        .where(
            col(resume.case_id) == col(pause.case_id),
            col(resume.kind) == RESUMED,
            col(resume.occurred_at) >= col(pause.occurred_at),
        )
        .scalar_subquery()
    )
    resumed_day = case((resumed_at.is_(None), end_day), else_=day(resumed_at))
    overlap = least(resumed_day, end_day) - greatest(day(col(pause.occurred_at)), due_day)
    return func.coalesce(
        select(func.sum(greatest(overlap, 0)))
        .where(
            col(pause.case_id) == col(step.case_id),
            col(pause.kind) == PAUSED,
            or_(col(pause.occurred_at) < col(step.completed_at), col(step.completed_at).is_(None)),
        )
        .scalar_subquery(),
        0,
    )
