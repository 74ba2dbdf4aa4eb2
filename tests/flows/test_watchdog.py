"""The watchdog flow against a real Prefect server: a message waiting too long and a scheduled
deployment that never completed a run are emailed to the administrator once, shown in a Markdown
artifact, and fail the run while they last; a run completed for the slot resolves its problem."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import col, select

from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.models import OperationsAlert
from fasttrack_core.notify.outbox import queue_message
from fasttrack_core.services.health import check_schedules
from fasttrack_core.services.watchdog import RUN_GRACE, last_slot
from flows.watchdog import watchdog_flow
from tests.flows.conftest import ADMIN, FlowWorld, api_post, flow_world

CRON = "*/5 * * * *"


@pytest.fixture
def probe(prefect_api: str) -> Iterator[dict[str, Any]]:
    """The scheduled deployment below, removed afterwards (the server is the session's)."""
    deployment = scheduled_deployment(prefect_api)
    yield deployment
    httpx.delete(f"{prefect_api}/deployments/{deployment['id']}", timeout=30).raise_for_status()


@pytest.fixture
def world(prefect_api: str, tmp_path: Path, sqlite_template: Path) -> Iterator[FlowWorld]:
    with flow_world(tmp_path, sqlite_template) as found:
        yield found


def scheduled_deployment(api: str) -> dict[str, Any]:
    """A deployment tagged `fasttrack` that runs every 5 minutes and has never run."""
    flow = httpx.post(f"{api}/flows/", json={"name": "watchdog-probe"}, timeout=30).json()
    response = httpx.post(
        f"{api}/deployments/",
        json={
            "name": "probe",
            "flow_id": flow["id"],
            "tags": ["fasttrack"],
            "schedules": [
                {"active": True, "schedule": {"cron": CRON, "timezone": "Europe/Copenhagen"}}
            ],
        },
        timeout=30,
    )
    response.raise_for_status()
    deployment: dict[str, Any] = response.json()
    return deployment


def complete_a_run(api: str, deployment_id: str, expected: datetime) -> None:
    created = httpx.post(
        f"{api}/deployments/{deployment_id}/create_flow_run",
        json={
            "state": {
                "type": "SCHEDULED",
                "state_details": {"scheduled_time": expected.isoformat()},
            }
        },
        timeout=30,
    )
    assert created.is_success, f"the Prefect server answered {created.status_code}: {created.text}"
    run = created.json()
    answer = httpx.post(
        f"{api}/flow_runs/{run['id']}/set_state",
        json={"state": {"type": "COMPLETED", "name": "Completed"}, "force": True},
        timeout=30,
    )
    answer.raise_for_status()


def alert_mails(world: FlowWorld) -> list[Any]:
    return [r for r in world.mail.received if "Driftsalarm" in str(r.message["Subject"])]


def test_the_watchdog_tells_the_admin_once_shows_an_artifact_and_fails_while_problems_last(
    world: FlowWorld, prefect_api: str, probe: dict[str, Any]
) -> None:
    deployment = probe
    now = datetime.now(UTC)
    # The watchdog looks at noon tomorrow (Danish time), then 15 and 30 minutes later: all three
    # looks on one Danish day (an open problem is told again each new day it lasts).
    tomorrow = now.astimezone(COPENHAGEN).date() + timedelta(days=1)
    as_of = datetime.combine(tomorrow, time(12), tzinfo=COPENHAGEN)
    with world.ctx.unit_of_work() as session:
        queue_message(
            session,
            dedupe_key="waiting:1",
            kind="flow_failed",
            recipients=["someone@example.dk"],
            context={
                "reference": "", "job_centre": "Jobcentret", "link": "http://x", "flow": "sweep",
                "run_name": "sweep", "state": "Failed", "failed_at": now, "error_type": "X",
            },
            now=as_of - timedelta(hours=2),  # waited 2 hours when the watchdog looks, never sent
        )  # fmt: skip
        session.commit()  # and the probe never ran

    first = watchdog_flow(as_of=as_of.isoformat(), return_state=True)
    again = watchdog_flow(as_of=(as_of + timedelta(minutes=15)).isoformat(), return_state=True)

    assert first.is_failed() and again.is_failed()
    [mail] = alert_mails(world)
    assert mail.message["To"] == ADMIN
    body = mail.message.get_body(("plain",)).get_content()
    assert "E-mails venter" in body and "Planlagt kørsel udeblevet: probe" in body
    assert "someone@example.dk" not in body
    [artifact] = api_post(
        prefect_api, "artifacts/filter", {"artifacts": {"key": {"any_": ["watchdog"]}}, "limit": 5,
                                          "sort": "CREATED_DESC"},
    )[:1]  # fmt: skip
    assert artifact["type"] == "markdown"
    assert "Planlagt kørsel udeblevet: probe" in artifact["data"]
    assert "allerede underrettet" in artifact["data"]  # the second look told nobody
    schedules = check_schedules(prefect_api, as_of)  # what `fasttrack check` says about it
    assert not schedules.ok and "Ingen gennemført kørsel af probe endnu" in schedules.detail

    later = as_of + timedelta(minutes=30)
    slot = last_slot(CRON, "Europe/Copenhagen", later - RUN_GRACE)
    assert slot is not None
    complete_a_run(prefect_api, deployment["id"], slot)
    watchdog_flow(as_of=later.isoformat(), return_state=True)
    with world.ctx.unit_of_work() as session:
        probe = session.exec(
            select(OperationsAlert).where(col(OperationsAlert.problem) == "run:probe")
        ).one()
    assert probe.resolved_at is not None
    assert len(alert_mails(world)) == 1
