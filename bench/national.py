"""Performance at national scale (issue 13, item 5), on SQLite and on PostgreSQL.

Builds 600,000 cases (120,000 open; 5 steps and 3 events each) with bulk inserts
(`lifecycle.load_cases`), once in a SQLite file and once in a PostgreSQL schema of its own, and
measures on each:
- a day's 10,000 due steps swept (`services.sweep.advance`, one worker), against the same marking
  as one raw SQL UPDATE (rolled back) in the same run; then another 10,000 swept by two workers
  at once (two processes, as two Prefect workers are, each `advance` in batches of 1,000; on
  PostgreSQL FOR UPDATE SKIP LOCKED, on SQLite one writer at a time) and their messages
  delivered by two dispatchers (processes too);
- their escalations delivered to a local SMTP server (aiosmtpd in a process of its own; one
  dispatcher on SQLite, two at once on PostgreSQL), Message-IDs counted, against the same
  messages prebuilt and sent by a bare aiosmtplib loop over as many connections
  (`bench/outbox.py`'s ceiling), in the same run;
- the consultant pages `/opgaver`, `/sager/REF` (as the consultant of job centre 1's first
  consultant, who holds 1/33 of the open cases: ~3,600) and `/team` (as that job centre's team
  lead), p95 over 200 requests each, signed in, through the app in this process (Starlette's
  TestClient: ASGI without sockets), against `GET /api/health` the same way;
- the intake API over HTTP with 16 clients (`fasttrack web` on loopback: one Uvicorn worker on
  SQLite, two on PostgreSQL; `bench/api.py`'s loops): as fast as answered, then offered at the
  issue's target rate (200/s on SQLite, 400/s on PostgreSQL) with the latency at that load,
  against `GET /api/health`.
Duplicates: step_overdue events beyond the due steps swept, plus Message-IDs received twice
within one database's deliveries (both databases are built alike, so their messages share IDs).

Prints the figures and ratios, then one line of JSON.

Run: nice .venv/bin/python bench/national.py [--scale 0.05] [--seconds 10]
     [--due 10000] [--only sqlite|postgres] [--skip-pages] [--skip-intake] [--keep]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import re
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, timedelta
from pathlib import Path
from statistics import quantiles
from time import perf_counter, process_time
from typing import Any

import httpx
from aiosmtpd.controller import Controller
from api import free_port, requests, run_at_rate, run_phase, start_server
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from lifecycle import NOW, SECRET, load_cases
from outbox import as_sent, bare_seconds
from sqlalchemy import text
from sqlmodel import col, func, select

from fasttrack_core.bootstrap import build_context
from fasttrack_core.clock import FixedClock
from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import Role
from fasttrack_core.migrations import upgrade_schema
from fasttrack_core.models import Case, Consultant, Event, OutboxMessage, User
from fasttrack_core.notify.dispatcher import deliver_due
from fasttrack_core.services.configuration import demo_config_text, load_config
from fasttrack_core.services.sweep import advance
from fasttrack_core.services.users import create_api_key
from fasttrack_core.settings import Settings, load_settings
from fasttrack_core.web.app import create_app
from fasttrack_core.web.security import CSRF_FIELD

CASES, OPEN, DUE = 600_000, 120_000, 10_000
PAGE_REQUESTS = 200
CLIENTS = 16
INTAKE_TARGET_RPS = 200  # per Uvicorn worker: the rate offered in the open-loop intake phase
POSTGRES_URL = os.environ.get(
    "FASTTRACK_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
SESSION_KEY = "bench-session-key-0123456789-abcdefghijklmnop"
PASSWORD = "korrekt hest batteri"
CSRF = re.compile(rf'name="{CSRF_FIELD}" value="([^"]+)"')
PAST = (NOW - timedelta(hours=1)).astimezone(UTC).replace(tzinfo=None)


def p95(samples: list[float]) -> float:
    return quantiles(samples, n=100, method="inclusive")[94]


# --- the databases ------------------------------------------------------------------------------


def context(url: str) -> AppContext:
    settings = load_settings().model_copy(update={"database_url": url, "secret_key": SECRET})
    return build_context(settings, FixedClock(NOW))


def build(url: str, cases: int, open_cases: int, due: int) -> tuple[AppContext, float]:
    """A configured database with the cases loaded; the seconds it took."""
    started = perf_counter()
    ctx = context(url)
    upgrade_schema(ctx.engine)
    with ctx.unit_of_work() as session:
        load_config(session, demo_config_text(), "demo", NOW)
    load_cases(ctx, cases, open_cases, due)
    if ctx.engine.dialect.name == "postgresql":
        with ctx.engine.begin() as connection:
            connection.execute(text("ANALYZE"))
            # The loaded cases have their ids set: intake's next case takes the one after.
            connection.execute(
                text(f"SELECT setval(pg_get_serial_sequence('fasttrack_case', 'id'), {cases})")
            )
    return ctx, perf_counter() - started


@contextmanager
def postgres_schema(keep: bool = False) -> Iterator[str]:
    """A fresh schema of its own, dropped at the end unless `keep` (for EXPLAIN afterwards:
    `psql -h 127.0.0.1 -d test`, `SET search_path = <the schema>`; drop it when done)."""
    schema = f"bench_national_{os.getpid()}"
    admin = context(POSTGRES_URL).engine
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        if keep:
            print(f"pg: schema {schema} kept", flush=True)
        else:
            with admin.begin() as connection:
                connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


def make_due(ctx: AppContext, due: int) -> None:
    """Another `due` pending steps due an hour before NOW (for the next sweep)."""
    with ctx.engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE step SET due_at = :past, next_check_at = :past WHERE id IN ("
                " SELECT id FROM step WHERE status = 'pending' AND next_check_at > :past"
                " ORDER BY id LIMIT :due)"
            ),
            {"past": PAST, "due": due},
        )


# --- the sweep ------------------------------------------------------------------------------------


def raw_sweep_s(ctx: AppContext) -> float:
    """The same marking as one SQL UPDATE, rolled back: the floor for the sweep."""
    with ctx.engine.connect() as connection:
        started = perf_counter()
        transaction = connection.begin()
        connection.execute(
            text(
                "UPDATE step SET status = 'overdue', escalated_at = :now, next_check_at = NULL "
                "WHERE next_check_at <= :now"
            ),
            {"now": NOW.astimezone(UTC).replace(tzinfo=None)},
        )
        transaction.rollback()
        return perf_counter() - started


def relay_settings(port: int) -> Settings:
    return load_settings().model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_connections": 4}
    )


def sweep_job(ctx: AppContext, port: int, batch: int | None) -> int:
    """Sweep everything due at NOW (in batches of `batch`, or at once); the steps advanced."""
    swept = 0
    while (summary := advance(ctx, as_of=NOW, limit=batch)).due:
        swept += summary.due
        if batch is None:
            break
    return swept


def deliver_job(ctx: AppContext, port: int, batch: int | None) -> int:
    """Deliver everything due at NOW to the relay on `port`; the messages sent."""
    return asyncio.run(deliver_due(ctx, relay_settings(port), NOW.astimezone(UTC))).sent


Job = Callable[[AppContext, int, int | None], int]


def worker(job: Job, url: str, port: int, batch: int | None, start: Any, results: Any) -> None:
    """A worker process, as a Prefect worker is one: its own context; after `start`, `job`.
    Puts "ready", then (what it did, its CPU seconds) or the error."""
    ctx = context(url)
    with ctx.engine.connect():
        results.put("ready")
    start.wait()
    cpu = process_time()
    try:
        results.put((job(ctx, port, batch), process_time() - cpu))
    except BaseException as exc:
        results.put(repr(exc))


def at_once(
    job: Job, ctx: AppContext, url: str, port: int, workers: int, batch: int | None = None
) -> tuple[float, int, float]:
    """`job` by `workers` at once: (wall seconds, what they did, their CPU seconds). One worker
    runs in this process; more run in processes of their own (two threads would share one
    interpreter lock), timed from when all are ready."""
    if workers == 1:
        started, cpu = perf_counter(), process_time()
        done = job(ctx, port, batch)
        return perf_counter() - started, done, process_time() - cpu
    spawn = multiprocessing.get_context("spawn")
    start, results = spawn.Event(), spawn.Queue()
    processes = [
        spawn.Process(target=worker, args=(job, url, port, batch, start, results))
        for _ in range(workers)
    ]
    for process in processes:
        process.start()
    try:
        for _ in processes:
            assert results.get(timeout=300) == "ready"
        started = perf_counter()
        start.set()
        answers = [results.get(timeout=3600) for _ in processes]
        elapsed = perf_counter() - started
    finally:
        for process in processes:
            process.join(60)
    errors = [answer for answer in answers if isinstance(answer, str)]
    assert not errors, errors
    return elapsed, sum(done for done, _ in answers), sum(cpu for _, cpu in answers)


def overdue_events(ctx: AppContext) -> int:
    with ctx.unit_of_work() as session:
        return int(session.scalar(select(func.count()).where(Event.kind == "step_overdue")) or 0)


# --- delivery -------------------------------------------------------------------------------------


class Counting:
    """An SMTP server's handler that writes each message's Message-ID to a file, a line each."""

    def __init__(self, path: Path) -> None:
        self.path = path

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content = envelope.content.decode("utf-8", errors="replace")
        found = re.search(r"^Message-ID: *(\S+)", content, re.M | re.I)
        with self.path.open("a", encoding="utf-8") as ids:
            ids.write((found.group(1) if found else "-") + "\n")
        return "250 OK"


def serve(path: Path, port: int, ready: Any) -> None:
    """The relay, in a process of its own (as a relay is): the dispatcher has the CPU to itself
    but for what the relay takes."""
    controller = Controller(Counting(path), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    while True:
        time.sleep(3600)


def received(path: Path) -> list[str]:
    return path.read_text("utf-8").split() if path.exists() else []


def bare_deliver_s(ctx: AppContext, settings: Settings) -> float:
    """The baseline for delivery: the pending messages, prebuilt (the bytes the dispatcher sends),
    sent by a bare aiosmtplib loop over as many connections (`bench/outbox.py`); the wall time."""
    with ctx.unit_of_work() as session:
        rows = session.exec(
            select(OutboxMessage)
            .where(col(OutboxMessage.status) == "pending")
            .order_by(col(OutboxMessage.id))
        ).all()
        messages = as_sent(rows, settings)
    return bare_seconds(settings, messages)


# --- pages ----------------------------------------------------------------------------------------


def add_user(ctx: AppContext, email: str, role: Role, centre: int, password_hash: str) -> None:
    with ctx.unit_of_work() as session:
        session.add(
            User(
                name="Bench",
                email=email,
                role=role,
                job_centre_id=centre,
                password_hash=password_hash,
                created_at=NOW,
            )
        )
        session.commit()


def signed_in(ctx: AppContext, email: str) -> TestClient:
    client = TestClient(create_app(ctx, SESSION_KEY), follow_redirects=False)
    found = CSRF.search(client.get("/login").text)
    assert found, "no CSRF token on /login"
    answer = client.post(
        "/login", data={"email": email, "password": PASSWORD, CSRF_FIELD: found.group(1)}
    )
    assert answer.status_code == 303, answer.text
    return client


@dataclass(frozen=True)
class Timing:
    p95_ms: float
    cpu_ms: float  # per GET, this process (the app and the client)
    size: int


def timed(client: TestClient, path: str, count: int) -> Timing:
    for _ in range(5):  # warm-up
        client.get(path)
    samples, size, cpu = [], 0, process_time()
    for _ in range(count):
        started = perf_counter()
        answer = client.get(path)
        samples.append((perf_counter() - started) * 1000)
        assert answer.status_code == 200, (path, answer.status_code)
        size = len(answer.content)
    return Timing(p95(samples), (process_time() - cpu) * 1000 / count, size)


def pages(ctx: AppContext, count: int) -> dict[str, Timing]:
    """The three pages, signed in as the first consultant (job centre 1's, ~1/33 of the open
    cases) and as that centre's team lead; `GET /api/health` as the baseline. On PostgreSQL
    the tables first as autovacuum leaves them (the test server runs without it): their pages
    marked all-visible, so that the pages' queries read the indexes alone, as they do in
    production."""
    if ctx.engine.dialect.name == "postgresql":
        with ctx.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    with ctx.unit_of_work() as session:
        consultant = session.exec(select(Consultant).order_by(col(Consultant.id))).first()
        assert consultant is not None and consultant.id is not None
        reference = session.exec(
            select(Case.reference)
            .where(col(Case.consultant_id) == consultant.id, col(Case.status) != "closed")
            .order_by(col(Case.id))
        ).first()
    assert reference is not None
    hashed, centre = PasswordHasher().hash(PASSWORD), consultant.job_centre_id
    lead = f"bench-teamleder-{centre}@example.dk"
    add_user(ctx, consultant.email, Role.CONSULTANT, centre, hashed)
    add_user(ctx, lead, Role.TEAM_LEAD, centre, hashed)
    as_consultant, as_lead = signed_in(ctx, consultant.email), signed_in(ctx, lead)
    return {
        "/opgaver": timed(as_consultant, "/opgaver", count),
        "/sager/REF": timed(as_consultant, f"/sager/{reference}", count),
        "/team": timed(as_lead, "/team", count),
        "/api/health": timed(as_consultant, "/api/health", count),
    }


# --- intake over HTTP -----------------------------------------------------------------------------


def postgres_cpu_seconds() -> float:
    """CPU time (user + system) the PostgreSQL server's processes have used so far (/proc): the
    database's share of a request, which on SQLite is the web process's own. A backend that has
    ended (a connection closed) counts in its parent's time of ended children."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            line = stat.read_text()
        except OSError:  # the process ended meanwhile
            continue
        if line[line.index("(") + 1 : line.rindex(")")] == "postgres":
            fields = line[line.rindex(")") + 2 :].split()
            ticks += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def intake(
    ctx: AppContext, url: str, workers: int, seconds: float, home: Path, rate: float
) -> dict[str, Any]:
    key = create_api_key(ctx, f"bench-{workers}", as_of=NOW)
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("FASTTRACK_", "PREFECT_"))},
        "FASTTRACK_DATABASE_URL": url,
        "FASTTRACK_SECRET_KEY": SECRET,
        "FASTTRACK_SESSION_KEY": SESSION_KEY,
        "FASTTRACK_WEB_API_RATE_LIMIT": "1000000/second",
        "FASTTRACK_WEB_API_ADDRESS_RATE_LIMIT": "1000000/second",
    }
    port = free_port()
    server = start_server(home, environment, port, workers, timeout=300)
    base = f"http://127.0.0.1:{port}"
    bodies = requests()
    counter = iter(range(10**9))

    def post(client: httpx.AsyncClient) -> Any:
        headers = {"X-API-Key": key, "Idempotency-Key": f"national-{workers}-{next(counter)}"}
        return client.post("/api/requests", json=next(bodies), headers=headers)

    def health(client: httpx.AsyncClient) -> Any:
        return client.get("/api/health")

    try:
        common = (CLIENTS, seconds, base, server.pid)
        database_before = postgres_cpu_seconds()
        posted = asyncio.run(run_phase("POST /api/requests", post, {202}, *common))
        database_cpu_ms = (postgres_cpu_seconds() - database_before) * 1000 / posted.requests
        at_rate = asyncio.run(
            run_at_rate(
                f"POST at {rate:g}/s", post, {202}, CLIENTS, rate, seconds, base, server.pid
            )
        )
        trivial = asyncio.run(run_phase("GET /api/health", health, {200}, *common))
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
    print(f"  {posted.line()}")
    if url.startswith("postgresql"):
        print(f"  PostgreSQL's own CPU: {database_cpu_ms:.2f} ms per request")
    print(f"  {at_rate.line()}")
    print(f"  {trivial.line()}")
    if posted.failures or at_rate.failures or trivial.failures:  # what the server said about them
        print(
            "  the server's log ends:",
            *(home / "web.log").read_text().splitlines()[-15:],
            sep="\n    ",
        )
    return {
        "rps": round(posted.rps, 1),
        "p99_ms": round(posted.percentile(99), 1),
        "failed": posted.failures,
        "server_cpu_ms": round(posted.server_cpu_ms, 2),
        "client_cpu_ms": round(posted.client_cpu_ms, 2),
        "database_cpu_ms": round(database_cpu_ms, 2) if url.startswith("postgresql") else None,
        "offered_rps": rate,
        "at_rate_rps": round(at_rate.rps, 1),
        "at_rate_p99_ms": round(at_rate.percentile(99), 1),
        "at_rate_failed": at_rate.failures,
        "trivial_rps": round(trivial.rps, 1),
    }


