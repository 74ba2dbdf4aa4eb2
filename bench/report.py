"""Steering report benchmark: every KPI over 100,000 cases and 1,000,000 events on SQLite, against
one plain `SELECT count(*)` over the events table in the same run, and the whole PDF.

The data set is written with bulk inserts (not through the services: that would take hours):
cases spread over a year in every demo job centre, each with its steps and ten events.
Targets (issue 5): all KPIs < 2 s, the full PDF < 10 s. Ends with one line of JSON.

    .venv/bin/python bench/report.py [--cases 100000] [--db PATH]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlite_context import sqlite_context

from fasttrack_core.migrations import upgrade_schema
from fasttrack_core.reporting.document import render
from fasttrack_core.reporting.figures import steering_figures
from fasttrack_core.reporting.periods import Period, Scope
from fasttrack_core.services.configuration import demo_config_text, load_config

FIRST_DAY = date(2025, 4, 1)
DAYS = 365
YEAR = Period(FIRST_DAY, FIRST_DAY + timedelta(days=DAYS - 1))
MONTH = Period(date(2026, 2, 1), date(2026, 2, 28))
CHANNELS = ("digital", "digital", "digital", "phone", "email", "doctor", "absence_alert")
OUTCOMES = ("full_return", "full_return", "partial_return", "other_job_same_employer",
            "job_change", "ordinary_sickness_case", "withdrawn", "other")  # fmt: skip
ROUNDTABLE = json.dumps(
    {"participants": [{"role": "employee", "name": "x"}, {"role": "specialist", "name": "y",
     "profession": "psykolog"}], "measures": ["tasks", "work_trial"], "actions": []}
)  # fmt: skip
NOW = datetime(2026, 4, 1, 6, 0, tzinfo=UTC)


def stamp(moment: datetime) -> str:
    """As SQLAlchemy stores a UTC datetime in SQLite."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def build(engine: Engine, cases: int, seed: int = 1) -> tuple[int, int]:
    """Write `cases` cases with their steps and 10 events each; return (steps, events)."""
    rng = random.Random(seed)
    with engine.connect() as connection:
        centres = connection.execute(text("SELECT id FROM job_centre")).scalars().all()
        consultants: dict[int, list[int]] = {}
        for cid, centre in connection.execute(text("SELECT id, job_centre_id FROM consultant")):
            consultants.setdefault(centre, []).append(cid)
    case_rows: list[tuple[Any, ...]] = []
    step_rows: list[tuple[Any, ...]] = []
    event_rows: list[tuple[Any, ...]] = []
    for number in range(1, cases + 1):
        centre = rng.choice(centres)
        requested = datetime.combine(
            FIRST_DAY + timedelta(days=rng.randrange(DAYS)), datetime.min.time(), tzinfo=UTC
        ) + timedelta(hours=rng.randrange(6, 15), minutes=rng.randrange(60))
        first_day = (requested - timedelta(days=rng.randrange(1, 34))).date()
        declined = rng.random() < 0.08
        followup = requested + timedelta(days=rng.randrange(2, 19), hours=1)
        roundtable = followup + timedelta(days=rng.randrange(1, 10))
        closed = roundtable + timedelta(days=rng.randrange(20, 150))
        is_closed = closed < NOW
        outcome = "declined" if declined else rng.choice(OUTCOMES)
        case_rows.append((
            number, f"FT-B-{number:06d}", centre, rng.choice(consultants[centre]),
            "closed" if is_closed else ("declined" if declined else "plan_active"),
            "employer" if rng.random() < 0.85 else "employee", rng.choice(CHANNELS),
            stamp(requested), first_day.isoformat(), 1, "enc", f"h{number}", "navn", "e@x.dk",
            "12345674", "Arbejdsgiver", "Arbejdsplads", "Leder", "l@x.dk", "enc",
            outcome if is_closed else None, stamp(requested), stamp(closed) if is_closed else None,
        ))  # fmt: skip
        steps = [
            ("acceptance", requested + timedelta(days=2), requested + timedelta(days=1)),
            ("doctor_statement", requested + timedelta(days=14), requested + timedelta(days=9)),
            ("first_followup", requested + timedelta(days=14), followup),
            ("roundtable", followup + timedelta(days=7), None if declined else roundtable),
            ("action", roundtable + timedelta(days=14), roundtable + timedelta(days=12)),
            ("review", roundtable + timedelta(days=28), None),
        ]
        for kind, due, done in steps:
            status = "done" if done and done < NOW else ("cancelled" if is_closed else "pending")
            step_rows.append((number, kind, 1, status, stamp(due), stamp(done) if done else None))
        events = [
            ("requested", requested, "{}"), ("assigned", requested, "{}"),
            ("notice_queued", requested, "{}"),
            ("declined" if declined else "accepted", requested + timedelta(days=1), "{}"),
            ("doctor_statement_received", requested + timedelta(days=9), "{}"),
            ("followup_booked", requested + timedelta(days=2), "{}"),
            ("followup_held", followup, '{"mode": "in_person"}'),
            ("roundtable_booked", followup, "{}"),
            ("roundtable_held", roundtable, ROUNDTABLE),
            ("closed" if is_closed else "review_held", closed if is_closed else roundtable,
             json.dumps({"outcome": outcome}) if is_closed else "{}"),
        ]  # fmt: skip
        for kind, moment, data in events:
            event_rows.append((number, kind, stamp(moment), stamp(moment), "bench", data))
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO fasttrack_case (id, reference, job_centre_id, consultant_id, status, "
            "requested_by, channel, requested_at, first_absence_day, expected_over_8_weeks, "
            "cpr_encrypted, cpr_hash, employee_name, employee_email, employer_cvr, employer_name, "
            "workplace, leader_name, leader_email, answers_encrypted, outcome, opened_at, "
            "closed_at) VALUES (" + ", ".join("?" * 23) + ")",
            case_rows,
        )
        connection.exec_driver_sql(
            "INSERT INTO step (case_id, kind, seq, status, due_at, completed_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            step_rows,
        )
        connection.exec_driver_sql(
            "INSERT INTO event (case_id, kind, occurred_at, recorded_at, actor, data) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            event_rows,
        )
    with engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
    return len(step_rows), len(event_rows)


