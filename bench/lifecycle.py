"""Benchmark of the case lifecycle core on SQLite (issue 2).

Prints intake requests/s; the sweep's due steps/s with 100,000 cases in the database (20,000
open, 2,000 due) and, in the same run, the same sweep as one raw SQL statement (the ratio);
and the wall time of `simulate --cases 2000 --days 365`. Ends with one line of JSON.

Run: .venv/bin/python bench/lifecycle.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from itertools import repeat
from pathlib import Path
from time import perf_counter
from typing import Any

from sqlalchemy import Column, Connection, Engine, Table, text
from sqlite_context import sqlite_context
from sqlmodel import SQLModel

from fasttrack_core.db import AppContext, make_engine
from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.domain.rulesets import ruleset_for_request
from fasttrack_core.migrations import upgrade_schema
from fasttrack_core.models import Case, Event, Step
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.configuration import demo_config_text, load_config
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.sweep import advance
from fasttrack_core.simulation import CaseGenerator, run_simulation

SECRET = "bench-secret-0123456789-abcdefghijklmnop"  # strong enough for the key check
NOW = datetime(2026, 11, 23, 7, 0, tzinfo=COPENHAGEN)
DEMO_MUNICIPALITIES = ["183", "250", "390", "573", "217", "173", "860", "621", "336", "265", "479"]


def stored(moment: datetime) -> datetime:
    """A time as the database holds it (naive UTC, see models.UTCDateTime)."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def fresh_context(path: Path, start: datetime) -> AppContext:
    ctx = sqlite_context(path, start, SECRET)
    upgrade_schema(ctx.engine)
    with ctx.unit_of_work() as session:
        load_config(session, demo_config_text(), "demo", start)
    return ctx


def bench_intake(workdir: Path, count: int) -> float:
    ctx = fresh_context(workdir / "intake.db", NOW)
    generator = CaseGenerator(seed=5, municipalities=DEMO_MUNICIPALITIES)
    requests = []
    for _ in range(count + 50):
        request = generator.request(NOW - timedelta(hours=2))
        request["requested_by"] = "employer"
        request["first_absence_day"] = (NOW.date() - timedelta(days=10)).isoformat()
        requests.append(request)
    for request in requests[:50]:  # warm-up: statement caches, holiday tables
        submit_request(ctx, parse(RequestIn, request), as_of=NOW)
    started = perf_counter()
    for request in requests[50:]:
        submit_request(ctx, parse(RequestIn, request), as_of=NOW)
    return count / (perf_counter() - started)


def build_sweep_database(path: Path, cases: int, open_cases: int, due: int) -> None:
    """Bulk-load cases in the shape intake leaves them: closed ones done, open ones waiting."""
    ctx = fresh_context(path, NOW)
    load_cases(ctx, cases, open_cases, due)
    ctx.engine.dispose()


