"""The web process's CPU time per API intake, measured inside one process (issue 13).

`bench/api.py` measures the served app over loopback, with the load generator on the same two
cores: its figures move with what else the machine does (up to 30 % within minutes). This script
instead calls the app as Uvicorn would (ASGI, one request at a time, no sockets) on a fresh SQLite
database with the demo configuration, and counts the process's CPU time (all threads, the SQLite
writing thread included) per `POST /api/requests`, in blocks that alternate with blocks of
`GET /api/health`: the trivial request of the same app is the baseline, and the ratio of the two
holds still while the machine's speed drifts. What a change to intake costs or saves shows here
first; `bench/api.py` then says what it does to throughput and latency.

With `--instructions`, it instead counts the instructions the process executes per request
(valgrind's callgrind, switched on after the warm-up): the same figure on every run of the same
code, whatever else the machine does (two runs of 20 intakes differed by 0.15 %), at the price of
running some fifty times slower (about a minute). Needs valgrind (Debian's package).

`--in-flight 16` sends the requests 16 at a time, as `bench/api.py`'s clients do: what the
server pays under load, where the writing thread commits the intakes that queued together.

`--postgres` runs the same on a fresh schema of the PostgreSQL test server
(FASTTRACK_TEST_POSTGRES_URL, else postgresql://postgres@127.0.0.1:5432/test) and reports the
server's processes' CPU time per request beside the web process's (`--instructions` counts the
web process's only).

Run: .venv/bin/python bench/intake_cpu.py [--requests 1500] [--blocks 5] [--in-flight 1]
     [--instructions] [--postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from api import prepare_database, requests
from national import postgres_cpu_seconds, postgres_schema

from fasttrack_core.web.app import app_from_settings

Asgi = Callable[..., Any]


async def call(app: Asgi, method: str, path: str, headers: dict[str, str], body: bytes) -> int:
    """One request through the app's ASGI interface; its status."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    received = False
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal received
        if received:
            await asyncio.sleep(3600)  # the client never disconnects
        received = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


Sender = Callable[[], Awaitable[int]]


def senders(app: Asgi, key: str) -> dict[str, tuple[Sender, int]]:
    """Each kind of request (a new valid intake each time; the trivial request) and the status
    it must answer."""
    bodies = requests()

    async def intake() -> int:
        headers = {
            "content-type": "application/json",
            "x-api-key": key,
            "idempotency-key": str(uuid.uuid4()),
        }
        return await call(app, "POST", "/api/requests", headers, json.dumps(next(bodies)).encode())

    async def health() -> int:
        return await call(app, "GET", "/api/health", {}, b"")

    return {"intake": (intake, 202), "health": (health, 200)}


async def send_checked(
    name: str, send: Sender, expected: int, count: int, in_flight: int = 1
) -> None:
    """`count` requests, `in_flight` at a time (as many clients would send them)."""
    for start in range(0, count, in_flight):
        statuses = await asyncio.gather(*(send() for _ in range(min(in_flight, count - start))))
        if wrong := [status for status in statuses if status != expected]:
            raise SystemExit(f"{name} answered {wrong[0]}, not {expected}")


@contextmanager
def fresh_database(postgres: bool) -> Iterator[str]:
    """A fresh database with the demo configuration, for as long as the block runs; its API
    key."""
    with tempfile.TemporaryDirectory(prefix="fasttrack-bench-intake-cpu-") as tmp:
        if not postgres:
            yield prepare_database(Path(tmp))[1]
            return
        with postgres_schema() as url:
            yield prepare_database(Path(tmp), url)[1]


async def measure(
    app: Asgi, key: str, per_block: int, blocks: int, in_flight: int, postgres: bool
) -> dict[str, list[float]]:
    """CPU ms per request of each kind, a figure per block; the kinds' blocks alternate. On
    PostgreSQL also the server's ("<kind> database")."""
    kinds = senders(app, key)
    for name, (send, expected) in kinds.items():  # warm up: first-use imports, caches, the thread
        await send_checked(name, send, expected, 50)
    figures: dict[str, list[float]] = {name: [] for name in kinds}
    if postgres:
        figures |= {f"{name} database": [] for name in kinds}
    for _ in range(blocks):
        for name, (send, expected) in kinds.items():
            started, database = time.process_time(), postgres_cpu_seconds() if postgres else 0
            await send_checked(name, send, expected, per_block, in_flight)
            figures[name].append((time.process_time() - started) * 1000 / per_block)
            if postgres:
                used = postgres_cpu_seconds() - database
                figures[f"{name} database"].append(used * 1000 / per_block)
    return figures


