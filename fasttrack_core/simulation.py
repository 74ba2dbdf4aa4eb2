"""Time travel: generated cases driven through simulated days by the real services.

Every request and every recorded event goes through the same use cases as the CLI, with a
simulated clock; the sweep runs each simulated morning. Behaviour is drawn from a seeded random
generator so a run can be repeated exactly.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from time import perf_counter
from typing import Any

from rich.progress import Progress
from sqlalchemy import func
from sqlmodel import col, select

from fasttrack_core.clock import FixedClock
from fasttrack_core.db import Context
from fasttrack_core.domain.calendar import COPENHAGEN, local_date
from fasttrack_core.domain.vocabulary import Outcome, StepKind, StepStatus
from fasttrack_core.errors import Refused
from fasttrack_core.models import Case, Event, JobCentre, Step
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.recording import record_event
from fasttrack_core.services.sweep import advance

FIRST_NAMES = (
    "Anne",
    "Mette",
    "Hanne",
    "Lone",
    "Kirsten",
    "Ole",
    "Jens",
    "Peter",
    "Lars",
    "Søren",
    "Camilla",
    "Maria",
    "Jonas",
    "Mads",
    "Sofie",
    "Emil",
    "Ida",
    "Frederik",
    "Line",
    "Rasmus",
)
LAST_NAMES = (
    "Nielsen",
    "Jensen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
)
EMPLOYERS = (
    ("29189919", "Varde Kommune", "Plejecentre"),
    ("29189595", "Hjørring Kommune", "Ældreplejen"),
    ("12345674", "Ishøj Kommune", "Hjemmeplejen Syd"),
    ("10103940", "Byggefirma A/S", "Montage"),
    ("25313763", "Dansk Logistik ApS", "Lager"),
    ("30060946", "Regionshospitalet", "Sengeafsnit"),
)
CAUSES = ("musculoskeletal", "stress", "mental", "work_related", "other", None)
CAUSE_WEIGHTS = (35, 30, 10, 10, 10, 5)
CHANNELS = ("digital", "phone", "email", "doctor", "absence_alert")
CHANNEL_WEIGHTS = (60, 20, 8, 7, 5)
OUTCOMES = (
    Outcome.FULL_RETURN,
    Outcome.PARTIAL_RETURN,
    Outcome.OTHER_JOB_SAME_EMPLOYER,
    Outcome.JOB_CHANGE,
    Outcome.ORDINARY_SICKNESS_CASE,
    Outcome.WITHDRAWN,
)
OUTCOME_WEIGHTS = (55, 15, 8, 5, 12, 5)
MEASURES = (
    "physical_conditions",
    "tasks",
    "other_function",
    "colleague_support",
    "aids_compensation",
    "partial_sick_leave",
    "work_trial",
    "treatment_training",
)
SWEEP_HOUR = time(7, 30)
WORK_START = time(9, 0)


@dataclass(order=True)
class _Action:
    at: datetime
    order: int
    reference: str = field(compare=False)
    kind: str = field(compare=False)
    data: dict[str, Any] = field(compare=False, default_factory=dict)


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
            "first_day": self.first_day.isoformat() if self.first_day else None,
            "last_day": self.last_day.isoformat() if self.last_day else None,
            "seconds": round(self.seconds, 2),
        }


class CaseGenerator:
    """Requests and consultant behaviour, drawn from one seeded random generator."""

    def __init__(self, seed: int, municipalities: list[str]) -> None:
        self.rng = random.Random(seed)
        self.municipalities = municipalities
        self.serial = 0

    def at_work(self, day: date, hour_from: int = 8, hour_to: int = 15) -> datetime:
        hour = self.rng.randint(hour_from, hour_to)
        return datetime.combine(day, time(hour, self.rng.randint(0, 59)), tzinfo=COPENHAGEN)

    def cpr(self) -> str:
        birth = date(1960, 1, 1) + timedelta(days=self.rng.randint(0, 39 * 365))
        # A serial whose first digit gives the 1900s (CPR's century table), unique per person.
        self.serial += 1
        serial = f"{self.rng.randint(0, 3)}{self.serial % 1000:03d}"
        return birth.strftime("%d%m%y") + serial

    def request(self, requested_at: datetime) -> dict[str, Any]:
        rng = self.rng
        by_employee = rng.random() < 0.15
        late = rng.random() < 0.03  # an employer who asks too late is refused, as in real life
        days_absent = (
            rng.randint(36, 50)
            if late and not by_employee
            else rng.choice([rng.randint(1, 7), rng.randint(8, 21), rng.randint(22, 34)])
        )
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        cvr, employer, workplace = rng.choice(EMPLOYERS)
        return {
            "requested_by": "employee" if by_employee else "employer",
            "channel": rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0],
            "requested_at": requested_at.isoformat(),
            "first_absence_day": (
                local_date(requested_at) - timedelta(days=days_absent)
            ).isoformat(),
            "expected_over_8_weeks": True,
            "employee": {
                "name": f"{first} {last}",
                "cpr": self.cpr(),
                "email": f"{first.lower()}.{last.lower()}{self.serial}@example.dk".replace(
                    "ø", "oe"
                ),
                "phone": f"+45{rng.randint(20000000, 99999999)}",
                "residence_municipality": rng.choice(self.municipalities),
                "weekly_hours": 37,  # a partial return is measured against it (§ 53)
            },
            "employer": {"cvr": cvr, "name": employer, "workplace": workplace},
            "leader": {"name": "Leder", "email": "leder@example.dk"},
            "hr_contact": {"name": "Personaleafdelingen", "email": "hr@example.dk"},
            "questions": {
                "affected_functions": "Kerneopgaverne i jobbet.",
                "affected_since": "Nogle uger.",
                "adaptation_tried": "Færre opgaver forsøgt.",
            },
            "cause_category": rng.choices(CAUSES, CAUSE_WEIGHTS)[0],
        }

    def script(
        self, requested_at: datetime, first_absence: date, empowerment_talk: bool
    ) -> Iterator[tuple[datetime, str, dict[str, Any]]]:
        """The consultant's and the citizen's doings on one case, in time order."""
        rng = self.rng
        day0 = local_date(requested_at)
        declined = rng.random() < 0.1
        answered = day0 + timedelta(days=rng.choice([1, 1, 2, 2, 3, 5]))
        answered_at = self.at_work(answered)
        yield answered_at, "declined" if declined else "accepted", {}
        statement = day0 + timedelta(days=rng.randint(6, 20))
        talk_day = day0 + timedelta(
            days=rng.choice([rng.randint(4, 13)] * 9 + [rng.randint(15, 21)])
        )
        if declined:
            talk_day = first_absence + timedelta(days=rng.randint(35, 54))
        talk = datetime.combine(talk_day, time(10, 0), tzinfo=COPENHAGEN)
        booked = min(answered, talk_day - timedelta(days=1))
        gp_asked = answered_at + timedelta(minutes=5)
        events: list[tuple[datetime, str, dict[str, Any]]] = [
            # The consultant judges a statement necessary when the answer comes (§ 11 a).
            (gp_asked, "doctor_statement_requested", {}),
            (self.at_work(statement), "doctor_statement_received", {}),
            (
                self.at_work(booked),
                "followup_booked",
                {
                    "starts_at": talk.isoformat(),
                    "minutes": 60,
                    "location": "Jobcentret",
                },
            ),
            (talk + timedelta(hours=1), "followup_held", {"mode": "in_person"}),
        ]
        yield from sorted(events, key=lambda e: e[0])
        weeks_to_return = rng.randint(6, 22)
        back = first_absence + timedelta(weeks=weeks_to_return)
        if declined:
            yield (
                self.at_work(max(talk_day + timedelta(days=1), back)),
                "closed",
                {"outcome": rng.choice(["declined", "ordinary_sickness_case"])},
            )
            return
        table_day = talk_day + timedelta(days=rng.choice([2, 3, 4, 5, 6, 7, 7, 9, 12]))
        table = datetime.combine(table_day, time(13, 0), tzinfo=COPENHAGEN)
        if empowerment_talk:
            yield self.at_work(talk_day + timedelta(days=1)), "empowerment_talk_held", {}
        yield (
            self.at_work(talk_day + timedelta(days=1)),
            "roundtable_booked",
            {
                "starts_at": table.isoformat(),
                "minutes": 90,
                "location": "Arbejdspladsen",
            },
        )
        actions = [
            {
                "what": f"Tiltag {n}",
                "owner": rng.choice(["leader", "employee", "consultant"]),
                "due": (table_day + timedelta(days=rng.randint(7, 21))).isoformat(),
            }
            for n in range(1, rng.randint(1, 3) + 1)
        ]
        placement = rng.randint(3, 5)
        yield (
            table + timedelta(hours=1, minutes=30),
            "roundtable_held",
            {
                "participants": [
                    {"role": "employee", "name": "Borger"},
                    {"role": "leader", "name": "Leder"},
                    {"role": "consultant", "name": "Konsulent"},
                ],
                "staircase": {
                    "employee": placement,
                    "employer": placement - rng.choice([0, 0, 1]),
                },
                "measures": rng.sample(MEASURES, rng.randint(1, 3)),
                "actions": actions,
            },
        )
        plan: list[tuple[datetime, str, dict[str, Any]]] = []
        for n, action in enumerate(actions, start=1):
            done = date.fromisoformat(action["due"]) + timedelta(days=rng.choice([-3, -1, 0, 0, 4]))
            plan.append(
                (
                    self.at_work(max(done, table_day + timedelta(days=1))),
                    "action_completed",
                    {"action": n},
                )
            )
        review = table_day
        while True:
            review = review + timedelta(weeks=4) - timedelta(days=rng.randint(0, 3))
            if review >= back:
                break
            plan.append((self.at_work(review), "review_held", {}))
        if rng.random() < 0.45:
            partial = back - timedelta(weeks=rng.randint(2, 4))
            plan.append(
                (
                    self.at_work(max(partial, table_day + timedelta(days=1))),
                    "partial_return",
                    {"hours_per_week": rng.choice([12, 15, 20, 25, 30])},
                )
            )
        closing = max(back, table_day + timedelta(days=1))
        # Whatever was planned after the employee is back is not done on this case.
        yield from sorted((e for e in plan if local_date(e[0]) < closing), key=lambda e: e[0])
        outcome = rng.choices(OUTCOMES, OUTCOME_WEIGHTS)[0]
        yield self.at_work(closing), "closed", {"outcome": str(outcome)}


def run_simulation(
    ctx: Context, cases: int, days: int, seed: int, show_progress: bool = False
) -> SimulationSummary:
    """Drive `cases` generated requests through `days` simulated days; return what happened."""
    clock = ctx.clock
    if not isinstance(clock, FixedClock):
        raise TypeError("time travel needs a FixedClock (or SimulatedClock) in the context")
    start = local_date(clock.now())
    with ctx.unit_of_work() as session:
        municipalities = list(session.exec(select(col(JobCentre.municipality_code))))
        first_case_id = (session.exec(select(func.max(col(Case.id)))).one() or 0) + 1
    generator = CaseGenerator(seed, municipalities)
    arrival_span = max(1, days * 2 // 3)
    arrivals = sorted(generator.rng.randrange(arrival_span) for _ in range(cases))
    pending: list[_Action] = []
    order = 0
    summary = SimulationSummary(first_day=start, last_day=start + timedelta(days=days - 1))
    t0 = perf_counter()
    progress = Progress(transient=True) if show_progress else None
    with progress or nullcontext():
        task = progress.add_task("Simulerer dage", total=days) if progress else None
        arrival_index = 0
        for offset in range(days):
            today = start + timedelta(days=offset)
            morning = datetime.combine(today, SWEEP_HOUR, tzinfo=COPENHAGEN)
            clock.set(morning)
            advance(ctx, morning)
            while arrival_index < len(arrivals) and arrivals[arrival_index] == offset:
                arrival_index += 1
                requested_at = generator.at_work(today)
                payload = generator.request(requested_at)
                summary.cases_requested += 1
                clock.set(requested_at)
                try:
                    result = submit_request(ctx, payload, requested_at)
                except Refused:
                    summary.requests_refused += 1
                    continue
                if not result.created:
                    continue  # the employee already has an open case (an earlier run's)
                summary.cases_opened += 1
                first_absence = date.fromisoformat(payload["first_absence_day"])
                empowerment = has_step(ctx, result.reference, StepKind.EMPOWERMENT_TALK)
                for at, kind, data in generator.script(requested_at, first_absence, empowerment):
                    order += 1
                    heapq.heappush(pending, _Action(at, order, result.reference, kind, data))
            end_of_today = datetime.combine(today + timedelta(days=1), time(0), tzinfo=COPENHAGEN)
            while pending and pending[0].at < end_of_today:
                action = heapq.heappop(pending)
                clock.set(action.at)
                try:
                    record_event(
                        ctx,
                        action.reference,
                        action.kind,
                        action.at,
                        action.data,
                        action.at,
                    )
                    summary.events_recorded += 1
                except Refused:
                    summary.events_refused += 1
            if progress is not None and task is not None:
                progress.advance(task)
    _collect(ctx, summary, first_case_id)
    summary.seconds = perf_counter() - t0
    return summary


def has_step(ctx: Context, reference: str, kind: StepKind) -> bool:
    with ctx.unit_of_work() as session:
        found = session.exec(
            select(col(Step.id))
            .join(Case)
            .where(col(Case.reference) == reference, col(Step.kind) == kind)
        ).first()
        return found is not None


def _collect(ctx: Context, summary: SimulationSummary, first_case_id: int) -> None:
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
            if (local_date(held_at) - local_date(requested_at)).days <= 14:
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
