"""Crash safety (issue 13): every command killed with SIGKILL at random points and restarted ends
where an uncrashed run ends: no lost step, event or message, no half-written case, no deadline
fired twice; a message the relay accepted just before a crash may arrive twice (same Message-ID),
at most as many per kill as there are SMTP connections.

A shortened run by default (one crashed run per component); FASTTRACK_CRASH_RUNS=50 for the
full test (ten per component):  FASTTRACK_CRASH_RUNS=50 .venv/bin/python -m pytest tests/crash -s
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from fasttrack_core.db import make_engine
from tests.conftest import EXAMPLES, at
from tests.crash.harness import (
    Command,
    KillPlan,
    Outcome,
    Workbench,
    crash_runs,
    duplicates,
    mail_projection,
    projection,
    relay,
)

COMPONENTS = ("intake", "record", "sweep", "dispatcher", "simulator")
RUNS_PER_COMPONENT = max(1, crash_runs(len(COMPONENTS)) // len(COMPONENTS))
# The dispatcher is killed this many times in each of its runs, at random numbers of messages.
DISPATCHER_KILLS = 3
# Bound on one crashed run (the machine is shared: generous, but a hang fails).
RUN_SECONDS = 120.0

SIMULATE = Command(
    "simulator", ("simulate", "--cases", "15", "--days", "50", "--seed", "13", "--json")
)
AFTER_SIMULATION = at("2026-03-02 07:00")  # the simulation runs 5 January to 23 February


# Per component: the database its workload starts from, and the workload's commands.
Workloads = dict[str, tuple[Path, list[Command]]]


@dataclass
class Reference:
    """The uncrashed run of a workload: what every crashed run must end with."""

    tables: dict[str, list[tuple[Any, ...]]]
    mail: Counter[tuple[str, str, str]]
    timings: dict[Command, float]


@pytest.fixture(scope="session")
def crash_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("crash")


def _prepared(directory: Path, template: Path | None, commands: list[Command]) -> Path:
    """The database after `commands`, run uncrashed."""
    with relay() as (handler, port):
        bench = Workbench(directory, template, handler, port)
        bench.run(commands)
        bench.close()
    return bench.database


@pytest.fixture(scope="session")
def empty_db(crash_dir: Path) -> Path:
    """Migrated, with the demo configuration (any command that acts prepares the database)."""
    sweep = Command("sweep", ("sweep",), at("2026-01-05 07:00"))
    return _prepared(crash_dir / "empty", None, [sweep])


@pytest.fixture(scope="session")
def simulated_db(crash_dir: Path, empty_db: Path) -> Path:
    """Fifteen simulated requests over seven weeks (14 cases, 210 events, 151 queued messages; and
    the uncrashed run the killed simulations are compared with)."""
    return _prepared(crash_dir / "simulated", empty_db, [SIMULATE])


def _data_file(directory: Path, name: str, payload: Any) -> str:
    path = directory / name
    path.write_text(json.dumps(payload), "utf-8")
    return str(path)


@pytest.fixture(scope="session")
def workloads(crash_dir: Path, empty_db: Path, simulated_db: Path) -> Workloads:
    """Per component: the database it starts from and the commands, the component's among them."""
    ole, hanne = str(EXAMPLES / "request-ole.json"), str(EXAMPLES / "request-hanne.json")
    booking = _data_file(
        crash_dir,
        "booking.json",
        {"starts_at": "2026-03-31T10:00:00+02:00", "minutes": 60, "location": "Jobcentret"},
    )
    ole_ref = "FT-2026-000001"

    def record(kind: str, when: str, *data: str) -> Command:
        moment = at(when)
        args = ("case", "record", ole_ref, kind, "--at", moment.isoformat())
        return Command("record", args + (("--data", *data) if data else ()), moment)

    send = Command("dispatcher", ("outbox", "send"), AFTER_SIMULATION)
    return {
        "intake": (
            empty_db,
            [
                Command("intake", ("request", "submit", ole), at("2026-03-24 12:00")),
                Command("intake", ("request", "submit", hanne), at("2026-09-10 14:00")),
                Command("dispatcher", ("outbox", "send"), at("2026-09-10 14:05")),
            ],
        ),
        "record": (
            empty_db,
            [
                Command("intake", ("request", "submit", ole), at("2026-03-24 12:00")),
                record("accepted", "2026-03-25 10:00"),
                record("followup_booked", "2026-03-26 10:00", booking),
                Command("dispatcher", ("outbox", "send"), at("2026-03-31 11:05")),
            ],
        ),
        "sweep": (
            simulated_db,
            [
                Command("sweep", ("sweep",), AFTER_SIMULATION),
                Command("sweep", ("sweep",), at("2026-04-15 07:00")),
            ],
        ),
        "dispatcher": (simulated_db, [send]),
    }


class References:
    """The uncrashed run of each workload, made once per test session when first needed."""

    def __init__(self, directory: Path, workloads: Workloads) -> None:
        self.directory, self.workloads = directory, workloads
        self.found: dict[str, Reference] = {}

    def database(self, name: str) -> Path:
        return self.directory / f"reference-{name}" / "fasttrack.db"

    def of(self, name: str) -> Reference:
        if name not in self.found:
            base, commands = self.workloads[name]
            with relay() as (handler, port):
                bench = Workbench(self.database(name).parent, base, handler, port)
                bench.run(commands)
                tables, mail = projection(bench.engine), mail_projection(handler)
                self.found[name] = Reference(tables, mail, bench.durations)
                bench.close()
        return self.found[name]


