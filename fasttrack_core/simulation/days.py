"""The day loop: each simulated morning the sweep, then the day's new requests, then everything
the cases' scripts do that day, through the same use cases as the CLI, with a simulated clock.
The day's events are recorded in one transaction (a consultant's each in its own): the same
recording, committed once a day, by one recorder for the whole run (a case loaded once)."""

from __future__ import annotations

import heapq
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from time import perf_counter
from typing import Any

from rich.progress import Progress
from sqlalchemy import func
from sqlmodel import col, select

from fasttrack_core.clock import FixedClock
from fasttrack_core.db import AppContext
from fasttrack_core.domain.calendar import COPENHAGEN, local_date
from fasttrack_core.domain.policy import Policy
from fasttrack_core.domain.specialists import SpecialistContact
from fasttrack_core.domain.vocabulary import StepKind
from fasttrack_core.errors import Refused
from fasttrack_core.models import Case, Consultant, JobCentre
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.policies import policy_of
from fasttrack_core.services.recording import Configuration, Recorder
from fasttrack_core.services.specialists import roundtable_practice, team_of
from fasttrack_core.services.sweep import SweepSummary, advance
from fasttrack_core.simulation.generator import CaseGenerator, Draws
from fasttrack_core.simulation.script import case_script
from fasttrack_core.simulation.summary import SimulationSummary, collect

SWEEP_HOUR = time(7, 30)
# A consultant over capacity holds a new case's talks later: a day per tenth over capacity (an
# assumption of the simulation, not a measured figure: it makes a what-if's extra consultant show
# in the deadlines as well as in the caseloads).
LATE_DAY_PER_LOAD = 10


@dataclass(order=True)
class _Action:
    at: datetime
    order: int
    reference: str = field(compare=False)
    kind: str = field(compare=False)
    data: dict[str, Any] = field(compare=False, default_factory=dict)


