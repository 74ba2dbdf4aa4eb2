"""prefect.yaml deploys against a real Prefect server, with the schedules the README states, and
the intake deployment's trigger turns the request event into a run for that case."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from fasttrack_core.orchestration.announce import announce_request_received
from fasttrack_core.orchestration.deployments import load_specs
from tests.flows.conftest import api_post

ROOT = Path(__file__).resolve().parents[2]
# `prefect deploy`, as its console script runs it. Prefect 3.8.8's CLI asks for the pool's workers
# with `"limit": null`; FastAPI >= 0.151 no longer reads an explicit null as "use the default"
# and the server answers 422 after the first deployment. Until pyproject.toml pins
# fastapi<0.151, that one call gets explicit values here; everything else is the real command.
DEPLOY = """
import sys
from importlib.metadata import version
from prefect.client.orchestration._work_pools.client import WorkPoolAsyncClient
from prefect.cli import app

if tuple(int(part) for part in version("fastapi").split(".")[:2]) >= (0, 151):
    read_workers = WorkPoolAsyncClient.read_workers_for_work_pool

    async def read_workers_with_limits(self, work_pool_name, worker_filter=None,
                                       offset=None, limit=None):
        return await read_workers(self, work_pool_name, worker_filter, offset or 0, limit or 200)

    WorkPoolAsyncClient.read_workers_for_work_pool = read_workers_with_limits
sys.argv = ["prefect", "--no-prompt", "deploy", "--all", "--prefect-file", "flows/prefect.yaml"]
sys.exit(app())
"""


def readme_schedules() -> dict[str, tuple[str, str]]:
    """The README's table of deployments: name -> (cron, parameters), between its markers."""
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("<!-- deployments:start -->")[1].split("<!-- deployments:end -->")[0]
    rows = re.findall(r"^\| `([\w-]+)` \| [^|]+ \| `([^`]+)` \| `([^`]*)` \|", section, re.M)
    return {name: (cron, parameters) for name, cron, parameters in rows}


@pytest.fixture(scope="module")
def deployed(prefect_api: str) -> dict[str, dict[str, Any]]:
    """`prefect deploy --all` from the checkout, as an operator runs it (a process pool first)."""
    response = httpx.post(
        f"{prefect_api}/work_pools/", json={"name": "fasttrack", "type": "process"}, timeout=30
    )
    assert response.status_code in (201, 409), response.text
    environment = {**os.environ, "PREFECT_API_URL": prefect_api, "PREFECT_CLI_PROMPT": "false"}
    result = subprocess.run(
        [sys.executable, "-c", DEPLOY],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    deployments = api_post(prefect_api, "deployments/filter", {"limit": 50})
    return {deployment["name"]: deployment for deployment in deployments}


def test_every_deployment_of_prefect_yaml_is_created_in_the_process_pool(
    deployed: dict[str, dict[str, Any]],
) -> None:
    assert set(deployed) == {
        "sweep",
        "delivery",
        "digest",
        "steering-report",
        "retention",
        "followup-record",
        "watchdog",
        "intake",
        "absence-import",
    }
    for deployment in deployed.values():
        assert deployment["work_pool_name"] == "fasttrack"
        assert deployment["entrypoint"].startswith("flows/")
    for name in ("sweep", "delivery", "digest"):
        assert deployed[name]["concurrency_limit"] == 1 or (
            deployed[name]["global_concurrency_limit"]["limit"] == 1
        ), name
    assert deployed["steering-report"]["global_concurrency_limit"] is None


def test_the_schedules_are_what_the_readme_says(deployed: dict[str, dict[str, Any]]) -> None:
    readme = readme_schedules()
    assert set(readme) == set(deployed)
    for name, (cron, parameters) in readme.items():
        schedules = [s["schedule"] for s in deployed[name]["schedules"]]
        if cron == "-":
            assert schedules == [], name
        else:
            assert schedules == [{"cron": cron, "timezone": "Europe/Copenhagen", "day_or": True}]
        assert parameters == ", ".join(f"{k}={v}" for k, v in deployed[name]["parameters"].items())
    # `fasttrack up` serves the same file.
    assert {spec.name for spec in load_specs()} == set(deployed)


def test_a_request_event_starts_an_intake_run_for_that_case(
    deployed: dict[str, dict[str, Any]], prefect_api: str
) -> None:
    intake = deployed["intake"]["id"]
    assert announce_request_received("FT-2026-000042", api_url=prefect_api)
    deadline = time.monotonic() + 30
    runs: list[dict[str, Any]] = []
    while time.monotonic() < deadline and not runs:
        time.sleep(0.5)
        runs = api_post(
            prefect_api,
            "flow_runs/filter",
            {"limit": 5, "deployments": {"id": {"any_": [intake]}}},
        )
    assert [run["parameters"] for run in runs] == [{"reference": "FT-2026-000042"}]


def test_without_a_prefect_server_the_announcement_is_a_quiet_no(tmp_path: Path) -> None:
    started = time.monotonic()
    assert announce_request_received("FT-2026-000042", api_url="http://127.0.0.1:9/api") is False
    assert time.monotonic() - started < 3