@pytest.fixture(scope="session")
def references(crash_dir: Path, workloads: Workloads) -> References:
    return References(crash_dir, workloads)


@pytest.mark.parametrize("run", range(RUNS_PER_COMPONENT))
@pytest.mark.parametrize("component", ["intake", "record", "sweep", "dispatcher"])
def test_killed_and_restarted_commands_end_as_an_uncrashed_run(
    component: str,
    run: int,
    tmp_path: Path,
    workloads: Workloads,
    references: References,
) -> None:
    reference = references.of(component)
    base, commands = workloads[component]
    kills = DISPATCHER_KILLS if component == "dispatcher" else 1
    plan = KillPlan(component, seed=1000 * COMPONENTS.index(component) + run, kills=kills)
    with relay() as (handler, port):
        bench = Workbench(tmp_path, base, handler, port)
        outcome = bench.run(commands, plan, reference.timings)
        crashed = projection(bench.engine)
        bench.close()
    _report(component, run, outcome, duplicates(handler), bench.connections)

    assert outcome.seconds < RUN_SECONDS
    for table in ("cases", "steps", "events", "dispatched", "outbox"):
        assert crashed[table] == reference.tables[table], f"{table} differ after {outcome.kills}"
    # Every message arrived (the same distinct messages as uncrashed) ...
    assert mail_projection(handler) == reference.mail
    # ... and a duplicate only where the relay had accepted it and the crash came before its
    # result was recorded: at most one per SMTP connection per kill.
    assert duplicates(handler) == sum(kill.in_flight_duplicates for kill in outcome.kills)
    assert all(kill.in_flight_duplicates <= bench.connections for kill in outcome.kills)


def _report(component: str, run: int, outcome: Outcome, dups: int, connections: int) -> None:
    per_kill = [kill.in_flight_duplicates for kill in outcome.kills]
    print(
        f"\ncrash {component} run {run}: {len(outcome.kills)} kill(s), {outcome.misses} after "
        f"the end; duplicates {dups}, per kill {per_kill} "
        f"(connections {connections}); {outcome.seconds:.1f} s"
    )


# --- the simulator ------------------------------------------------------------------------------

_IN_ORDER = {
    "cases": "SELECT reference, requested_at, first_absence_day FROM fasttrack_case ORDER BY id",
    "steps": """SELECT c.reference, s.kind, s.seq FROM step s
                JOIN fasttrack_case c ON c.id = s.case_id ORDER BY s.id""",
    "events": """SELECT c.reference, e.kind, e.occurred_at, e.recorded_at, e.data, e.dedupe_key
                 FROM event e JOIN fasttrack_case c ON c.id = e.case_id ORDER BY e.id""",
    "outbox": """SELECT c.reference, o.created_at, o.dedupe_key, o.kind, o.subject, o.recipients
                 FROM outbox_message o LEFT JOIN fasttrack_case c ON c.id = o.case_id
                 ORDER BY o.id""",
}


def _in_order(database: Path) -> dict[str, list[tuple[Any, ...]]]:
    engine = make_engine(f"sqlite:///{database}")
    rows = projection(engine, _IN_ORDER)
    engine.dispose()
    return rows


def _transactions(rows: dict[str, list[tuple[Any, ...]]]) -> dict[tuple[Any, Any], int]:
    """Events and messages by (case, simulated time): what one use case wrote together."""
    groups: dict[tuple[Any, Any], int] = {}
    for ref, _kind, _occurred, recorded, *_ in rows["events"]:
        groups[(ref, recorded)] = groups.get((ref, recorded), 0) + 1
    for ref, created, *_ in rows["outbox"]:
        groups[(ref, created)] = groups.get((ref, created), 0) + 1
    return groups


@pytest.mark.parametrize("run", range(RUNS_PER_COMPONENT))
def test_a_killed_simulation_leaves_what_it_had_committed_and_nothing_half_written(
    run: int, tmp_path: Path, empty_db: Path, simulated_db: Path
) -> None:
    """The simulator is killed at a random moment (once a random number of the uncrashed run's
    events is in the database): its database is the uncrashed run's as of
    some commit (every table a prefix of the uncrashed one in insertion order, and every use
    case's events and messages all there or all absent)."""
    complete = _in_order(simulated_db)
    plan = KillPlan("simulator", seed=1000 * COMPONENTS.index("simulator") + run)
    started = time.perf_counter()
    with relay() as (handler, port):
        bench = Workbench(tmp_path, empty_db, handler, port)
        kill = bench.killed_run(SIMULATE, None, plan, None, events=len(complete["events"]))
        bench.close()
    seconds = time.perf_counter() - started
    print(f"\ncrash simulator run {run}: {'killed' if kill else 'finished first'}; {seconds:.1f} s")
    cut = _in_order(tmp_path / "fasttrack.db")
    for table, rows in cut.items():
        assert rows == complete[table][: len(rows)], f"{table}: not a prefix of the uncrashed run"
    whole = _transactions(complete)
    for group, count in _transactions(cut).items():
        assert count == whole[group], f"half-written: {group}"
    assert seconds < RUN_SECONDS
