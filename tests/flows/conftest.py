"""One Prefect server per test session (heartbeats off), and a database and SMTP catcher per test.

Only the tests that ask for `prefect_api` start the server; the rest of the suite never does.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from fasttrack_core.db import AppContext
from fasttrack_core.orchestration.runtime import flow_runtime, forget_contexts
from fasttrack_core.settings import Settings
from tests.conftest import TEST_SECRET
from tests.smtp_servers import RecordingHandler, smtp_server


@pytest.fixture(scope="session")
def prefect_api() -> Iterator[str]:
    """A real Prefect server (`prefect_test_harness`) for the whole session; its API URL."""
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
        temporary_settings,
    )
    from prefect.testing.utilities import prefect_test_harness

    # A flow run joins its heartbeat thread at the end: ~1 s per run unless heartbeats are off.
    with (
        temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}),
        prefect_test_harness(server_startup_timeout=60),
    ):
        yield str(PREFECT_API_URL.value())


@dataclass
class FlowWorld:
    """What flows under test act on: a database, settings from the environment, a catcher."""

    ctx: AppContext
    settings: Settings
    mail: RecordingHandler
    database: Path


ADMIN = "drift@jobcenter.example.dk"


@contextmanager
def flow_world(directory: Path, template: Path) -> Iterator[FlowWorld]:
    """A configured SQLite database and a real aiosmtpd catcher, given to the flows through
    FASTTRACK_* variables (the flows read their settings from the environment)."""
    database = directory / "fasttrack.db"
    shutil.copy(template, database)
    handler = RecordingHandler()
    with smtp_server(handler) as catcher, pytest.MonkeyPatch.context() as patch:
        environment = {
            "FASTTRACK_DATABASE_URL": f"sqlite:///{database}",
            "FASTTRACK_SECRET_KEY": TEST_SECRET,
            "FASTTRACK_SMTP_HOST": "127.0.0.1",
            "FASTTRACK_SMTP_PORT": str(catcher.port),
            "FASTTRACK_ADMIN_EMAIL": ADMIN,
        }
        for name, value in environment.items():
            patch.setenv(name, value)
        patch.delenv("PREFECT_API_URL", raising=False)
        runtime = flow_runtime()  # what the flows in this process will act with
        try:
            yield FlowWorld(runtime.ctx, runtime.settings, handler, database)
        finally:
            forget_contexts()


def api_post(api_url: str, path: str, body: dict[str, Any]) -> Any:
    """POST to the Prefect REST API (its filter endpoints), JSON in and out."""
    response = httpx.post(f"{api_url}/{path}", json=body, timeout=30)
    response.raise_for_status()
    return response.json()


def api_get(api_url: str, path: str) -> Any:
    response = httpx.get(f"{api_url}/{path}", timeout=30)
    response.raise_for_status()
    return response.json()
