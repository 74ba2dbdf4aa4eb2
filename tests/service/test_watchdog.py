"""The watchdog (issue 13, item 3): mail waiting past FASTTRACK_OUTBOX_ALERT_AFTER_MINUTES and a
scheduled run that has not happened are told to the administrator once per problem (again after a
day, or when it recurs after being resolved), through the outbox, without personal data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import col, select, update

from fasttrack_core.db import AppContext
from fasttrack_core.models import OperationsAlert, OutboxMessage, User
from fasttrack_core.notify.outbox import queue_message, rendered
from fasttrack_core.services.watchdog import (
    REMIND_AFTER,
    RUN_GRACE,
    Problem,
    look,
    missed_run,
    watch,
)
from fasttrack_core.settings import Settings
from tests.conftest import START

ADMIN = "drift@jobcenter.example.dk"
LINK = "http://127.0.0.1:4200/artifacts/key/watchdog"
SETTINGS = Settings(_env_file=None, admin_email=ADMIN, outbox_alert_after_minutes=60)  # type: ignore[call-arg]


def waiting_message(ctx: AppContext, key: str, queued: datetime) -> None:
    """A reminder to a consultant, queued at `queued` and never sent."""
    with ctx.unit_of_work() as session:
        queue_message(
            session,
            dedupe_key=key,
            kind="reminder",
            recipients=["mette.holm@example.dk"],
            context={
                "reference": "FT-2026-000001",
                "job_centre": "Jobcenter Ishøj",
                "link": "https://fasttrack.example.dk/sager/FT-2026-000001",
                "step_label": "Første opfølgningssamtale",
                "due": queued + timedelta(days=3),
            },
            now=queued,
        )
        session.commit()


def alerts(ctx: AppContext) -> list[OutboxMessage]:
    with ctx.unit_of_work() as session:
        return list(
            session.exec(
                select(OutboxMessage)
                .where(OutboxMessage.kind == "operations_alert")
                .order_by(col(OutboxMessage.id))
            )
        )


def look_and_tell(ctx: AppContext, now: datetime) -> Any:
    problems = look(ctx, SETTINGS, now=now, api_url=None)
    return watch(ctx, problems=problems, now=now, installation_admin=ADMIN, link=LINK)


def test_mail_waiting_less_than_the_limit_is_no_problem(ctx: AppContext) -> None:
    waiting_message(ctx, "r:1", START - timedelta(minutes=59))
    result = look_and_tell(ctx, START)
    assert result.problems == [] and alerts(ctx) == []


def test_mail_waiting_past_the_limit_alerts_the_admin_once_not_every_look(
    ctx: AppContext,
) -> None:
    waiting_message(ctx, "r:1", START - timedelta(minutes=95))
    waiting_message(ctx, "r:2", START - timedelta(minutes=5))
    first = look_and_tell(ctx, START)
    assert [problem.key for problem in first.problems] == ["outbox"]
    assert first.alerted == ["outbox"]
    assert "2 e-mails venter; den ældste har ventet 95 minutter (grænse 60" in (
        first.problems[0].detail
    )
    for minutes in (15, 30, 45, 60 * 23):  # the watchdog every 15 minutes, the day after
        later = look_and_tell(ctx, START + timedelta(minutes=minutes))
        assert later.alerted == [] and [p.key for p in later.problems] == ["outbox"]
    [alert] = alerts(ctx)
    assert alert.recipients == [ADMIN]
    assert rendered(alert).subject == "Fast track: Driftsalarm - E-mails venter"
    assert "95 minutter" in rendered(alert).text and LINK in rendered(alert).text
    # Nothing of the waiting messages: no recipient, no case, no step.
    for secret in ("mette.holm", "FT-2026-000001", "opfølgningssamtale"):
        assert secret not in rendered(alert).text + rendered(alert).html + rendered(alert).subject


def test_a_problem_still_open_after_a_day_is_told_again_as_a_reminder(ctx: AppContext) -> None:
    waiting_message(ctx, "r:1", START - timedelta(minutes=95))
    look_and_tell(ctx, START)
    again = look_and_tell(ctx, START + REMIND_AFTER)
    assert again.alerted == ["outbox"]
    _, reminder = alerts(ctx)
    assert rendered(reminder).subject == "Fast track: Driftsalarm (stadig åben) - E-mails venter"
    assert "stadig ikke løst" in rendered(reminder).text


def test_a_resolved_problem_that_recurs_is_a_new_alert(ctx: AppContext) -> None:
    waiting_message(ctx, "r:1", START - timedelta(minutes=95))
    look_and_tell(ctx, START)
    with ctx.unit_of_work() as session:  # the relay is fixed: everything goes out
        session.exec(update(OutboxMessage).values(status="sent"))  # type: ignore[call-overload]
        session.commit()
    resolved = look_and_tell(ctx, START + timedelta(minutes=15))
    assert resolved.problems == [] and resolved.resolved == ["outbox"]
    waiting_message(ctx, "r:2", START + timedelta(minutes=20))
    recurred = look_and_tell(ctx, START + timedelta(minutes=90))
    assert recurred.alerted == ["outbox"]
    assert len(alerts(ctx)) == 2
    with ctx.unit_of_work() as session:
        episodes = session.exec(select(OperationsAlert).order_by(col(OperationsAlert.id))).all()
    assert [(e.problem, e.resolved_at is not None) for e in episodes] == [
        ("outbox", True),
        ("outbox", False),
    ]


def test_the_alert_goes_to_the_installation_admin_and_every_system_admin(
    ctx: AppContext,
) -> None:
    with ctx.unit_of_work() as session:
        for email, system_admin, active in (
            ("system@jobcenter.example.dk", True, True),
            ("lokal@jobcenter.example.dk", False, True),
            ("tidligere@jobcenter.example.dk", True, False),
        ):
            session.add(
                User(
                    name="Admin",
                    email=email,
                    role="admin",
                    job_centre_id=1,
                    password_hash="x",
                    active=active,
                    created_at=START,
                    system_admin=system_admin,
                )
            )
        session.commit()
    problem = Problem("run:sweep", "Planlagt kørsel udeblevet: sweep", "Ingen kørsel.", START)
    watch(ctx, problems=[problem], now=START, installation_admin=ADMIN, link=LINK)
    [alert] = alerts(ctx)
    assert alert.recipients == [ADMIN, "system@jobcenter.example.dk"]


# --- a scheduled run that has not happened (Prefect's JSON; the flow test asks a real server) ---

NOW = datetime(2026, 11, 23, 13, 7, tzinfo=UTC)  # 14:07 in Copenhagen


def deployment(cron: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": "sweep",
        "created": "2026-11-01T00:00:00Z",
        "paused": False,
        "schedules": [
            {"active": True, "schedule": {"cron": cron, "timezone": "Europe/Copenhagen"}}
        ],
        **extra,
    }


def completed(at: datetime) -> dict[str, Any]:
    return {"expected_start_time": at.isoformat().replace("+00:00", "Z")}


@pytest.mark.parametrize(
    ("last_completed", "missed"),
    [
        (NOW - timedelta(minutes=5), False),  # on time
        (NOW - RUN_GRACE - timedelta(minutes=2), False),  # the last slot the grace allows: 12:35
        (NOW - RUN_GRACE - timedelta(minutes=7), True),  # 12:30: the 12:35 slot never completed
        (None, True),  # never
    ],
)
def test_a_deployment_is_missed_when_its_last_completed_run_is_before_the_last_due_slot(
    last_completed: datetime | None, missed: bool
) -> None:
    run = completed(last_completed) if last_completed else None
    problem = missed_run(deployment("*/5 * * * *"), run, NOW)
    assert (problem is not None) is missed
    if problem is not None:
        assert problem.key == "run:sweep"
        assert problem.since == datetime(2026, 11, 23, 12, 35, tzinfo=UTC)
        assert "*/5 * * * *" in problem.detail and "23.11.2026 kl. 13.35" in problem.detail


def test_a_weekly_schedule_is_due_only_after_its_day_in_local_time() -> None:
    monday_7 = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)  # 07:00 Copenhagen
    weekly = deployment("0 7 * * 1")
    last_week = completed(monday_7 - timedelta(days=7))
    assert missed_run(weekly, last_week, monday_7 + RUN_GRACE - timedelta(minutes=1)) is None
    assert missed_run(weekly, last_week, monday_7 + RUN_GRACE + timedelta(minutes=1)) is not None


def test_paused_new_and_unscheduled_deployments_are_not_missed_runs() -> None:
    assert missed_run(deployment("*/5 * * * *", paused=True), None, NOW) is None
    assert missed_run(deployment("*/5 * * * *", created="2026-11-23T13:00:00Z"), None, NOW) is None
    assert missed_run(deployment("*/5 * * * *", schedules=[]), None, NOW) is None
    inactive = deployment("*/5 * * * *")
    inactive["schedules"][0]["active"] = False
    assert missed_run(inactive, None, NOW) is None