def timed(action: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=None)
    arguments = parser.parse_args()
    directory = tempfile.TemporaryDirectory()
    path = arguments.db or Path(directory.name) / "bench.db"
    ctx = sqlite_context(path, NOW, "bench")
    engine = ctx.engine
    upgrade_schema(engine)
    with ctx.unit_of_work() as session:
        load_config(session, demo_config_text(), "demo", NOW)
    build_s, (steps, events) = timed(lambda: build(engine, arguments.cases))
    print(f"data: {arguments.cases:,} cases, {steps:,} steps, {events:,} events in {build_s:.1f} s")

    def plain_count() -> int:
        with engine.connect() as connection:
            return int(connection.exec_driver_sql("SELECT count(*) FROM event").scalar_one())

    plain_s, counted = timed(plain_count)
    year_s, year = timed(lambda: steering_figures(ctx, YEAR, Scope()))
    month_s, _ = timed(lambda: steering_figures(ctx, MONTH, Scope()))
    centre_s, _ = timed(lambda: steering_figures(ctx, MONTH, Scope(municipality="183")))
    pdf_s, pdf = timed(
        lambda: render(steering_figures(ctx, YEAR, Scope()), "pdf", NOW)
    )  # measured and drawn from the database up, as the flow does
    print(f"plain count(*) over {counted:,} events: {plain_s * 1000:.0f} ms")
    print(
        f"all KPIs, a year and the year before, all job centres: {year_s:.2f} s "
        f"({year_s / plain_s:.0f}x the plain count); {year.current.values['requests']:,} requests"
    )
    print(f"all KPIs, one month: {month_s:.2f} s; one municipality, one month: {centre_s:.2f} s")
    print(f"full PDF of the year (KPIs, charts, WeasyPrint): {pdf_s:.2f} s, {len(pdf):,} bytes")
    engine.dispose()
    print(
        json.dumps(
            {
                "cases": arguments.cases,
                "events": events,
                "kpis_s": round(year_s, 3),
                "kpis_month_s": round(month_s, 3),
                "kpis_municipality_month_s": round(centre_s, 3),
                "pdf_s": round(pdf_s, 3),
                "plain_count_s": round(plain_s, 4),
                "ratio": round(year_s / plain_s, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
