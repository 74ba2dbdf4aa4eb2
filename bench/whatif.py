"""What-if benchmark (issue 17 item 5): one simulated run of 2,000 cases over 365 days, a what-if
of 5,000 cases over 365 days (both runs, in two processes), and plain inserts of the run's own
event rows in the same run, as the yardstick of what this machine does at the moment (it is
shared: the ratio says more than the seconds). Ends with one line of JSON.

    .venv/bin/python bench/whatif.py [--cases 2000] [--whatif-cases 5000] [--days 365]

The runs skip what the answer does not need, exactly as `fasttrack whatif` does: no email is
rendered or stored (AppContext.queue_messages False) and the throwaway SQLite database does not
wait for the disk; every request and event goes through the same services (a simulated day's
events in one transaction, as every simulation records them).
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import resource
import secrets
import shutil
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import insert, select
from sqlmodel import Session, SQLModel

from fasttrack_core.bootstrap import build_context
from fasttrack_core.clock import FixedClock
from fasttrack_core.db import AppContext, make_engine
from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.migrations import upgrade_schema
from fasttrack_core.models import attach_vault
from fasttrack_core.services.configuration import demo_config_text, load_config
from fasttrack_core.settings import Settings, load_settings
from fasttrack_core.simulation import run_simulation
from fasttrack_core.simulation.whatif import Run, Scenario, run_whatif

START = date(2026, 1, 5)


def context(path: Path, settings: Settings) -> AppContext:
    """A throwaway database with the demo configuration, as a what-if's run has it."""
    at = datetime.combine(START, datetime.min.time(), tzinfo=COPENHAGEN)
    ctx = build_context(
        settings.model_copy(update={"database_url": f"sqlite:///{path}"}), FixedClock(at)
    )
    ctx.queue_messages = False
    upgrade_schema(ctx.engine)
    with ctx.unit_of_work() as session:
        load_config(session, demo_config_text(), "demo", at)
    return ctx


def plain_inserts(ctx: AppContext, folder: Path) -> tuple[int, float]:
    """The run's event rows inserted again, plainly (one transaction, executemany) into an empty
    database of the same schema: rows and seconds."""
    table = SQLModel.metadata.tables["event"]
    with ctx.engine.connect() as connection:
        rows = [dict(row) for row in connection.execute(select(table)).mappings()]
    for row in rows:
        del row["id"]
    target = make_engine(f"sqlite:///{folder / 'plain.db'}")
    attach_vault(target, ctx.vault)
    upgrade_schema(target)
    with Session(target) as session:  # the configuration and cases the events need: not timed
        load_config(session, demo_config_text(), "demo", ctx.clock.now())
    cases = SQLModel.metadata.tables["fasttrack_case"]
    with ctx.engine.connect() as source, target.begin() as connection:
        found = [dict(row) for row in source.execute(select(cases)).mappings()]
        connection.execute(insert(cases), found)
    started = time.perf_counter()
    with target.begin() as connection:
        connection.execute(insert(table), rows)
    return len(rows), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--whatif-cases", type=int, default=5000)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    settings = load_settings().model_copy(update={"secret_key": secrets.token_urlsafe(32)})
    folder = Path(
        tempfile.mkdtemp(
            prefix="bench-whatif-", dir="/dev/shm" if Path("/dev/shm").is_dir() else None
        )
    )
    atexit.register(shutil.rmtree, folder, True)  # three databases: hundreds of MB of RAM disk
    load_before = os.getloadavg()[0]
    ctx = context(folder / "simulate.db", settings)
    started, cpu = time.perf_counter(), time.process_time()
    summary = run_simulation(ctx, cases=args.cases, days=args.days, seed=1)
    simulate_s = time.perf_counter() - started
    simulate_cpu_s = time.process_time() - cpu
    rows, plain_s = plain_inserts(ctx, folder)
    print(
        f"simulate {args.cases}x{args.days}: {simulate_s:.1f} s, {summary.events_recorded} "
        f"events; plain inserts of its {rows} event rows: {plain_s:.2f} s",
        flush=True,
    )
    source = context(folder / "source.db", settings)
    started = time.perf_counter()
    result = run_whatif(
        source, Scenario("bench", add_consultants=1),
        Run(args.whatif_cases, args.days, 1, START),
    )  # fmt: skip
    whatif_s = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"whatif {args.whatif_cases}x{args.days}, both runs: {whatif_s:.1f} s", flush=True)
    # Every event row the run wrote (the consultants' events and the system's: requested, assigned,
    # reminders, overdue marks), per second of simulation, against the same rows inserted plainly.
    events_per_s = rows / simulate_s
    plain_per_s = rows / plain_s
    full_size = (args.cases, args.whatif_cases, args.days) == (2000, 5000, 365)
    both = result.baseline.summary["events_recorded"] + result.changed.summary["events_recorded"]
    print(json.dumps({
        # The figures at the default sizes (null at other sizes: see simulate_s, whatif_s).
        "simulate_2000x365_s": round(simulate_s, 1) if full_size else None,
        "whatif_5000x365_s": round(whatif_s, 1) if full_size else None,
        "simulate_s": round(simulate_s, 1),
        "whatif_s": round(whatif_s, 1),
        "simulate_cases": args.cases,
        "whatif_cases": args.whatif_cases,
        "days": args.days,
        # CPU seconds: the work itself, whatever else the machine does (the two runs' together).
        "simulate_cpu_s": round(simulate_cpu_s, 1),
        "whatif_cpu_s_both_runs": round(children.ru_utime + children.ru_stime, 1),
        "simulated_events": rows,
        "recorded_by_the_script": summary.events_recorded,
        "simulated_events_per_s": round(events_per_s, 1),
        "plain_insert_rows_per_s": round(plain_per_s, 1),
        "simulated_to_plain_insert_ratio": round(events_per_s / plain_per_s, 4),
        "whatif_events": both,
        "load_average_before": round(load_before, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
