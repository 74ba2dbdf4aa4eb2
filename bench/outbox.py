"""Benchmark of the outbox dispatcher against a local SMTP server (issue: SMTP delivery).

A no-op aiosmtpd server runs in its own process (as a relay would). In the same run and against
the same server, with the same number of connections (FASTTRACK_SMTP_CONNECTIONS, default 4):
- the dispatcher delivers N queued messages from a temporary SQLite database (claim, build the
  MIME message, send, record the result);
- a bare aiosmtplib loop sends the same N messages, prebuilt, over reused connections.
Prints both rates and their ratio (target >= 0.8); ends with one line of JSON.

Run: .venv/bin/python bench/outbox.py [--messages 5000] [--rounds 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import socket
import tempfile
import time
from datetime import datetime
from pathlib import Path
from time import perf_counter
from typing import Any

import aiosmtplib
from sqlalchemy import insert
from sqlmodel import col, select

from fasttrack_core.bootstrap import upgrade_schema
from fasttrack_core.clock import FixedClock
from fasttrack_core.crypto import CprVault
from fasttrack_core.danish_calendar import DanishCalendar
from fasttrack_core.db import Context, make_engine
from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.models import OutboxMessage
from fasttrack_core.notify.dispatcher import deliver_due
from fasttrack_core.notify.smtp import render_message, sender_address
from fasttrack_core.settings import Settings

NOW = datetime(2026, 11, 23, 7, 0, tzinfo=COPENHAGEN)
TEXT = (
    "Hej\n\nDu skal ringe til medarbejderen i sag FT-2026-{n:06d} senest tirsdag den 7. april "
    "2026. Samtalen skal afklare, hvordan medarbejderen kan vende tilbage til arbejdet.\n\n"
    "Åbn sagen i Fast track: https://fasttrack.example.dk/sager/FT-2026-{n:06d}\n\n"
    "Venlig hilsen\nFast track\n"
)
HTML = "<html><body>" + "".join(f"<p>{line}</p>" for line in TEXT.splitlines()) + "</body></html>"


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


def fresh_context(path: Path) -> Context:
    engine = make_engine(f"sqlite:///{path}")
    upgrade_schema(engine)
    return Context(engine, FixedClock(NOW), CprVault("bench-secret"), DanishCalendar())


def queue_messages(ctx: Context, count: int, prefix: str) -> None:
    rows = [
        {
            "dedupe_key": f"{prefix}:{n}",
            "kind": "call_employee",
            "case_id": None,
            "recipients": [f"konsulent{n % 40}@ishoj.jobcenter.example.dk"],
            "subject": f"Ring til medarbejderen (FT-2026-{n:06d})",
            "text_body": TEXT.format(n=n),
            "html_body": HTML.format(n=n),
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


def bench_dispatch(ctx: Context, settings: Settings, count: int, prefix: str) -> float:
    queue_messages(ctx, count, prefix)
    started = perf_counter()
    summary = asyncio.run(deliver_due(ctx, settings, NOW))
    elapsed = perf_counter() - started
    if summary.sent != count:
        raise SystemExit(f"dispatcher sent {summary.sent} of {count}: {summary.as_dict()}")
    return count / elapsed


def prebuilt(ctx: Context, settings: Settings, prefix: str) -> list[tuple[list[str], bytes]]:
    """The same messages, as the dispatcher sent them: recipients and the rendered bytes."""
    with ctx.unit_of_work() as session:
        rows = session.exec(
            select(OutboxMessage).where(col(OutboxMessage.dedupe_key).startswith(f"{prefix}:"))
        ).all()
    return [(row.recipients, render_message(row, settings)) for row in rows]


async def bare_loop(settings: Settings, messages: list[tuple[list[str], bytes]]) -> float:
    """aiosmtplib alone: the same prebuilt messages over the same number of reused connections."""
    sender = sender_address(settings)
    work = iter(messages)

    async def connection() -> None:
        smtp = aiosmtplib.SMTP(hostname=settings.smtp_host, port=settings.smtp_port)
        await smtp.connect()
        for recipients, message in work:
            await smtp.sendmail(sender, recipients, message)
        await smtp.quit()

    started = perf_counter()
    await asyncio.gather(*(connection() for _ in range(settings.smtp_connections)))
    return len(messages) / (perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=2, help="best of this many rounds")
    args = parser.parse_args()

    port = free_port()
    ready = multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(port, ready), daemon=True)
    server.start()
    ready.wait(10)
    settings = Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_security="none")
    try:
        with tempfile.TemporaryDirectory() as workdir:
            ctx = fresh_context(Path(workdir) / "outbox.db")
            bench_dispatch(ctx, settings, 200, "warmup")  # connections, statement caches
            messages = prebuilt(ctx, settings, "warmup")
            asyncio.run(bare_loop(settings, messages))
            dispatch_rates, bare_rates = [], []
            for round_ in range(args.rounds):
                prefix = f"round{round_}"
                dispatch_rates.append(bench_dispatch(ctx, settings, args.messages, prefix))
                messages = prebuilt(ctx, settings, prefix)
                bare_rates.append(asyncio.run(bare_loop(settings, messages)))
                print(
                    f"round {round_ + 1}: dispatcher {dispatch_rates[-1]:,.0f} msg/s, "
                    f"bare aiosmtplib {bare_rates[-1]:,.0f} msg/s"
                )
            ctx.engine.dispose()
    finally:
        server.terminate()
        server.join()

    dispatch, bare = max(dispatch_rates), max(bare_rates)
    ratio = dispatch / bare
    print(
        f"{args.messages} messages over {settings.smtp_connections} connections to a local "
        f"aiosmtpd (own process), best of {args.rounds}: dispatcher {dispatch:,.0f} msg/s "
        f"(SQLite claim + build + send + record), bare aiosmtplib {bare:,.0f} msg/s; "
        f"ratio {ratio:.3f} (target >= 0.8)"
    )
    print(
        json.dumps(
            {
                "messages": args.messages,
                "connections": settings.smtp_connections,
                "dispatch_msgs_per_s": round(dispatch, 1),
                "bare_msgs_per_s": round(bare, 1),
                "ratio": round(ratio, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