async def counted(app: Asgi, key: str, kind: str, count: int, in_flight: int) -> None:
    """Inside valgrind: warm up, then send `count` requests of `kind` with instrumentation on."""
    send, expected = senders(app, key)[kind]
    await send_checked(kind, send, expected, 30)
    switch = ["callgrind_control", "--instr=on", str(os.getpid())]
    subprocess.run(switch, check=True, stdout=subprocess.DEVNULL)
    await send_checked(kind, send, expected, count, in_flight)
    switch[1] = "--instr=off"
    subprocess.run(switch, check=True, stdout=subprocess.DEVNULL)


def instructions_per_request(kind: str, count: int, in_flight: int, postgres: bool) -> float:
    """Run this script under callgrind for `count` requests of `kind`, `in_flight` at a time;
    instructions per request."""
    if shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind (apt-get install valgrind)")
    command = [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        __file__,
        "--counted",
        kind,
        "--requests",
        str(count),
        "--in-flight",
        str(in_flight),
        *(["--postgres"] if postgres else []),
    ]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    found = re.search(r"Collected : (\d+)", run.stderr)
    if run.returncode != 0 or found is None:
        raise SystemExit(f"callgrind run of {kind} failed:\n{run.stderr[-2000:]}")
    return int(found.group(1)) / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1500, help="intakes in all")
    parser.add_argument("--blocks", type=int, default=5)
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions (valgrind) instead"
    )
    parser.add_argument(
        "--in-flight", type=int, default=1, help="requests sent together (16: as bench/api.py)"
    )
    parser.add_argument(
        "--postgres", action="store_true", help="on the PostgreSQL test server, not SQLite"
    )
    parser.add_argument("--counted", choices=["intake", "health"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    database = "PostgreSQL" if args.postgres else "SQLite"
    if args.counted:
        with fresh_database(args.postgres) as key:
            app = app_from_settings()
            asyncio.run(counted(app, key, args.counted, args.requests, args.in_flight))
        return
    if args.instructions:
        report_instructions(args.in_flight, args.postgres)
        return
    per_block = max(1, args.requests // args.blocks)
    with fresh_database(args.postgres) as key:
        app = app_from_settings()
        figures = asyncio.run(
            measure(app, key, per_block, args.blocks, args.in_flight, args.postgres)
        )
    intake = statistics.median(figures["intake"])
    health = statistics.median(figures["health"])
    ratios = [i / h for i, h in zip(figures["intake"], figures["health"], strict=True)]
    print(
        f"{args.blocks} alternating blocks of {per_block} requests each, {args.in_flight} at a "
        f"time, {database}"
    )
    for name, values in figures.items():
        print(f"{name} ms/req by block: " + ", ".join(f"{v:.3f}" for v in values))
    print(
        f"median: intake {intake:.2f} ms, health {health:.3f} ms of the web process's CPU per "
        f"request; intake / health {statistics.median(ratios):.1f}"
    )
    summary: dict[str, Any] = {
        "intake_cpu_ms": round(intake, 3),
        "health_cpu_ms": round(health, 4),
        "ratio": round(statistics.median(ratios), 2),
        "ratios": [round(r, 2) for r in ratios],
        "requests_per_block": per_block,
        "in_flight": args.in_flight,
        "database": database,
    }
    if args.postgres:
        on_server = statistics.median(figures["intake database"])
        print(f"median: PostgreSQL's own CPU {on_server:.2f} ms per intake")
        summary["intake_database_cpu_ms"] = round(on_server, 3)
    print(json.dumps(summary))


def report_instructions(in_flight: int, postgres: bool) -> None:
    count = max(20, in_flight * 2)
    intake = instructions_per_request("intake", count, in_flight, postgres)
    health = instructions_per_request("health", 100, in_flight, postgres)
    database = "PostgreSQL (the web process's only)" if postgres else "SQLite"
    print(f"instructions per request, {in_flight} at a time, counted by callgrind after a "
          f"warm-up, {database}")  # fmt: skip
    print(f"intake {intake / 1e6:.2f} M, health {health / 1e6:.3f} M; intake / health "
          f"{intake / health:.1f}")  # fmt: skip
    print(
        json.dumps(
            {
                "intake_minstr": round(intake / 1e6, 3),
                "health_minstr": round(health / 1e6, 4),
                "ratio": round(intake / health, 2),
                "in_flight": in_flight,
                "postgres": postgres,
            }
        )
    )


if __name__ == "__main__":
    main()
