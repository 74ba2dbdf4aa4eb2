"""A local Prefect server on SQLite for the embedded default (`fasttrack up`)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

HOST = "127.0.0.1"
SERVER_START_TIMEOUT_S = 90


def start_prefect_server(home: Path, port: int) -> subprocess.Popen[bytes]:
    """`prefect server start` on SQLite in `home`, in its own session (we pass Ctrl-C on)."""
    log = (home / "server.log").open("ab")
    environment = {**os.environ, "PREFECT_HOME": str(home)}
    environment.pop("PREFECT_API_URL", None)
    environment.pop("PREFECT_SERVER_DATABASE_CONNECTION_URL", None)
    environment.pop("PREFECT_API_DATABASE_CONNECTION_URL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", HOST, "--port", str(port)],
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_until_healthy(server: subprocess.Popen[bytes], api_url: str) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("Prefect-serveren stoppede under opstarten")
        try:
            if httpx.get(f"{api_url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"Prefect-serveren svarede ikke inden for {SERVER_START_TIMEOUT_S} s")


def stop_prefect_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)