# --- the run --------------------------------------------------------------------------------------


@dataclass
class Run:
    figures: dict[str, Any] = field(default_factory=dict)
    duplicates: int = 0
    received: int = 0  # messages the dispatchers delivered (not the bare baseline's)

    def note(self, line: str) -> None:
        print(line, flush=True)


def measure_pages(run: Run, name: str, ctx: AppContext) -> None:
    timings = pages(ctx, PAGE_REQUESTS)
    health = timings.pop("/api/health")
    run.figures[f"{name}_pages_p95_ms"] = {page: round(t.p95_ms, 1) for page, t in timings.items()}
    run.figures[f"{name}_pages_cpu_ms"] = {page: round(t.cpu_ms, 1) for page, t in timings.items()}
    run.figures[f"{name}_pages_bytes"] = {page: t.size for page, t in timings.items()}
    for page, t in timings.items():
        run.note(f"{name}: {page:<12} p95 {t.p95_ms:6.1f} ms  CPU {t.cpu_ms:5.1f} ms/GET  "
                 f"{t.size / 1024:6.0f} KB  ({t.p95_ms / health.p95_ms:.1f}x GET /api/health's "
                 f"p95 {health.p95_ms:.1f} ms)")  # fmt: skip


def measure_database(
    run: Run,
    name: str,
    ctx: AppContext,
    url: str,
    due: int,
    relay: tuple[Path, int],
    home: Path,
    seconds: float,
    skip: argparse.Namespace,
) -> None:
    ids, port = relay
    overdue_before = overdue_events(ctx)  # escalations already in the built history
    raw = raw_sweep_s(ctx)
    swept, done, cpu = at_once(sweep_job, ctx, url, port, 1)
    assert done == due, (done, due)
    run.figures[f"{name}_sweep_s"] = round(swept, 2)
    run.figures[f"{name}_sweep_cpu_s"] = round(cpu, 2)
    run.figures[f"{name}_raw_update_s"] = round(raw, 3)
    run.note(f"{name}: {due:,} due steps swept in {swept:.2f} s, CPU {cpu:.2f} s (one raw "
             f"UPDATE: {raw:.3f} s, {swept / raw:.0f}x)")  # fmt: skip
    dispatchers = 2 if name == "pg" else 1
    bare = bare_deliver_s(ctx, relay_settings(port))
    run.figures[f"{name}_bare_deliver_s"] = round(bare, 2)
    received_before = len(received(ids))  # the bare loop's copies are not the dispatcher's
    delivered, sent, cpu = at_once(deliver_job, ctx, url, port, dispatchers)
    run.figures[f"{name}_deliver_s"] = round(delivered, 2)
    run.figures[f"{name}_deliver_cpu_s"] = round(cpu, 2)
    run.note(f"{name}: {sent:,} messages delivered in {delivered:.2f} s, CPU {cpu:.2f} s (the "
             f"relay's apart), by {dispatchers} dispatcher(s) "
             f"({len(received(ids)) - received_before:,} received)")  # fmt: skip
    run.note(f"{name}: the same messages prebuilt, sent by aiosmtplib alone: {bare:.2f} s "
             f"({delivered / bare:.1f}x)")  # fmt: skip
    # Another day's due steps, by two workers at once (batches of 1,000), and their messages by
    # two dispatchers.
    make_due(ctx, due)
    two, done, cpu = at_once(sweep_job, ctx, url, port, 2, batch=1000)
    assert done == due, (done, due)
    run.figures[f"{name}_two_workers_sweep_s"] = round(two, 2)
    run.note(f"{name}: another {due:,} due steps swept by two workers at once in {two:.2f} s, "
             f"CPU {cpu:.2f} s")  # fmt: skip
    delivered_two, sent_two, cpu = at_once(deliver_job, ctx, url, port, 2)
    run.figures[f"{name}_two_workers_deliver_s"] = round(delivered_two, 2)
    run.note(f"{name}: their {sent_two:,} messages delivered by two dispatchers in "
             f"{delivered_two:.2f} s, CPU {cpu:.2f} s")  # fmt: skip
    due *= 2
    # A deadline fired twice would leave more escalations than the steps that fell due; a message
    # sent twice, its Message-ID twice among this database's deliveries (the two databases are
    # built alike, so their messages have the same Message-IDs: they are counted apart).
    run.duplicates += max(0, overdue_events(ctx) - overdue_before - due)
    delivered_ids = received(ids)[received_before:]
    run.duplicates += len(delivered_ids) - len(set(delivered_ids))
    run.received += len(delivered_ids)
    if not skip.pages:
        measure_pages(run, name, ctx)
    if skip.intake:
        return
    workers = 2 if name == "pg" else 1
    rate = INTAKE_TARGET_RPS * workers  # issue 13: 200/s on SQLite, twice that on PostgreSQL
    run.note(f"{name}: intake API, {CLIENTS} clients, {workers} Uvicorn worker(s):")
    run.figures[f"{name}_intake"] = intake(ctx, url, workers, seconds, home, rate)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="e.g. 0.05 for a quick run")
    parser.add_argument("--seconds", type=float, default=10.0, help="per intake phase")
    parser.add_argument("--due", type=int, help="due steps a day (default: 10,000 x scale)")
    parser.add_argument("--only", choices=["sqlite", "postgres"], help="one database only")
    parser.add_argument("--skip-pages", dest="pages", action="store_true", help="no page timings")
    parser.add_argument("--skip-intake", dest="intake", action="store_true", help="no intake API")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL schema")
    args = parser.parse_args()
    cases, open_cases, due = (max(100, int(n * args.scale)) for n in (CASES, OPEN, DUE))
    due = args.due or due
    run = Run()
    run.note(f"{cases:,} cases ({open_cases:,} open), {due:,} due steps a day (scale {args.scale})")
    with tempfile.TemporaryDirectory(prefix="fasttrack-national-") as tmp:
        home = Path(tmp)
        ids_file, ready = home / "message-ids.txt", multiprocessing.Event()
        port = free_port()
        relay = multiprocessing.Process(target=serve, args=(ids_file, port, ready), daemon=True)
        relay.start()
        ready.wait(60)
        common = (due, (ids_file, port), home, args.seconds, args)
        try:
            if args.only != "postgres":
                url = f"sqlite:///{home / 'national.db'}"
                ctx, built = build(url, cases, open_cases, due)
                run.figures["sqlite_build_s"] = round(built, 1)
                run.note(f"sqlite: built in {built:.1f} s")
                measure_database(run, "sqlite", ctx, url, *common)
                ctx.engine.dispose()
            if args.only != "sqlite":
                with postgres_schema(args.keep) as pg_url:
                    ctx, built = build(pg_url, cases, open_cases, due)
                    run.figures["pg_build_s"] = round(built, 1)
                    run.note(f"pg: built in {built:.1f} s")
                    measure_database(run, "pg", ctx, pg_url, *common)
                    ctx.engine.dispose()
        finally:
            relay.terminate()
            relay.join(10)
    figures = run.figures
    sqlite_intake, pg_intake = figures.get("sqlite_intake", {}), figures.get("pg_intake", {})
    summary = {
        "scale": args.scale,
        "cases": cases,
        "open_cases": open_cases,
        "due_steps": due,
        "sqlite_build_s": figures.get("sqlite_build_s"),
        "pg_build_s": figures.get("pg_build_s"),
        "sqlite_sweep_s": figures.get("sqlite_sweep_s"),
        "sqlite_raw_update_s": figures.get("sqlite_raw_update_s"),
        "pg_sweep_s": figures.get("pg_sweep_s"),
        "pg_raw_update_s": figures.get("pg_raw_update_s"),
        "pg_two_workers_sweep_s": figures.get("pg_two_workers_sweep_s"),
        "sqlite_two_workers_sweep_s": figures.get("sqlite_two_workers_sweep_s"),
        "sqlite_sweep_cpu_s": figures.get("sqlite_sweep_cpu_s"),
        "pg_sweep_cpu_s": figures.get("pg_sweep_cpu_s"),
        "deliver_s": figures.get("sqlite_deliver_s"),
        "deliver_bare_s": figures.get("sqlite_bare_deliver_s"),
        "deliver_cpu_s": figures.get("sqlite_deliver_cpu_s"),
        "pg_deliver_s": figures.get("pg_deliver_s"),
        "pg_deliver_bare_s": figures.get("pg_bare_deliver_s"),
        "pg_deliver_cpu_s": figures.get("pg_deliver_cpu_s"),
        "pg_two_workers_deliver_s": figures.get("pg_two_workers_deliver_s"),
        "sqlite_two_workers_deliver_s": figures.get("sqlite_two_workers_deliver_s"),
        "pages_p95_ms": figures.get("sqlite_pages_p95_ms"),
        "pg_pages_p95_ms": figures.get("pg_pages_p95_ms"),
        "intake_rps": sqlite_intake.get("rps"),
        "intake_p99_ms": sqlite_intake.get("p99_ms"),
        "pg_intake_rps": pg_intake.get("rps"),
        "pg_intake_p99_ms": pg_intake.get("p99_ms"),
        "intake_server_cpu_ms": sqlite_intake.get("server_cpu_ms"),
        "intake_client_cpu_ms": sqlite_intake.get("client_cpu_ms"),
        "pg_intake_server_cpu_ms": pg_intake.get("server_cpu_ms"),
        "pg_intake_database_cpu_ms": pg_intake.get("database_cpu_ms"),
        "pg_intake_client_cpu_ms": pg_intake.get("client_cpu_ms"),
        "intake_offered_rps": sqlite_intake.get("offered_rps"),
        "intake_at_rate_rps": sqlite_intake.get("at_rate_rps"),
        "intake_at_rate_p99_ms": sqlite_intake.get("at_rate_p99_ms"),
        "pg_intake_offered_rps": pg_intake.get("offered_rps"),
        "pg_intake_at_rate_rps": pg_intake.get("at_rate_rps"),
        "pg_intake_at_rate_p99_ms": pg_intake.get("at_rate_p99_ms"),
        "messages_received": run.received,
        "duplicates": run.duplicates,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
