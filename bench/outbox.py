"""Benchmark of the outbox dispatcher against a local SMTP server (issue: SMTP delivery).

A no-op aiosmtpd server runs in its own process (as a relay would). In the same run and against
the same server, with the same number of connections (FASTTRACK_SMTP_CONNECTIONS, default 4):
- the dispatcher delivers N queued messages from a temporary SQLite database (claim, render the
  template from the stored context, build the MIME message, send, record the result and the
  rendered bodies);
- a bare aiosmtplib loop sends the same N messages, prebuilt (the bytes the dispatcher renders),
  over as many reused connections: the ceiling for the dispatcher.
Whole runs are repeated (alternating which goes first) and the best of each compared. As a shared
machine's load swings by a factor of two within seconds, the same comparison is also made
interleaved: slices of 500 by the dispatcher and by the bare loop in turn.
Prints the rates and the ratios (target >= 0.8); ends with one line of JSON.

Run: .venv/bin/python bench/outbox.py [--messages 5000] [--rounds 3] [--slice 500]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import socket
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from time import perf_counter
from typing import Any

import aiosmtplib
from sqlalchemy import insert
from sqlite_context import sqlite_context
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.migrations import upgrade_schema
from fasttrack_core.models import OutboxMessage
from fasttrack_core.notify.context_codec import encode
from fasttrack_core.notify.dispatcher import deliver_due
from fasttrack_core.notify.examples import example_context
from fasttrack_core.notify.outbox import rendered
from fasttrack_core.notify.smtp import render_message, sender_address
from fasttrack_core.presentation.links import case_link
from fasttrack_core.settings import Settings, load_settings

NOW = datetime(2026, 11, 23, 7, 0, tzinfo=COPENHAGEN)
SECRET = "bench-secret-0123456789-abcdefghijklmnop"  # strong enough for the key check
BASE_URL = "https://fasttrack.example.dk"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class NoopHandler:
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        return "250 OK"


def serve(port: int, ready: Any) -> None:
    """The relay: a no-op aiosmtpd server in a process of its own."""
    from aiosmtpd.controller import Controller

    controller = Controller(NoopHandler(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    while True:
        time.sleep(3600)


def fresh_context(path: Path) -> AppContext:
    ctx = sqlite_context(path, NOW, SECRET)
    upgrade_schema(ctx.engine)
    return ctx


def queue_messages(ctx: AppContext, count: int, prefix: str) -> None:
    """`count` due messages as a use case queues them: a template context, no bodies yet (the
    dispatcher renders each when it claims it)."""
    rows = [
        {
            "dedupe_key": f"{prefix}:{n}",
            "kind": "call_employee",
            "case_id": None,
            "recipients": [f"konsulent{n % 40}@ishoj.jobcenter.example.dk"],
            "context": encode(
                example_context("call_employee")
                | {
                    "reference": f"FT-2026-{n:06d}",
                    "link": case_link(BASE_URL, f"FT-2026-{n:06d}"),
                }
            ),
            "language": "da",
            "attachments": [],
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": NOW,
            "created_at": NOW,
        }
        for n in range(count)
    ]
    with ctx.unit_of_work() as session:
        session.execute(insert(OutboxMessage), rows)
        session.commit()


def dispatch_seconds(ctx: AppContext, settings: Settings, count: int) -> float:
    """Wall time of one `deliver_due` that must send `count` due messages."""
    started = perf_counter()
    summary = asyncio.run(deliver_due(ctx, settings, NOW, limit=count))
    elapsed = perf_counter() - started
    if summary.sent != count:
        raise SystemExit(f"dispatcher sent {summary.sent} of {count}: {summary.as_dict()}")
    return elapsed


def prebuilt(ctx: AppContext, settings: Settings, prefix: str) -> list[tuple[list[str], bytes]]:
    """The same messages, as the dispatcher sends them: recipients and the rendered bytes."""
    with ctx.unit_of_work() as session:
        rows = session.exec(
            select(OutboxMessage)
            .where(col(OutboxMessage.dedupe_key).startswith(f"{prefix}:"))
            .order_by(col(OutboxMessage.id))
        ).all()
    return as_sent(rows, settings)


def as_sent(rows: Sequence[OutboxMessage], settings: Settings) -> list[tuple[list[str], bytes]]:
    """Queued rows as the dispatcher sends them: recipients and the bytes, rendered here (as the
    dispatcher renders them), so that the bare loop times the sending alone."""
    for row in rows:
        message = rendered(row)
        row.subject, row.text_body, row.html_body = message.subject, message.text, message.html
    return [(row.recipients, render_message(row, settings)) for row in rows]


def bare_seconds(settings: Settings, messages: list[tuple[list[str], bytes]]) -> float:
    """Wall time of aiosmtplib alone sending prebuilt messages over as many reused connections."""
    sender = sender_address(settings)
    work = iter(messages)

    async def connection() -> None:
        smtp = aiosmtplib.SMTP(hostname=settings.smtp_host, port=settings.smtp_port)
        await smtp.connect()
        for recipients, message in work:
            await smtp.sendmail(sender, recipients, message)
        await smtp.quit()

    async def run() -> None:
        await asyncio.gather(*(connection() for _ in range(settings.smtp_connections)))

    started = perf_counter()
    asyncio.run(run())
    return perf_counter() - started


def whole_runs(ctx: AppContext, settings: Settings, count: int, rounds: int) -> list[float]:
    """Rounds of: the dispatcher delivers `count` queued messages in one run; the bare loop sends
    the same ones. Alternating which goes first. Returns [dispatch s, bare s] per round."""
    times = []
    for round_ in range(rounds):
        queue_messages(ctx, count, f"round{round_}")
        messages = prebuilt(ctx, settings, f"round{round_}")
        if round_ % 2:
            bare = bare_seconds(settings, messages)
            dispatch = dispatch_seconds(ctx, settings, count)
        else:
            dispatch = dispatch_seconds(ctx, settings, count)
            bare = bare_seconds(settings, messages)
        print(
            f"round {round_ + 1}: dispatcher {count / dispatch:,.0f} msg/s, "
            f"bare aiosmtplib {count / bare:,.0f} msg/s (ratio {bare / dispatch:.3f})"
        )
        times += [dispatch, bare]
    return times


def interleaved(
    ctx: AppContext, settings: Settings, count: int, slice_: int
) -> tuple[float, float]:
    """`count` messages in slices: a dispatcher run of `slice_`, then the bare loop on the same
    `slice_`, and so on, so that both meet the same moments of the machine's load."""
    queue_messages(ctx, count, "interleaved")
    messages = prebuilt(ctx, settings, "interleaved")
    dispatch = bare = 0.0
    for start in range(0, count, slice_):
        dispatch += dispatch_seconds(ctx, settings, min(slice_, count - start))
        bare += bare_seconds(settings, messages[start : start + slice_])
    return dispatch, bare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3, help="whole runs; the best counts")
    parser.add_argument("--slice", type=int, default=500, help="interleaved slice size")
    args = parser.parse_args()

    port = free_port()
    ready = multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(port, ready), daemon=True)
    server.start()
    ready.wait(10)
    settings = load_settings().model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_security": "none"}
    )
    count = args.messages
    try:
        with tempfile.TemporaryDirectory() as workdir:
            ctx = fresh_context(Path(workdir) / "outbox.db")
            # Warm-up: connections, statement caches, the server's first sessions.
            queue_messages(ctx, 200, "warmup")
            bare_seconds(settings, prebuilt(ctx, settings, "warmup"))
            dispatch_seconds(ctx, settings, 200)
            times = whole_runs(ctx, settings, count, args.rounds)
            sliced_dispatch, sliced_bare = interleaved(ctx, settings, count, args.slice)
            ctx.engine.dispose()
    finally:
        server.terminate()
        server.join()

    dispatch, bare = count / min(times[0::2]), count / min(times[1::2])
    print(
        f"{count} messages over {settings.smtp_connections} connections to a local aiosmtpd "
        f"(own process), best of {args.rounds} whole runs: dispatcher {dispatch:,.0f} msg/s "
        f"(SQLite claim + templates + MIME + send + record), bare aiosmtplib {bare:,.0f} msg/s; "
        f"ratio {dispatch / bare:.3f} (target >= 0.8)"
    )
    print(
        f"interleaved in slices of {args.slice}: dispatcher {count / sliced_dispatch:,.0f} msg/s, "
        f"bare {count / sliced_bare:,.0f} msg/s; ratio {sliced_bare / sliced_dispatch:.3f}"
    )
    print(
        json.dumps(
            {
                "messages": count,
                "connections": settings.smtp_connections,
                "dispatch_msgs_per_s": round(dispatch, 1),
                "bare_msgs_per_s": round(bare, 1),
                "ratio": round(dispatch / bare, 3),
                "round_ratios": [
                    round(b / d, 3) for d, b in zip(times[0::2], times[1::2], strict=True)
                ],
                "interleaved_ratio": round(sliced_bare / sliced_dispatch, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
