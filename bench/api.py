"""Benchmark of the web API served by Uvicorn on loopback (issue 6).

`fasttrack web` runs in a subprocess on a fresh SQLite database with the demo configuration;
16 concurrent clients (httpx, one event loop in this process) first send distinct valid
`POST /api/requests` (each a new employee, an employer request inside the 5-week window, with an
API key and an Idempotency-Key) as fast as they are answered (closed loop: the most the server
answers), then the same requests offered at `--rate` a second (open loop, over the same 16
connections: the latency at that load, counted from when each request was due), then
`GET /api/health` (a trivial endpoint of the same app), for a fixed time each. Prints requests/s
and p50/p99 latency of each and the closed loops' ratio; ends with one line of JSON.

The client shares the machine with the server: on 2 cores it takes part of one.

Run: .venv/bin/python bench/api.py [--seconds 10] [--clients 16] [--workers 1] [--rate 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from statistics import quantiles
from typing import Any

import httpx

from fasttrack_core.bootstrap import build_context
from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.services.setup import prepare
from fasttrack_core.services.users import create_api_key
from fasttrack_core.settings import load_settings

HOST = "127.0.0.1"
EXAMPLE = Path(__file__).resolve().parents[1] / "fasttrack_core" / "examples" / "request-ole.json"
DEMO_MUNICIPALITIES = ["183", "250", "390", "573", "217", "173", "860", "621", "336", "265", "479"]
WARM_UP_S = 1.0


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process and its worker processes have used so far (/proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return own + sum(cpu_seconds(int(child)) for child in children)


@dataclass(frozen=True)
class Phase:
    name: str
    requests: int
    seconds: float
    latencies_ms: list[float]
    failures: int
    server_cpu_s: float
    client_cpu_s: float  # this process's: the load generator shares the machine's 2 cores

    @property
    def server_cpu_ms(self) -> float:
        """The server's CPU time per request: what a request costs, whatever else runs."""
        return self.server_cpu_s * 1000 / self.requests

    @property
    def client_cpu_ms(self) -> float:
        """The load generator's CPU time per request, taken from the same cores."""
        return self.client_cpu_s * 1000 / self.requests

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def percentile(self, p: int) -> float:
        return quantiles(self.latencies_ms, n=100, method="inclusive")[p - 1]

    def line(self) -> str:
        return (
            f"{self.name:<22} {self.rps:8.1f} requests/s   p50 {self.percentile(50):6.1f} ms   "
            f"p99 {self.percentile(99):6.1f} ms   server CPU {self.server_cpu_ms:4.2f} ms/req   "
            f"client CPU {self.client_cpu_ms:4.2f} ms/req   "
            f"({self.requests} in {self.seconds:.1f} s, {self.failures} failed)"
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def requests() -> Iterator[dict[str, Any]]:
    """Distinct valid employer requests: a new CPR number each (born in the 1950s and later,
    serials 0000–3999 give the 1900s), requested now, 10 days into the absence."""
    template = json.loads(EXAMPLE.read_text("utf-8"))
    number = 0
    while True:
        birth = date(1950, 1, 1) + timedelta(days=number // 4000)
        now = datetime.now(COPENHAGEN) - timedelta(seconds=1)  # never ahead of the server
        yield {
            **template,
            "requested_at": now.isoformat(),
            "first_absence_day": (now.date() - timedelta(days=10)).isoformat(),
            "employee": {
                **template["employee"],
                "cpr": f"{birth:%d%m%y}{number % 4000:04d}",
                "email": f"medarbejder{number}@example.dk",
                "residence_municipality": DEMO_MUNICIPALITIES[number % len(DEMO_MUNICIPALITIES)],
            },
        }
        number += 1


def prepare_database(directory: Path, url: str | None = None) -> tuple[dict[str, str], str]:
    """A fresh database (SQLite in `directory`, or an empty PostgreSQL schema's `url`) with the
    demo configuration and an API key; the server's environment (no Prefect: nothing to
    announce to)."""
    environment = {
        **os.environ,
        "FASTTRACK_DATABASE_URL": url or f"sqlite:///{directory / 'bench.db'}",
        "FASTTRACK_SECRET_KEY": "bench-secret-0123456789-abcdefghijklmnop",
        # The benchmark is one client flooding one key on purpose: no rate limit for it.
        "FASTTRACK_WEB_API_RATE_LIMIT": "1000000/second",
        "FASTTRACK_WEB_API_ADDRESS_RATE_LIMIT": "1000000/second",
    }
    if url:  # no database file for the session key to lie beside
        environment["FASTTRACK_SESSION_KEY"] = "bench-session-key-0123456789-abcdefghijklmnop"
    environment.pop("PREFECT_API_URL", None)
    os.environ.update(environment)
    settings = load_settings()
    ctx = build_context(settings)
    prepare(ctx, settings)
    key = create_api_key(ctx, "bench", as_of=ctx.clock.now())
    ctx.engine.dispose()
    return environment, key


def start_server(
    directory: Path, environment: dict[str, str], port: int, workers: int, timeout: float = 60
) -> Any:
    command = [str(Path(sys.executable).parent / "fasttrack"), "web", "--port", str(port)]
    if workers > 1:
        command += ["--workers", str(workers)]
    # The server's own log (a worker that dies says why there), beside its database.
    log = (directory / "web.log").open("ab")
    server = subprocess.Popen(command, cwd=directory, env=environment, stderr=log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if httpx.get(f"http://{HOST}:{port}/api/health", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"fasttrack web did not answer within {timeout:.0f} s (exit {server.poll()})")


Send = Callable[[httpx.AsyncClient], Awaitable[httpx.Response]]


def _client(base_url: str, clients: int) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    return httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30)


async def _status(send: Send, client: httpx.AsyncClient) -> int:
    try:
        return (await send(client)).status_code
    except httpx.TransportError:  # the server dropped the connection: a failure, counted
        return 0


async def _timed(
    server_pid: int, work: Callable[[float], Awaitable[object]]
) -> tuple[float, float, float]:
    """`work(start)`'s wall time, and the CPU seconds of the server and of this process over it."""
    server_before, own_before = cpu_seconds(server_pid), time.process_time()
    started = time.perf_counter()
    await work(started)
    elapsed = time.perf_counter() - started
    return elapsed, cpu_seconds(server_pid) - server_before, time.process_time() - own_before


async def run_phase(
    name: str,
    send: Send,
    expected: set[int],
    clients: int,
    seconds: float,
    base_url: str,
    server_pid: int,
) -> Phase:
    """`clients` concurrent loops of `send` for a warm-up, then for `seconds`."""
    latencies: list[float] = []
    failures = 0
    measuring = False

    async def loop(client: httpx.AsyncClient, until: float) -> None:
        nonlocal failures
        while time.perf_counter() < until:
            started = time.perf_counter()
            status = await _status(send, client)
            if measuring:
                latencies.append((time.perf_counter() - started) * 1000)
                failures += status not in expected

    async with _client(base_url, clients) as client:
        warm_until = time.perf_counter() + WARM_UP_S
        await asyncio.gather(*(loop(client, warm_until) for _ in range(clients)))
        measuring = True
        elapsed, cpu, own = await _timed(
            server_pid,
            lambda start: asyncio.gather(*(loop(client, start + seconds) for _ in range(clients))),
        )
    return Phase(name, len(latencies), elapsed, latencies, failures, cpu, own)


async def run_at_rate(
    name: str,
    send: Send,
    expected: set[int],
    clients: int,
    rate: float,
    seconds: float,
    base_url: str,
    server_pid: int,
) -> Phase:
    """`rate` requests a second offered for `seconds` (open loop) over at most `clients`
    connections: request i is due at start + i/rate, and its latency counts from then, so a
    request that waited for a free connection counts its wait (no coordinated omission). What a
    service level "N requests/s with p99 under T" means; `run_phase` instead finds the most the
    server answers, where 16 clients waiting in turn set the latency (16 / throughput)."""
    due = iter(range(int(rate * seconds)))
    latencies: list[float] = []
    failures = 0

    async def loop(client: httpx.AsyncClient, start: float) -> None:
        nonlocal failures
        for number in due:
            intended = start + number / rate
            await asyncio.sleep(max(0.0, intended - time.perf_counter()))
            status = await _status(send, client)
            latencies.append((time.perf_counter() - intended) * 1000)
            failures += status not in expected

    async with _client(base_url, clients) as client:
        elapsed, cpu, own = await _timed(
            server_pid, lambda start: asyncio.gather(*(loop(client, start) for _ in range(clients)))
        )
    return Phase(name, len(latencies), elapsed, latencies, failures, cpu, own)


async def measure(
    base_url: str, key: str, clients: int, seconds: float, server_pid: int, rate: float
) -> tuple[Phase, Phase, Phase]:
    bodies = requests()
    counter = iter(range(10**9))

    def intake(client: httpx.AsyncClient) -> Awaitable[httpx.Response]:
        headers = {"X-API-Key": key, "Idempotency-Key": f"bench-{next(counter)}"}
        return client.post("/api/requests", json=next(bodies), headers=headers)

    def health(client: httpx.AsyncClient) -> Awaitable[httpx.Response]:
        return client.get("/api/health")

    common = (clients, seconds, base_url, server_pid)
    intake_phase = await run_phase("POST /api/requests", intake, {202}, *common)
    at_rate = await run_at_rate(
        f"POST at {rate:g}/s", intake, {202}, clients, rate, seconds, base_url, server_pid
    )
    trivial_phase = await run_phase("GET /api/health", health, {200}, *common)
    return intake_phase, at_rate, trivial_phase


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="per phase, after warm-up")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=1, help="Uvicorn worker processes")
    parser.add_argument("--rate", type=float, default=200.0, help="requests/s offered (open loop)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="fasttrack-bench-api-") as tmp:
        directory = Path(tmp)
        environment, key = prepare_database(directory)
        port = free_port()
        server = start_server(directory, environment, port, args.workers)
        try:
            intake, at_rate, trivial = asyncio.run(
                measure(
                    f"http://{HOST}:{port}", key, args.clients, args.seconds, server.pid, args.rate
                )
            )
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)

    print(f"{args.clients} concurrent clients, Uvicorn on {HOST} ({args.workers} worker(s)), "
          "SQLite")  # fmt: skip
    print(intake.line())
    print(at_rate.line())
    print(trivial.line())
    ratio = trivial.rps / intake.rps
    print(f"the trivial endpoint answers {ratio:.1f}x as many requests/s as intake")
    print(
        json.dumps(
            {
                "intake_rps": round(intake.rps, 1),
                "p50_ms": round(intake.percentile(50), 1),
                "p99_ms": round(intake.percentile(99), 1),
                "intake_failed": intake.failures,
                "intake_server_cpu_ms": round(intake.server_cpu_ms, 2),
                "intake_client_cpu_ms": round(intake.client_cpu_ms, 2),
                "offered_rps": args.rate,
                "at_rate_rps": round(at_rate.rps, 1),
                "at_rate_p50_ms": round(at_rate.percentile(50), 1),
                "at_rate_p99_ms": round(at_rate.percentile(99), 1),
                "at_rate_failed": at_rate.failures,
                "trivial_rps": round(trivial.rps, 1),
                "trivial_p50_ms": round(trivial.percentile(50), 1),
                "trivial_p99_ms": round(trivial.percentile(99), 1),
                "trivial_server_cpu_ms": round(trivial.server_cpu_ms, 2),
                "ratio": round(ratio, 2),
                "clients": args.clients,
                "workers": args.workers,
            }
        )
    )


if __name__ == "__main__":
    main()
