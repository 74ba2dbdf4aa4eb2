"""Crash-test helpers: `fasttrack` commands as processes of their own, SIGKILLed and restarted.

A workload is a list of commands (`Command`). `Workbench.run` executes them against one SQLite
database and one recording aiosmtpd relay on loopback; with a `KillPlan` each command of the
chosen component is killed at seeded random points (`kills` times) and then run to completion,
as an operator (or Prefect's next scheduled run) would restart it. `projection` reads what
must survive any crash (cases, steps, events, outbox rows, the mail received) without ids and
wall-clock times.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import re
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from fasttrack_core.db import make_engine
from fasttrack_core.notify.dispatcher.claims import LEASE
from fasttrack_core.notify.outbox import message_id
from tests.conftest import TEST_SECRET
from tests.crash.entry import fasttrack
from tests.smtp_servers import RecordingHandler, smtp_server

SECRET = TEST_SECRET
SENDER_DOMAIN = "jobcenter.example.dk"  # of the default FASTTRACK_SMTP_SENDER
# Every command is forked from a server that has imported the command line once (see entry.py).
_FORKSERVER = multiprocessing.get_context("forkserver")
_FORKSERVER.set_forkserver_preload(["tests.crash.entry"])
# A restarted dispatcher acts this much later: the killed run's claims have lapsed by then.
AFTER_LEASE = LEASE + timedelta(minutes=1)


@dataclass(frozen=True)
class Command:
    """One `fasttrack` invocation; `component` names what a KillPlan may kill."""

    component: str  # intake, record, sweep, dispatcher, simulator
    args: tuple[str, ...]
    as_of: datetime | None = None  # passed as --as-of (the dispatcher's moves on at a restart)


@dataclass
class Kill:
    """One SIGKILL: the command, and what it left behind."""

    command: Command
    received_before: int  # messages the relay had accepted when the process died
    in_flight_duplicates: int = 0  # accepted by the relay, not recorded as sent: sent again


@dataclass
class KillPlan:
    """Kill every command of `component`, `kills` times each, at seeded random points."""

    component: str
    seed: int
    kills: int = 1
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)


@dataclass
class Outcome:
    kills: list[Kill] = field(default_factory=list)
    misses: int = 0  # planned kills that came after the command had already finished
    seconds: float = 0.0


class Workbench:
    """A database (copied from a prepared one), a relay, and the environment of every command."""

    def __init__(
        self, workdir: Path, template: Path | None, handler: RecordingHandler, port: int
    ) -> None:
        """`template`: the database to start from (a copy is used); None starts empty."""
        self.workdir = workdir
        self.database = workdir / "fasttrack.db"
        workdir.mkdir(parents=True, exist_ok=True)
        if template is not None:
            copy_database(template, self.database)
        self.handler = handler
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("FASTTRACK_", "PREFECT_"))},
            "FASTTRACK_DATABASE_URL": f"sqlite:///{self.database}",
            "FASTTRACK_SECRET_KEY": SECRET,
            "FASTTRACK_SMTP_HOST": "127.0.0.1",
            "FASTTRACK_SMTP_PORT": str(port),
            "FASTTRACK_SMTP_CONNECTIONS": os.environ.get("FASTTRACK_SMTP_CONNECTIONS", "4"),
        }
        self.engine: Engine = make_engine(self.env["FASTTRACK_DATABASE_URL"])
        self.durations: dict[Command, float] = {}

    @property
    def connections(self) -> int:
        return int(self.env["FASTTRACK_SMTP_CONNECTIONS"])

    def close(self) -> None:
        self.engine.dispose()

    def _spawn(self, command: Command, as_of: datetime | None) -> BaseProcess:
        argv = [*command.args, *(["--as-of", as_of.isoformat()] if as_of is not None else [])]
        process = _FORKSERVER.Process(
            target=fasttrack, args=(argv, self.env, str(self.workdir)), daemon=True
        )
        process.start()
        return process

    def _check_exit(self, command: Command, process: BaseProcess) -> None:
        stderr = (self.workdir / "stderr.txt").read_text("utf-8", errors="replace")
        assert process.exitcode == 0, f"{command.args}: exit {process.exitcode}: {stderr}"

    def complete(self, command: Command, as_of: datetime | None) -> None:
        process = self._spawn(command, as_of)
        started = time.perf_counter()  # after the start (the first one starts the forkserver)
        process.join(timeout=600)
        self._check_exit(command, process)
        self.durations.setdefault(command, time.perf_counter() - started)

    def run(
        self,
        commands: Sequence[Command],
        plan: KillPlan | None = None,
        timings: dict[Command, float] | None = None,
    ) -> Outcome:
        """Run the workload; with a plan, kill its component's commands and restart them."""
        outcome = Outcome()
        started = time.perf_counter()
        for command in commands:
            as_of = command.as_of
            if plan is not None and command.component == plan.component:
                for _ in range(plan.kills):
                    kill = self.killed_run(command, as_of, plan, (timings or {}).get(command))
                    if kill is None:
                        outcome.misses += 1
                        continue
                    outcome.kills.append(kill)
                    if command.component == "dispatcher" and as_of is not None:
                        as_of = as_of + AFTER_LEASE
            self.complete(command, as_of)
        outcome.seconds = time.perf_counter() - started
        return outcome

    def killed_run(
        self,
        command: Command,
        as_of: datetime | None,
        plan: KillPlan,
        duration: float | None,
        events: int | None = None,
    ) -> Kill | None:
        """Start the command and SIGKILL it at a random point; None if it finished first.

        The dispatcher is killed after a random number of the messages still to send has reached
        the relay (the moment that matters); with `events` (what the uncrashed run ends with, for
        a long run such as the simulator's) once the database holds a random number of them; any
        other command after a random share of the time (`duration`) the uncrashed run took.
        """
        first = len(self.handler.received)  # what this run sends starts here
        if command.component == "dispatcher":
            still_to_send = self._count(
                "SELECT count(*) FROM outbox_message WHERE status = 'pending'"
            )
            target = first + plan.rng.randint(1, max(1, still_to_send))
            process = self._spawn(command, as_of)
            while len(self.handler.received) < target and process.is_alive():
                time.sleep(0.0005)
        elif events is not None:
            target = plan.rng.randint(1, events - 1)
            process = self._spawn(command, as_of)
            while process.is_alive() and self._count("SELECT count(*) FROM event") < target:
                time.sleep(0.01)
        else:
            delay = plan.rng.uniform(0.05, 0.95) * (duration or 1.0)
            process = self._spawn(command, as_of)
            process.join(timeout=delay)
        if not process.is_alive():
            self._check_exit(command, process)
            return None
        process.kill()  # SIGKILL
        process.join()
        self._settle()
        kill = Kill(command, received_before=len(self.handler.received))
        kill.in_flight_duplicates = len(self.accepted_but_not_recorded(first))
        return kill

    def _settle(self, quiet: float = 0.3) -> None:
        """Wait until the relay has finished with what the killed process had already written
        (a DATA whose end reached the socket is still accepted after the process is gone)."""
        seen = -1
        while seen != len(self.handler.received):
            seen = len(self.handler.received)
            time.sleep(quiet)

    def _count(self, sql: str) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(text(sql)).scalar_one())

    def accepted_but_not_recorded(self, first: int) -> set[str]:
        """Message-IDs the relay accepted (from its `first` message on) whose outbox row is not
        recorded as sent: they will be sent again."""
        received = set(self.handler.message_ids()[first:])
        with self.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT id, dedupe_key FROM outbox_message WHERE status != 'sent'")
            ).all()
        unsent = {message_id(row_id, key, SENDER_DOMAIN) for row_id, key in rows}
        return received & unsent


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database, with what its write-ahead log holds (a plain file
    copy would leave out commits not yet checkpointed)."""
    with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
        origin.backup(copy)


# --- what must survive ---------------------------------------------------------------------------

_QUERIES = {
    "cases": """
        SELECT c.reference, c.status, c.outcome, c.requested_at, c.first_absence_day,
               c.opened_at, c.closed_at, k.email
        FROM fasttrack_case c LEFT JOIN consultant k ON k.id = c.consultant_id
        ORDER BY c.reference""",
    "steps": """
        SELECT c.reference, s.kind, s.seq, s.status, s.due_at, s.remind_at, s.reminded_at,
               s.escalated_at, s.next_check_at, s.scheduled_at, s.completed_at, s.owner, s.title
        FROM step s JOIN fasttrack_case c ON c.id = s.case_id
        ORDER BY c.reference, s.kind, s.seq""",
    "events": """
        SELECT c.reference, e.kind, e.occurred_at, e.actor, e.data, e.dedupe_key
        FROM event e JOIN fasttrack_case c ON c.id = e.case_id
        WHERE e.kind != 'message_dispatched'
        ORDER BY c.reference, e.occurred_at, e.kind, e.dedupe_key""",
    # The proof of dispatch is recorded when a delivery is: its time and outbox id are a
    # delivery's (a message resent after a crash is recorded by the run that resent it), but
    # there is one per message.
    "dispatched": """
        SELECT c.reference, e.actor, e.dedupe_key IS NOT NULL
        FROM event e JOIN fasttrack_case c ON c.id = e.case_id
        WHERE e.kind = 'message_dispatched'
        ORDER BY c.reference""",
    "outbox": """
        SELECT o.dedupe_key, o.kind, c.reference, o.recipients, o.subject, o.status,
               o.attempts, o.created_at, o.last_error
        FROM outbox_message o LEFT JOIN fasttrack_case c ON c.id = o.case_id
        ORDER BY o.dedupe_key""",
}


# A sealed (encrypted) value: Fernet tokens differ on every encryption of the same text.
_SEALED = re.compile(r'"k\d+:gAAAA[^"]*"')


def projection(
    engine: Engine, queries: dict[str, str] | None = None
) -> dict[str, list[tuple[Any, ...]]]:
    """Cases, steps, events and outbox rows without ids, recording times, delivery times or
    ciphertexts (which legitimately differ between two runs of the same workload)."""
    with engine.connect() as connection:
        return {
            table: [
                tuple(_SEALED.sub('"sealed"', v) if isinstance(v, str) else v for v in row)
                for row in connection.execute(text(query))
            ]
            for table, query in (queries or _QUERIES).items()
        }


def mail_projection(handler: RecordingHandler) -> Counter[tuple[str, str, str]]:
    """The distinct messages received (Message-ID without the outbox id, subject, recipients):
    the same whichever row id a restarted intake gave them."""
    with handler.lock:
        return Counter(
            {
                (
                    str(item.message["Message-ID"]).split(".", 2)[-1],
                    str(item.message["Subject"]),
                    json.dumps(sorted(item.rcpt_tos)),
                ): 1
                for item in handler.received
            }
        )


def duplicates(handler: RecordingHandler) -> int:
    """Messages received more than once (by Message-ID), counted beyond the first."""
    counts = Counter(handler.message_ids())
    return sum(n - 1 for n in counts.values())


@contextmanager
def relay() -> Iterator[tuple[RecordingHandler, int]]:
    """A recording aiosmtpd relay on 127.0.0.1."""
    handler = RecordingHandler()
    with smtp_server(handler) as controller:
        yield handler, int(controller.port)


def crash_runs(default: int) -> int:
    """How many crashed runs: FASTTRACK_CRASH_RUNS (the full test: 50), else `default`."""
    return int(os.environ.get("FASTTRACK_CRASH_RUNS", default))
