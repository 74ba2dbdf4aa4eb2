"""Scale-out end to end (issue 13, item 4): the production shape the README describes, for real.

Cases on PostgreSQL (a schema of this test's own), a Prefect server on PostgreSQL (a database of
this test's own, `PREFECT_API_DATABASE_CONNECTION_URL=postgresql+asyncpg://...`), `prefect deploy
--all --prefect-file flows/prefect.yaml`, two `prefect worker start --pool fasttrack` processes
(each one flow run at a time, so two runs at once go to both), and `fasttrack web --workers 2`.

The sweep and delivery deployments are each run twice at once, one run on each worker: every due
step is advanced once and every message reaches the SMTP relay once (Message-IDs counted). Their
concurrency limit of 1 (prefect.yaml: an overlapping run is cancelled) is lifted to 2 here, so
that the database's own guarantee (`FOR UPDATE SKIP LOCKED`) is what is shown, not the limit's.
The intake API is sent each request twice at once with one Idempotency-Key, spread over both web
workers: one case per person.

The scheduler service is off (runs only when the test starts them), and the web app is not told
of the Prefect server (no intake flow per request): both to keep the test bounded (~1-2 minutes).
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import httpx
import pytest
from sqlalchemy import Engine, create_engine, func, select, text

from bench.api import cpu_seconds, free_port, requests
from fasttrack_core.clock import FixedClock
from fasttrack_core.crypto import CprVault
from fasttrack_core.danish_calendar import DanishCalendar
from fasttrack_core.db import AppContext, make_engine
from fasttrack_core.migrations import upgrade_schema
from fasttrack_core.models import Case, Event, OutboxMessage, Step
from fasttrack_core.services.configuration import demo_config_text, load_config
from fasttrack_core.services.references import continue_after
from fasttrack_core.services.users import create_api_key
from tests.conftest import POSTGRES_URL, TEST_SECRET
from tests.flows.conftest import ADMIN, api_post
from tests.flows.test_deploy import DEPLOY
from tests.flows.test_scale_out import NOW, due_cases, pending_messages
from tests.smtp_servers import RecordingHandler, smtp_server

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
STEPS = 300
MESSAGES = 300
PEOPLE = 40  # intake requests, each sent twice at once
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def wait_for(what: str, check: Callable[[], Any], timeout: float, every: float = 0.5) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = check()
        except httpx.HTTPError:
            found = None
        if found:
            return found
        time.sleep(every)
    raise AssertionError(f"{what}: not within {timeout:.0f} s")


@dataclass
class Stack:
    ctx: AppContext
    api: str  # the Prefect API
    web: str  # the web app
    web_pid: int
    api_key: str
    mail: RecordingHandler
    worker_logs: list[Path]


def _start(command: list[str], env: dict[str, str], log: IO[bytes]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


@pytest.fixture(scope="module")
def databases(postgres_engine: Engine) -> Iterator[tuple[str, str]]:
    """A schema for the cases and a database for the Prefect server, both this test's own."""
    suffix = os.getpid()
    schema, database = f"fasttrack_e2e_{suffix}", f"prefect_e2e_{suffix}"
    admin = create_engine(
        POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))
        connection.execute(text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {database}"))
    base = POSTGRES_URL.rsplit("/", 1)[0]
    try:
        yield (
            f"{POSTGRES_URL}?options=-csearch_path%3D{schema}",
            f"{base.replace('postgresql://', 'postgresql+asyncpg://')}/{database}",
        )
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(scope="module")
def stack(databases: tuple[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    cases_url, prefect_url = databases
    home = tmp_path_factory.mktemp("production")
    engine = make_engine(cases_url)
    upgrade_schema(engine)
    ctx = AppContext(engine, FixedClock(NOW), CprVault(TEST_SECRET), DanishCalendar())
    with ctx.unit_of_work() as session:
        load_config(session, demo_config_text(), "demo", NOW)
    due_cases(ctx, STEPS)
    pending_messages(ctx, MESSAGES)
    with engine.begin() as connection:  # the seeded cases took ids and references 1..STEPS
        connection.execute(
            text(f"SELECT setval(pg_get_serial_sequence('fasttrack_case', 'id'), {STEPS})")
        )
        continue_after(connection, 2026, STEPS)
    api_key = create_api_key(ctx, "e2e", as_of=NOW)

    api_port, web_port = free_port(), free_port()
    api = f"http://{HOST}:{api_port}/api"
    base = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "FASTTRACK_"))}
    prefect = {
        **base,
        "PREFECT_HOME": str(home / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_CLI_PROMPT": "false",
    }
    handler = RecordingHandler()
    processes: list[subprocess.Popen[bytes]] = []
    logs = [open(home / f"{name}.log", "wb") for name in ("server", "w1", "w2", "web")]  # noqa: SIM115
    with smtp_server(handler) as relay:
        fasttrack = {
            "FASTTRACK_DATABASE_URL": cases_url,
            "FASTTRACK_SECRET_KEY": TEST_SECRET,
            "FASTTRACK_SMTP_HOST": HOST,
            "FASTTRACK_SMTP_PORT": str(relay.port),
            "FASTTRACK_SMTP_CONNECTIONS": "4",
            "FASTTRACK_ADMIN_EMAIL": ADMIN,
            "FASTTRACK_SESSION_KEY": "e2e-session-key-not-for-production-0123456789",
        }
        try:
            server_env = {
                **prefect,
                "PREFECT_API_DATABASE_CONNECTION_URL": prefect_url,
                "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",
                "PREFECT_UI_ENABLED": "false",
            }
            processes.append(
                _start(
                    [
                        str(BIN / "prefect"),
                        "server",
                        "start",
                        "--host",
                        HOST,
                        "--port",
                        str(api_port),
                    ],
                    server_env,
                    logs[0],
                )
            )
            web_env = {
                **base,
                **fasttrack,
                "FASTTRACK_WEB_API_RATE_LIMIT": "1000000/second",
                "FASTTRACK_WEB_API_ADDRESS_RATE_LIMIT": "1000000/second",
            }
            processes.append(
                _start(
                    [str(BIN / "fasttrack"), "web", "--port", str(web_port), "--workers", "2"],
                    web_env,
                    logs[3],
                )
            )
            wait_for("the Prefect server", lambda: httpx.get(f"{api}/health").is_success, 240)
            client_env = {**prefect, "PREFECT_API_URL": api}
            created = httpx.post(
                f"{api}/work_pools/", json={"name": "fasttrack", "type": "process"}, timeout=30
            )
            assert created.status_code == 201, created.text
            deployed = subprocess.run(
                [sys.executable, "-c", DEPLOY],
                cwd=ROOT,
                env=client_env,
                capture_output=True,
                text=True,
                timeout=240,
            )
            assert deployed.returncode == 0, deployed.stdout + deployed.stderr
            worker_env = {**client_env, **fasttrack, "PREFECT_WORKER_QUERY_SECONDS": "1"}
            for name, log in (("w1", logs[1]), ("w2", logs[2])):
                processes.append(
                    _start(
                        [
                            str(BIN / "prefect"),
                            "worker",
                            "start",
                            "--pool",
                            "fasttrack",
                            "--name",
                            name,
                            "--limit",
                            "1",
                        ],
                        worker_env,
                        log,
                    )
                )
            wait_for(
                "two workers polling",
                lambda: (
                    len(
                        api_post(
                            api, "work_pools/fasttrack/workers/filter", {"limit": 10, "offset": 0}
                        )
                    )
                    == 2
                ),
                120,
            )
            web = f"http://{HOST}:{web_port}"
            wait_for("the web app", lambda: httpx.get(f"{web}/api/health").is_success, 300)
            yield Stack(
                ctx,
                api,
                web,
                processes[1].pid,
                api_key,
                handler,
                [home / "w1.log", home / "w2.log"],
            )
        except BaseException:
            for log in logs:  # what the processes said, in the failure's report
                log.flush()
                print(f"--- {log.name}:", Path(log.name).read_text("utf-8", "replace")[-3000:])
            raise
        finally:
            for process in reversed(processes):
                process.terminate()
            for process in reversed(processes):
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
            for log in logs:
                log.close()
            engine.dispose()


def deployment_id(stack: Stack, name: str) -> str:
    [found] = api_post(stack.api, "deployments/filter", {"deployments": {"name": {"any_": [name]}}})
    # Lift prefect.yaml's limit of one run at a time (see the module's docstring).
    httpx.patch(
        f"{stack.api}/deployments/{found['id']}", json={"concurrency_limit": 2}, timeout=30
    ).raise_for_status()
    return str(found["id"])


def run_twice_at_once(stack: Stack, deployment: str) -> list[dict[str, Any]]:
    """Two runs of the deployment at the same business time; both awaited to the end."""
    identifier = deployment_id(stack, deployment)
    runs = [
        httpx.post(
            f"{stack.api}/deployments/{identifier}/create_flow_run",
            json={"parameters": {"as_of": NOW.isoformat()}},
            timeout=30,
        ).json()["id"]
        for _ in range(2)
    ]

    def finished() -> list[dict[str, Any]] | None:
        found: list[dict[str, Any]] = api_post(
            stack.api, "flow_runs/filter", {"flow_runs": {"id": {"any_": runs}}}
        )
        return found if all(run["state_type"] in TERMINAL for run in found) else None

    done: list[dict[str, Any]] = wait_for(f"two {deployment} runs", finished, 240, every=1)
    assert [run["state_type"] for run in done] == ["COMPLETED", "COMPLETED"], done
    logs = [log.read_text("utf-8", errors="replace") for log in stack.worker_logs]
    ran_on = {index for run in runs for index, log in enumerate(logs) if run in log}
    assert ran_on == {0, 1}, "each worker took one of the two runs"
    return done


def counted(run_name: str, word: str) -> int:
    """The count a run's name reports: `sweep 2026-11-23 07:00 · 120 forfaldne` -> 120."""
    match = re.search(rf"· (\d+) {word}", run_name)
    return int(match.group(1)) if match else 0


def test_two_workers_sweep_each_due_step_once(stack: Stack) -> None:
    runs = run_twice_at_once(stack, "sweep")
    assert sum(counted(run["name"], "forfaldne") for run in runs) == STEPS
    with stack.ctx.unit_of_work() as session:
        statuses = dict(
            session.execute(select(Step.status, func.count()).group_by(Step.status)).all()
        )  # type: ignore[arg-type]
        overdue = session.scalar(select(func.count()).where(Event.kind == "step_overdue"))
        escalations = session.scalar(
            select(func.count()).where(OutboxMessage.kind == "overdue_escalation")
        )
    assert statuses == {"overdue": STEPS}
    assert overdue == escalations == STEPS


def test_two_workers_deliver_each_message_once(stack: Stack) -> None:
    runs = run_twice_at_once(stack, "delivery")
    total = MESSAGES + STEPS  # the seeded messages and the sweep's escalations
    assert sum(counted(run["name"], "sendt") for run in runs) == total
    received = stack.mail.message_ids()
    assert len(received) == len(set(received)) == total
    with stack.ctx.unit_of_work() as session:
        rows = session.execute(
            select(OutboxMessage.status, OutboxMessage.attempts, func.count()).group_by(
                OutboxMessage.status, OutboxMessage.attempts
            )
        ).all()
    assert [tuple(row) for row in rows] == [("sent", 1, total)]


def web_workers(parent: int) -> list[int]:
    """The Uvicorn worker processes under `fasttrack web` (not multiprocessing's resource
    tracker)."""
    children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    return [
        int(pid) for pid in children if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    ]


def test_two_web_workers_open_one_case_per_person_under_repeated_requests(stack: Stack) -> None:
    children = web_workers(stack.web_pid)
    assert len(children) == 2, children
    before = {pid: cpu_seconds(pid) for pid in children}
    bodies = [body for body, _ in zip(requests(), range(PEOPLE), strict=False)]

    async def send_all() -> list[int]:
        limits = httpx.Limits(max_connections=16, max_keepalive_connections=0)
        async with httpx.AsyncClient(base_url=stack.web, limits=limits, timeout=60) as client:
            answers = await asyncio.gather(
                *(
                    client.post(
                        "/api/requests",
                        json=body,
                        headers={"X-API-Key": stack.api_key, "Idempotency-Key": f"e2e-{n}"},
                    )
                    for n, body in enumerate(bodies)
                    for _ in range(2)
                )
            )
        return [answer.status_code for answer in answers]

    assert asyncio.run(send_all()) == [202] * (2 * PEOPLE)
    used = [cpu_seconds(pid) - before[pid] for pid in children]
    assert all(seconds > 0 for seconds in used), used  # both workers served requests
    with stack.ctx.unit_of_work() as session:
        new_cases, people = session.execute(
            select(func.count(), func.count(func.distinct(Case.cpr_hash))).where(
                Case.id > STEPS  # type: ignore[operator]
            )
        ).one()
    assert new_cases == people == PEOPLE