def load_cases(ctx: AppContext, cases: int, open_cases: int, due: int) -> None:
    """Bulk-insert `cases` cases (the last `open_cases` open, 5 steps and 3 events each) into a
    configured database, SQLite or PostgreSQL, and make `due` open steps due an hour before NOW.
    The requests are spread over the 400 days before NOW."""
    vault = ctx.vault
    rng = random.Random(1)
    cpr_token = vault.encrypt("0101701234")
    answers = vault.encrypt(
        json.dumps(
            {
                "affected_functions": "Kerneopgaverne i jobbet.",
                "affected_since": "Nogle uger.",
                "adaptation_tried": "Færre opgaver forsøgt.",
            }
        )
    )
    engine: Engine = ctx.engine
    opened = NOW - timedelta(days=400)
    spacing = timedelta(days=400) / max(cases, 1)
    rulesets: dict[date, str] = {}
    same_case = {
        "requested_by": "employer",
        "channel": "digital",
        "expected_over_8_weeks": True,
        "cause_category": "stress",
        "cpr_encrypted": cpr_token,
        "employee_name": "Bench",
        "employee_email": "b@example.dk",
        "employer_cvr": "12345674",
        "employer_name": "X",
        "workplace": "Y",
        "leader_name": "L",
        "leader_email": "l@example.dk",
        "answers_encrypted": answers,
    }
    same_step = {"seq": 1}
    same_event = {"actor": "system", "data": {}}
    chunk = 20_000
    # A transaction per chunk, so that SQLite's WAL is checkpointed as the load goes (one
    # transaction for all held the whole database in the WAL until the end: 0.9 GB and growing
    # at full scale).
    for start in range(0, cases, chunk):
        case_rows, step_rows, event_rows = [], [], []
        for n in range(start, min(start + chunk, cases)):
            case_id = n + 1
            is_open = n >= cases - open_cases
            requested = opened + spacing * n
            ruleset = rulesets.get(requested.date())
            if ruleset is None:
                ruleset = rulesets[requested.date()] = ruleset_for_request(requested).id
            reference = f"FT-2025-{case_id:06d}"
            case_rows.append(
                {
                    "id": case_id,
                    "reference": reference,
                    "job_centre_id": 1 + n % 11,
                    "consultant_id": 1 + n % 33,
                    "status": "plan_active" if is_open else "closed",
                    "requested_at": requested,
                    "ruleset": ruleset,
                    "first_absence_day": requested.date() - timedelta(days=10),
                    "cpr_hash": f"{case_id:064x}",
                    "open_cpr_hash": f"{case_id:064x}" if is_open else None,
                    "outcome": None if is_open else "full_return",
                    "opened_at": requested,
                    "closed_at": None if is_open else requested + timedelta(days=60),
                }
            )
            for kind in ("acceptance", "first_followup", "roundtable", "review", "closure"):
                due_at = NOW + timedelta(days=rng.randint(1, 60))
                step_rows.append(
                    {
                        "case_id": case_id,
                        "kind": kind,
                        "status": "pending" if is_open else "done",
                        "due_at": due_at,
                        "next_check_at": due_at if is_open else None,
                    }
                )
            for kind in ("requested", "assigned", "notice_queued"):
                event_rows.append(
                    {
                        "case_id": case_id,
                        "kind": kind,
                        "occurred_at": requested,
                        "recorded_at": requested,
                        "dedupe_key": f"{reference}:{kind}",
                    }
                )
        with engine.begin() as connection:
            bulk_insert(connection, table_of(Case), case_rows, same_case)
            bulk_insert(connection, table_of(Step), step_rows, same_step)
            bulk_insert(connection, table_of(Event), event_rows, same_event)
    with engine.begin() as connection:
        # `due` open steps whose deadline has passed by NOW.
        connection.execute(
            text(
                "UPDATE step SET due_at = :past, next_check_at = :past WHERE id IN ("
                " SELECT id FROM step WHERE status = 'pending' ORDER BY id LIMIT :due)"
            ),
            {
                "past": (NOW - timedelta(hours=1)).astimezone(COPENHAGEN).replace(tzinfo=None),
                "due": due,
            },
        )


def table_of(model: type[SQLModel]) -> Table:
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


def bulk_insert(
    connection: Connection, table: Table, rows: list[dict[str, Any]], same: dict[str, Any]
) -> None:
    """Insert the rows as fast as the database takes them, beneath SQLAlchemy: PostgreSQL's COPY
    or SQLite's executemany. Each value goes through its column's type once per distinct value
    (the sealed columns encrypt); `same` holds the values every row shares, a column in neither
    gets its scalar default (or NULL). Every row has the first row's columns."""
    if not rows:
        return
    dialect = connection.dialect
    fixed = {
        column.key: _default(column)
        for column in table.columns
        if not column.primary_key and column.key not in rows[0]
    } | same
    columns = [table.c[key] for key in [*rows[0], *fixed]]
    by_column = []
    for key in rows[0]:
        process = table.c[key].type._cached_bind_processor(dialect)
        given = [row[key] for row in rows]
        by_column.append(given if process is None else list(map(_memoised(process), given)))
    for key, value in fixed.items():
        process = table.c[key].type._cached_bind_processor(dialect)
        by_column.append(repeat(value if process is None else process(value)))
    values = list(zip(*by_column, strict=False))  # the repeated ones stop with the rows
    names = ", ".join(dialect.identifier_preparer.quote(column.name) for column in columns)
    quoted = dialect.identifier_preparer.quote(table.name)
    if dialect.name == "postgresql":
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f"COPY {quoted} ({names}) FROM STDIN") as copy:
            for row in values:
                copy.write_row(row)
        return
    marks = ", ".join("?" for _ in columns)
    connection.exec_driver_sql(f"INSERT INTO {quoted} ({names}) VALUES ({marks})", values)


