"""What-if capacity planning: the simulator run twice from the same seed and the same intake, once
with today's configuration (the baseline) and once with a scenario's changes (consultants added or
removed, policy values such as capacity, assignment or a roundtable deadline), each into a
throwaway SQLite database, with the steering report's KPIs side by side.

What the runs skip, and only here: no email is rendered or stored (`AppContext.queue_messages`
False: nobody receives them), and the throwaway database does not wait for the disk
(`PRAGMA synchronous=OFF`, on a RAM disk where there is one). Every request and event goes through
the same use cases as in real life (intake, recording, the sweep each morning), a day's events in
one transaction (`simulation.days`). The two runs go in two processes at once (the machine has two
cores).
"""

from __future__ import annotations

import multiprocessing
import secrets
import shutil
import tempfile
import tomllib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from importlib import resources
from pathlib import Path
from time import perf_counter
from typing import Any

from sqlalchemy import Engine, event, insert, select
from sqlmodel import SQLModel

from fasttrack_core import models  # noqa: F401  (the tables of CONFIG_TABLES)
from fasttrack_core.bootstrap import build_context
from fasttrack_core.clock import FixedClock
from fasttrack_core.db import AppContext
from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.domain.policy import Policy, PolicyError
from fasttrack_core.errors import Refused
from fasttrack_core.migrations import upgrade_schema
from fasttrack_core.reporting.figures import SteeringFigures, steering_figures
from fasttrack_core.reporting.kpis import KPI_BY_KEY
from fasttrack_core.reporting.periods import MAX_DAYS, Period, Scope
from fasttrack_core.settings import Settings
from fasttrack_core.simulation.days import run_simulation

# The configuration a run starts from, copied row by row from the installation's database.
CONFIG_TABLES = ("job_centre", "consultant", "consultant_absence", "workplace", "roster_entry")
# The figures compared (keys of reporting.kpis.KPIS), in the order they are printed.
COMPARED = (
    "on_time_first_talk_share",
    "on_time_first_talk_declined_share",
    "on_time_doctor_statement_share",
    "on_time_roundtable_share",
    "on_time_review_share",
    "on_time_reassessment_share",
    "late_steps",
    "late_over_3_weeks",
    "overdue_steps",
    "open_cases",
    "cases_over_capacity",
    "consultants_over_capacity",
)
# From the simulation's own evening counts (SimulationSummary).
SIMULATED = (
    "cases_over_capacity_mean",
    "cases_over_capacity_peak",
    "consultant_days_over_capacity",
)
MAX_CASES = 20_000


@dataclass(frozen=True)
class Scenario:
    """What changes: in the run's job centre (every job centre when the run has none), so many
    consultants added (negative: the last ones made inactive) and policy values overridden."""

    name: str = "Scenarie"
    description: str = ""
    add_consultants: int = 0
    policy: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_toml(cls, text: str) -> Scenario:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise Refused(f"Scenariet kan ikke læses: {exc}.") from None
        unknown = set(data) - {"name", "description", "add_consultants", "policy"}
        if unknown:
            raise Refused(f"Scenariet har ukendte felter: {', '.join(sorted(unknown))}.")
        added = data.get("add_consultants", 0)
        if not isinstance(added, int) or not -50 <= added <= 50:
            raise Refused("add_consultants skal være et helt tal mellem -50 og 50.")
        policy = data.get("policy", {})
        if not isinstance(policy, dict):
            raise Refused("policy skal være en tabel med politikkens værdier.")
        return cls(str(data.get("name", "Scenarie")), str(data.get("description", "")), added,
                   policy)  # fmt: skip


@dataclass(frozen=True)
class Run:
    """The intake both runs share."""

    cases: int
    days: int
    seed: int
    start: date
    municipality: str | None = None

    def checked(self) -> Run:
        if not 1 <= self.cases <= MAX_CASES:
            raise Refused(f"Antal sager skal være mellem 1 og {MAX_CASES}.")
        if not 1 <= self.days <= MAX_DAYS:
            raise Refused(f"Antal dage skal være mellem 1 og {MAX_DAYS}.")
        return self

    @property
    def period(self) -> Period:
        return Period(self.start, self.start + timedelta(days=self.days - 1))


@dataclass
class Outcome:
    figures: SteeringFigures
    summary: dict[str, Any]
    seconds: float


@dataclass
class WhatIf:
    scenario: Scenario
    run: Run
    baseline: Outcome
    changed: Outcome
    seconds: float

    def to_json(self) -> dict[str, Any]:
        def value(outcome: Outcome, key: str) -> Any:
            if key in SIMULATED:
                return outcome.summary[key]
            return outcome.figures.current.values.get(key)

        figures: dict[str, Any] = {}
        for key in (*COMPARED, *SIMULATED):
            before, after = value(self.baseline, key), value(self.changed, key)
            kpi = KPI_BY_KEY.get(key)
            figures[key] = {
                "label": kpi.label if kpi else SIMULATED_LABELS[key],
                "baseline": before,
                "scenario": after,
                "difference": None if before is None or after is None else after - before,
            }
        return {
            "scenario": {
                "name": self.scenario.name,
                "description": self.scenario.description,
                "add_consultants": self.scenario.add_consultants,
                "policy": self.scenario.policy,
            },
            "run": {
                "cases": self.run.cases,
                "days": self.run.days,
                "seed": self.run.seed,
                "from": self.run.period.first.isoformat(),
                "to": self.run.period.last.isoformat(),
                "municipality": self.run.municipality,
            },
            "figures": figures,
            "caseload": {
                "baseline": self.baseline.figures.current.caseload,
                "scenario": self.changed.figures.current.caseload,
            },
            "events_recorded": {
                "baseline": self.baseline.summary["events_recorded"],
                "scenario": self.changed.summary["events_recorded"],
            },
            "seconds": {
                "baseline": round(self.baseline.seconds, 2),
                "scenario": round(self.changed.seconds, 2),
                "both": round(self.seconds, 2),
            },
        }


