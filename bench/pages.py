"""The consultant pages and intake on a big database (issue 13, item 5), on SQLite (and
PostgreSQL with `--postgres`).

Builds a database like bench/national.py's (`lifecycle.load_cases`: 5 steps and 3 events a case;
by default 160,000 cases, 120,000 of them open, so job centre 1's first consultant holds ~3,600
open cases with ~18,000 outstanding steps; every 61st pending step overdue, ~9,800) and
measures, in the same run:
- `/opgaver` and `/sager/REF` as that consultant and `/team` as the centre's team lead: p95 over
  `--requests` GETs each, signed in, through the app in this process (Starlette's TestClient, as
  national.py's `pages`), the CPU time per GET (this process: the app and the client; wall time
  is noisy on a shared machine) and the page's size; against `GET /api/health` the same way;
- intake over HTTP (`fasttrack web` on loopback, 16 clients; one Uvicorn worker on SQLite, two
  on PostgreSQL; national.py's `intake`, bench/api.py's loop) against `GET /api/health`.

Prints the figures and ratios, then one line of JSON.

Run: nice .venv/bin/python bench/pages.py [--cases 160000] [--open 120000] [--requests 200]
     [--seconds 10] [--postgres]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

from national import PAST, build, intake, pages, postgres_schema
from sqlalchemy import text

from fasttrack_core.db import AppContext


def make_overdue(ctx: AppContext) -> None:
    """Every 61st pending step (~9,800 of 600,000; 61 is prime to `load_cases`' 5 steps a case
    and 33 consultants, so every consultant has some) due an hour before NOW. (`load_cases`' own
    marking, `id IN (SELECT ... LIMIT n)` in the loading transaction, ran for over 15 minutes on
    PostgreSQL here: the tables have no statistics yet.)"""
    with ctx.engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE step SET due_at = :past, next_check_at = :past"
                " WHERE status = 'pending' AND id % 61 = 0"
            ),
            {"past": PAST},
        )
        if ctx.engine.dialect.name == "postgresql":
            connection.execute(text("ANALYZE"))


def measure(name: str, url: str, args: argparse.Namespace, home: Path) -> dict[str, Any]:
    ctx, built = build(url, args.cases, args.open, 0)
    make_overdue(ctx)
    print(f"{name}: {args.cases:,} cases ({args.open:,} open) built in {built:.1f} s", flush=True)
    timings = pages(ctx, args.requests)
    health = timings["/api/health"]
    for page, timing in timings.items():
        print(f"{name}: {page:<12} p95 {timing.p95_ms:6.1f} ms  CPU {timing.cpu_ms:5.1f} ms/GET  "
              f"{timing.size / 1024:5.0f} KB  ({timing.p95_ms / health.p95_ms:.1f}x and "
              f"{timing.cpu_ms / health.cpu_ms:.1f}x GET /api/health's)", flush=True)  # fmt: skip
    workers = 2 if name == "pg" else 1
    print(f"{name}: intake API, 16 clients, {workers} Uvicorn worker(s):", flush=True)
    posted = intake(ctx, url, workers, args.seconds, home)
    ctx.engine.dispose()
    return {
        "pages_p95_ms": {page: round(t.p95_ms, 1) for page, t in timings.items()},
        "pages_cpu_ms": {page: round(t.cpu_ms, 1) for page, t in timings.items()},
        "pages_kb": {page: round(t.size / 1024) for page, t in timings.items()},
        "intake_rps": posted["rps"],
        "intake_p99_ms": posted["p99_ms"],
        "intake_failed": posted["failed"],
        "health_rps": posted["trivial_rps"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=160_000)
    parser.add_argument("--open", type=int, default=120_000)
    parser.add_argument("--requests", type=int, default=200, help="GETs per page")
    parser.add_argument("--seconds", type=float, default=10.0, help="per intake phase")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL too (2 workers)")
    args = parser.parse_args()
    figures: dict[str, Any] = {"cases": args.cases, "open_cases": args.open}
    with tempfile.TemporaryDirectory(prefix="fasttrack-pages-") as tmp:
        home = Path(tmp)
        figures["sqlite"] = measure("sqlite", f"sqlite:///{home / 'pages.db'}", args, home)
        if args.postgres:
            with postgres_schema() as url:
                figures["pg"] = measure("pg", url, args, home)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