def _default(column: Column[Any]) -> Any:
    default = column.default
    return default.arg if default is not None and default.is_scalar else None


def _memoised(process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`process` remembering its answers (dicts by their JSON)."""
    seen: dict[Any, Any] = {}

    def memoised(value: Any) -> Any:
        key = json.dumps(value) if isinstance(value, dict) else value
        if key not in seen:
            seen[key] = process(value)
        return seen[key]

    return memoised


def bench_sweep(workdir: Path, cases: int, open_cases: int, due: int) -> dict[str, float]:
    template = workdir / "sweep-template.db"
    build_sweep_database(template, cases, open_cases, due)

    service_db = workdir / "sweep-service.db"
    shutil.copy(template, service_db)
    ctx = sqlite_context(service_db, NOW, SECRET)
    started = perf_counter()
    summary = advance(ctx, as_of=NOW)
    service_s = perf_counter() - started
    assert summary.due == due and summary.overdue == due, summary

    raw_db = workdir / "sweep-raw.db"
    shutil.copy(template, raw_db)
    raw = make_engine(f"sqlite:///{raw_db}")
    started = perf_counter()
    with raw.begin() as connection:
        changed = connection.execute(
            text(
                "UPDATE step SET status = 'overdue', escalated_at = :now, next_check_at = NULL "
                "WHERE next_check_at <= :now"
            ),
            {
                "now": NOW.astimezone(COPENHAGEN).replace(tzinfo=None)
                + timedelta(hours=-1, seconds=1)
            },
        ).rowcount
    raw_s = perf_counter() - started
    assert changed == due, changed
    return {
        "sweep_due_steps": due,
        "sweep_s": service_s,
        "sweep_steps_per_s": due / service_s,
        "raw_sql_s": raw_s,
        "raw_sql_steps_per_s": due / raw_s,
        "sweep_raw_sql_ratio": (due / service_s) / (due / raw_s),
    }


def bench_simulation(workdir: Path, cases: int, days: int) -> tuple[float, dict[str, Any]]:
    start = datetime(2026, 1, 5, tzinfo=COPENHAGEN)
    ctx = fresh_context(workdir / "simulate.db", start)
    started = perf_counter()
    summary = run_simulation(ctx, cases=cases, days=days, seed=1)
    return perf_counter() - started, summary.as_dict()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a small run to check the script")
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        intake = bench_intake(workdir, 1000 // scale)
        print(f"intake: {intake:,.0f} requests/s (SQLite, one request per transaction)")
        sweep = bench_sweep(workdir, 100_000 // scale, 20_000 // scale, 2_000 // scale)
        print(
            f"sweep: {sweep['sweep_due_steps']} due steps in {sweep['sweep_s']:.3f} s "
            f"= {sweep['sweep_steps_per_s']:,.0f} steps/s"
        )
        print(
            f"same marking as one raw SQL UPDATE: {sweep['raw_sql_s']:.3f} s "
            f"= {sweep['raw_sql_steps_per_s']:,.0f} steps/s; "
            f"service/raw ratio {sweep['sweep_raw_sql_ratio']:.3f}"
        )
        sim_cases, sim_days = (2000 // scale, 365 // scale) if args.quick else (2000, 365)
        simulate_s, simulated = bench_simulation(workdir, sim_cases, sim_days)
        print(
            f"simulate --cases {sim_cases} --days {sim_days}: {simulate_s:.1f} s "
            f"({simulated['events_recorded']} events recorded, {simulated['cases_opened']} cases)"
        )
    figures = {
        "quick": args.quick,
        "intake_per_s": round(intake, 1),
        **{k: round(v, 4) if isinstance(v, float) else v for k, v in sweep.items()},
        f"simulate_{sim_cases}x{sim_days}_s": round(simulate_s, 2),
    }
    if not args.quick:
        figures["simulate_2000x365_s"] = round(simulate_s, 2)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
