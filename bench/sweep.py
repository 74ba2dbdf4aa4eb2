"""Benchmark of the sweep as a Prefect flow against the service layer alone (issue 4).

With 100,000 cases in the database (20,000 open, 2,000 due; `lifecycle.build_sweep_database`),
times `advance()` called directly and `sweep_flow` run against a local Prefect server
(`prefect_test_harness`, heartbeats off), each on its own copy of the same database, in the same
run. The flow is one run with a few tasks whatever the number of steps (ARCHITECTURE invariant 6):
advance all due steps in one task, then refresh at most 10 case artifacts and write one table.
Prints both and the ratio, then one line of JSON. Target: ratio >= 0.5.

Run: .venv/bin/python bench/sweep.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
from pathlib import Path
from time import perf_counter

from lifecycle import NOW, SECRET, build_sweep_database
from sqlite_context import sqlite_context

from fasttrack_core.services.sweep import advance


def time_service(database: Path, due: int) -> float:
    ctx = sqlite_context(database, NOW, SECRET)
    started = perf_counter()
    summary = advance(ctx, as_of=NOW)
    elapsed = perf_counter() - started
    assert summary.due == due and summary.overdue == due, summary
    ctx.engine.dispose()
    return elapsed


def time_flow(database: Path, warm_up: Path, due: int) -> tuple[float, float]:
    """(seconds of the measured flow run, seconds the Prefect server took to start)."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    from fasttrack_core.orchestration.runtime import flow_context, forget_contexts
    from flows.sweep import sweep_flow

    os.environ["FASTTRACK_SECRET_KEY"] = SECRET
    started = perf_counter()
    with (
        temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}),
        prefect_test_harness(server_startup_timeout=120),
    ):
        server_s = perf_counter() - started
        # Warm-up on another copy (imports, the API connection), as a worker that has run once.
        os.environ["FASTTRACK_DATABASE_URL"] = f"sqlite:///{warm_up}"
        sweep_flow(NOW.isoformat())
        os.environ["FASTTRACK_DATABASE_URL"] = f"sqlite:///{database}"
        flow_context()  # the worker's context, built once per process
        started = perf_counter()
        result = sweep_flow(NOW.isoformat())
        elapsed = perf_counter() - started
        forget_contexts()
    assert result["due"] == due and result["overdue"] == due, result
    return elapsed, server_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a small run to check the script")
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    cases, open_cases, due = 100_000 // scale, 20_000 // scale, 2_000 // scale
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        template = workdir / "template.db"
        build_sweep_database(template, cases, open_cases, due)
        copies = {name: workdir / f"{name}.db" for name in ("service", "flow", "warm")}
        for copy in copies.values():
            shutil.copy(template, copy)
        service_s = time_service(copies["service"], due)
        print(f"{cases:,} cases, {open_cases:,} open, {due:,} due")
        print(f"service layer: {service_s:.3f} s = {due / service_s:,.0f} steps/s")
        flow_s, server_s = time_flow(copies["flow"], copies["warm"], due)
        print(
            f"Prefect flow:  {flow_s:.3f} s = {due / flow_s:,.0f} steps/s "
            f"(one flow run; the server took {server_s:.1f} s to start, not counted)"
        )
    ratio = service_s / flow_s
    print(f"flow/service throughput ratio: {ratio:.2f} (target >= 0.5)")
    print(
        json.dumps(
            {
                "quick": args.quick,
                "cases": cases,
                "due_steps": due,
                "service_s": round(service_s, 4),
                "flow_s": round(flow_s, 4),
                "service_steps_per_s": round(due / service_s, 1),
                "flow_steps_per_s": round(due / flow_s, 1),
                "ratio": round(ratio, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