def run_simulation(
    ctx: AppContext,
    cases: int,
    days: int,
    seed: int,
    show_progress: bool = False,
    municipalities: list[str] | None = None,
) -> SimulationSummary:
    """Drive `cases` generated requests through `days` simulated days; return what happened.
    The employees live in `municipalities` (default: every configured job centre's)."""
    clock = ctx.clock
    if not isinstance(clock, FixedClock):
        raise TypeError("time travel needs a FixedClock in the context")
    start = local_date(clock.now())
    with ctx.unit_of_work() as session:
        known = list(session.exec(select(col(JobCentre.municipality_code))))
        first_case_id = (session.exec(select(func.max(col(Case.id)))).one() or 0) + 1
    generator = CaseGenerator(seed, municipalities or known)
    arrival_span = max(1, days * 2 // 3)
    arrivals = Counter(generator.rng.randrange(arrival_span) for _ in range(cases))
    summary = SimulationSummary(first_day=start, last_day=start + timedelta(days=days - 1))
    # Each job centre's policy and team, read once: configuration, which nothing in a run
    # changes (the simulator drives intake, recording and the sweep alone).
    policies, teams = _centres(ctx)
    t0 = perf_counter()
    progress = Progress(transient=True) if show_progress else None
    with (
        ctx.unit_of_work() as session,
        Recorder(ctx, session, Configuration(teams=teams)) as recorder,
        progress or nullcontext(),
    ):
        simulation = _Simulation(ctx, clock, generator, summary, recorder, (policies, teams))
        task = progress.add_task("Simulerer dage", total=days) if progress else None
        for offset in range(days):
            simulation.day(start + timedelta(days=offset), arrivals[offset])
            if progress is not None and task is not None:
                progress.advance(task)
    collect(ctx, summary, first_case_id)
    summary.seconds = perf_counter() - t0
    return summary


@dataclass(frozen=True)
class _Opened:
    """A case a generated request opened, before its script is drawn."""

    reference: str
    requested_at: datetime
    first_absence: date
    late_days: int
    draws: Draws


class _Simulation:
    """The run's state between days: the scripted actions not yet done, in time order, and one
    recorder for the whole run, which loads each case once and keeps it while it is open (the
    sweep's changes to its steps read again each morning)."""

    def __init__(
        self,
        ctx: AppContext,
        clock: FixedClock,
        generator: CaseGenerator,
        summary: SimulationSummary,
        recorder: Recorder,
        centres: tuple[dict[int, Policy], dict[int, tuple[SpecialistContact, ...]]],
    ) -> None:
        self.ctx, self.clock, self.generator, self.summary = ctx, clock, generator, summary
        self.recorder, (self.policies, self.teams) = recorder, centres
        self.pending: list[_Action] = []
        self.order = 0
        self.capacity = _capacities(ctx)
        self.load: Counter[int] = Counter()  # open cases per consultant id
        self.owner: dict[str, int] = {}  # the consultant of each open case, by reference

    def day(self, today: date, arrivals: int) -> None:
        morning = datetime.combine(today, SWEEP_HOUR, tzinfo=COPENHAGEN)
        self.clock.set(morning)
        swept = advance(self.ctx, as_of=morning)
        opened = [case for case in (self.request(today) for _ in range(arrivals)) if case]
        self.act(today, opened, swept)
        self.summary.count_day(
            sum(max(0, n - int(self.capacity.get(c, 0))) for c, n in self.load.items()),
            sum(1 for c, n in self.load.items() if n > self.capacity.get(c, 0)),
        )

    def request(self, today: date) -> _Opened | None:
        """A generated request, through intake; the case it opens (its script is drawn later)."""
        requested_at = self.generator.at_work(today)
        payload = self.generator.request(requested_at)
        self.summary.cases_requested += 1
        self.clock.set(requested_at)
        try:
            result = submit_request(self.ctx, parse(RequestIn, payload), as_of=requested_at)
        except Refused:
            self.summary.requests_refused += 1
            return None
        if not result.created:
            return None  # the employee already has an open case (an earlier run's)
        self.summary.cases_opened += 1
        late_days = 0
        if result.consultant_id is not None:
            self.owner[result.reference] = result.consultant_id
            self.load[result.consultant_id] += 1
            late_days = _late_days(
                self.load[result.consultant_id], self.capacity.get(result.consultant_id, 0)
            )
        first_absence = date.fromisoformat(payload["first_absence_day"])
        draws = self.generator.for_case()
        return _Opened(result.reference, requested_at, first_absence, late_days, draws)

    def schedule(self, opened: _Opened) -> None:
        """The new case's script, following what intake planned (its loaded steps)."""
        case, steps = self.recorder.held(opened.reference)
        kinds = {step.kind for step in steps}
        empowerment, awaited = StepKind.EMPOWERMENT_TALK in kinds, StepKind.ACCEPTANCE in kinds
        team = self.teams[case.job_centre_id]
        practice = roundtable_practice(self.policies[case.job_centre_id], team, case.cause_category)
        script = case_script(
            opened.draws,
            opened.requested_at,
            opened.first_absence,
            empowerment,
            awaited,
            practice,
            opened.late_days,
        )
        for at, kind, data in script:
            self.order += 1
            heapq.heappush(self.pending, _Action(at, self.order, opened.reference, kind, data))

    def act(self, today: date, opened: list[_Opened], swept: SweepSummary) -> None:
        """The day's scripted actions, in time order, each recorded as a consultant records it,
        all in one transaction (`services.recording.Recorder`): the day's new cases loaded and
        their scripts drawn first, what the morning's sweep changed read again."""
        recorder = self.recorder
        recorder.forget(swept.resumed_cases)
        recorder.steps_changed(swept.changed_steps)
        recorder.load([case.reference for case in opened])
        for case in opened:
            self.schedule(case)
        end_of_today = datetime.combine(today + timedelta(days=1), time(0), tzinfo=COPENHAGEN)
        actions = []
        while self.pending and self.pending[0].at < end_of_today:
            actions.append(heapq.heappop(self.pending))
        recorder.load({action.reference for action in actions})
        closed = []
        for action in actions:
            self.clock.set(action.at)
            try:
                recorder.record(
                    action.reference, action.kind, action.at, action.data, as_of=action.at
                )
                self.summary.events_recorded += 1
            except Refused:
                self.summary.events_refused += 1
                continue
            if action.kind == "closed":
                closed.append(action.reference)
                if action.reference in self.owner:
                    self.load[self.owner.pop(action.reference)] -= 1
        recorder.session.commit()
        recorder.forget(closed)  # nothing more happens on a closed case


def _late_days(load: int, capacity: float) -> int:
    """How many days later an overloaded consultant holds a new case's meetings."""
    if capacity <= 0 or load <= capacity:
        return 0
    return int((load - capacity) * LATE_DAY_PER_LOAD / capacity)


def _capacities(ctx: AppContext) -> dict[int, float]:
    """Each consultant's capacity: the job centre's cases per full-time consultant times the FTE."""
    with ctx.unit_of_work() as session:
        rows = session.exec(
            select(Consultant, JobCentre).join(
                JobCentre, col(JobCentre.id) == col(Consultant.job_centre_id)
            )
        ).all()
        return {
            consultant.id: policy_of(centre).capacity_per_fte * consultant.fte
            for consultant, centre in rows
            if consultant.id is not None
        }


def _centres(
    ctx: AppContext,
) -> tuple[dict[int, Policy], dict[int, tuple[SpecialistContact, ...]]]:
    """Each job centre's policy and interdisciplinary team, by job centre id."""
    with ctx.unit_of_work() as session:
        centres = [c for c in session.exec(select(JobCentre)) if c.id is not None]
        return (
            {c.id: policy_of(c) for c in centres if c.id is not None},
            {c.id: team_of(session, c.id) for c in centres if c.id is not None},
        )