SIMULATED_LABELS = {
    "cases_over_capacity_mean": "Sager over kapacitet, gennemsnit pr. dag (simuleret)",
    "cases_over_capacity_peak": "Sager over kapacitet, højst på en dag (simuleret)",
    "consultant_days_over_capacity": "Konsulentdage over kapacitet (simuleret)",
}


def prepared_scenarios() -> dict[str, Scenario]:
    """The scenarios shipped with fasttrack (`fasttrack_core/scenarios/*.toml`), by file name."""
    folder = resources.files("fasttrack_core").joinpath("scenarios")
    return {
        entry.name.removesuffix(".toml"): Scenario.from_toml(entry.read_text("utf-8"))
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".toml")
    }


def configuration_rows(ctx: AppContext) -> dict[str, list[dict[str, Any]]]:
    """Today's configuration as rows, table by table (what both runs start from)."""
    with ctx.unit_of_work() as session:
        return {
            name: [dict(row) for row in session.execute(select(_table(name))).mappings()]
            for name in CONFIG_TABLES
        }


def run_whatif(
    ctx: AppContext,
    scenario: Scenario,
    run: Run,
    *,
    parallel: bool = True,
) -> WhatIf:
    """The baseline and the scenario from the same seed and intake, side by side."""
    run = run.checked()
    rows = configuration_rows(ctx)
    if run.municipality and not any(
        r["municipality_code"] == run.municipality for r in rows["job_centre"]
    ):
        raise Refused(f"Kommunekoden {run.municipality} kendes ikke i systemet.")
    _apply(rows, scenario, run.municipality)  # refused here, before any run, when it is wrong
    started = perf_counter()
    jobs = [(rows, Scenario(), run), (rows, scenario, run)]
    if parallel:
        with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
            baseline, changed = pool.map(_one_run, *zip(*jobs, strict=True))
    else:
        baseline, changed = (_one_run(*job) for job in jobs)
    return WhatIf(scenario, run, baseline, changed, perf_counter() - started)


def _one_run(rows: dict[str, list[dict[str, Any]]], scenario: Scenario, run: Run) -> Outcome:
    folder = Path(tempfile.mkdtemp(prefix="fasttrack-whatif-", dir=_scratch()))
    try:
        start = datetime.combine(run.start, time.min, tzinfo=COPENHAGEN)
        # The defaults, not the environment: nothing of the installation's is needed (no e-mail
        # leaves a run), and the throwaway key dies with the database.
        throwaway = Settings.model_construct(
            database_url=f"sqlite:///{folder / 'whatif.db'}", secret_key=secrets.token_urlsafe(32)
        )
        ctx = build_context(throwaway, FixedClock(start))
        ctx.queue_messages = False
        _without_waiting_for_the_disk(ctx.engine)
        upgrade_schema(ctx.engine)
        changed = _apply({k: [dict(r) for r in v] for k, v in rows.items()}, scenario,
                         run.municipality)  # fmt: skip
        with ctx.engine.begin() as connection:
            for name in CONFIG_TABLES:
                if changed[name]:
                    connection.execute(insert(_table(name)), changed[name])
        began = perf_counter()
        municipalities = [run.municipality] if run.municipality else None
        summary = run_simulation(ctx, run.cases, run.days, run.seed, municipalities=municipalities)
        figures = steering_figures(ctx, run.period, Scope(municipality=run.municipality))
        ctx.engine.dispose()
        return Outcome(figures, summary.as_dict(), perf_counter() - began)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _apply(
    rows: dict[str, list[dict[str, Any]]], scenario: Scenario, municipality: str | None
) -> dict[str, list[dict[str, Any]]]:
    """The scenario's changes to the configuration rows (in place, and returned)."""
    centres = [r for r in rows["job_centre"] if municipality in (None, r["municipality_code"])]
    consultants = rows["consultant"]
    next_id = max((c["id"] for c in consultants), default=0) + 1
    for centre in centres:
        if scenario.policy:
            merged = {**centre["policy"], **scenario.policy}
            try:
                Policy.from_mapping(merged)
            except (PolicyError, ValueError, TypeError) as exc:
                raise Refused(f"Scenariets politik kan ikke bruges: {exc}") from None
            centre["policy"] = merged
        own = [c for c in consultants if c["job_centre_id"] == centre["id"] and c["active"]]
        for _ in range(scenario.add_consultants):
            code = centre["municipality_code"]
            consultants.append({"id": next_id, "job_centre_id": centre["id"],
                                "name": f"Ekstra konsulent {next_id}",
                                "email": f"ekstra-{next_id}@{code}.whatif.invalid",
                                "fte": 1.0, "active": True})  # fmt: skip
            next_id += 1
        if scenario.add_consultants < 0:
            if len(own) + scenario.add_consultants < 1:
                raise Refused(f"{centre['name']} skal have mindst én konsulent tilbage.")
            for consultant in own[scenario.add_consultants :]:
                consultant["active"] = False
    return rows


def _table(name: str) -> Any:
    return SQLModel.metadata.tables[name]


def _scratch() -> str | None:
    """A RAM disk for the throwaway databases where there is one."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() else None


def _without_waiting_for_the_disk(engine: Engine) -> None:
    def pragmas(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.close()

    event.listen(engine, "connect", pragmas)
