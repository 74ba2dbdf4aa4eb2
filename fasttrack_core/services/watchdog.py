"""The watchdog (issue 13, item 3): is mail waiting too long, has a scheduled run not happened?

`look` finds the problems: the oldest waiting outbox message older than
FASTTRACK_OUTBOX_ALERT_AFTER_MINUTES, and each scheduled fasttrack deployment whose last completed
run is older than its schedule allows (asked of the Prefect API). `watch` remembers them as
episodes (`OperationsAlert`) and emails the administrator through the outbox ONCE per episode: when
it opens, then again each day it stays open (REMIND_AFTER); a problem that is resolved and comes
back is a new episode, with a new email. Only counts, times and deployment names are said: no case,
no person.

The honest limit: when the relay itself is broken, the email waits in the outbox with the rest;
the flow's artifact and its failed run state show the problem in Prefect.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from cronsim import CronSim, CronSimError
from sqlalchemy import func
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import Role
from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.models import OperationsAlert, OutboxMessage, User
from fasttrack_core.notify.kinds import MessageKind
from fasttrack_core.notify.outbox import queue_message
from fasttrack_core.settings import Settings

# A scheduled run may start and finish this long after its slot before it counts as missed
# (a busy worker, a long sweep, the concurrency limit cancelling an overlapping run).
RUN_GRACE = timedelta(minutes=30)
# An episode still open this long after its last email is told again (once a day).
REMIND_AFTER = timedelta(hours=24)
# The deployments watched: those prefect.yaml (and `fasttrack up`) tag `fasttrack`.
DEPLOYMENT_TAG = "fasttrack"
OUTBOX = "outbox"
PREFECT = "prefect"
RUN = "run:"  # + the deployment's name


@dataclass(frozen=True)
class Problem:
    key: str  # outbox, prefect, run:<deployment>
    title: str  # Danish, short
    detail: str  # Danish: what was found, with counts and times; never personal data
    since: datetime


@dataclass(frozen=True)
class Watch:
    """What one look found, and what was told about it."""

    checked_at: datetime
    problems: list[Problem]
    opened_at: dict[str, datetime] = field(default_factory=dict)  # each problem's episode
    alerted: list[str] = field(default_factory=list)  # keys emailed about in this look
    resolved: list[str] = field(default_factory=list)  # episodes closed in this look

    def as_dict(self) -> dict[str, Any]:
        return {
            "checked_at": self.checked_at.isoformat(),
            "problems": [
                {**asdict(problem), "since": problem.since.isoformat()} for problem in self.problems
            ],
            "alerted": self.alerted,
            "resolved": self.resolved,
        }


def as_utc(moment: datetime) -> datetime:
    """A time from the database: SQLite's aggregates come back naive (UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def waiting_mail(ctx: AppContext) -> tuple[int, datetime | None]:
    """How many messages are waiting (pending or held), and when the oldest was queued."""
    with ctx.unit_of_work() as session:
        count, oldest = session.execute(
            select(func.count(), func.min(OutboxMessage.created_at)).where(
                col(OutboxMessage.status).in_(("pending", "held"))
            )
        ).one()
    return int(count), (as_utc(oldest) if oldest is not None else None)


def _local(moment: datetime) -> str:
    return f"{moment.astimezone(COPENHAGEN):%d.%m.%Y kl. %H.%M}"


def waiting_problem(ctx: AppContext, settings: Settings, now: datetime) -> Problem | None:
    """The outbox's oldest waiting (pending or held) message, if it waited past the limit."""
    count, oldest = waiting_mail(ctx)
    if oldest is None:
        return None
    waited = now - as_utc(oldest)
    limit = settings.outbox_alert_after_minutes
    if waited <= timedelta(minutes=limit):
        return None
    return Problem(
        OUTBOX,
        "E-mails venter",
        f"{count} e-mails venter; den ældste har ventet {int(waited.total_seconds() // 60)} "
        f"minutter (grænse {limit}, FASTTRACK_OUTBOX_ALERT_AFTER_MINUTES).",
        as_utc(oldest),
    )


def last_slot(cron: str, timezone: str | None, before: datetime) -> datetime | None:
    """The schedule's last time at or before `before` (searched up to a year back)."""
    zone = ZoneInfo(timezone) if timezone else UTC
    start = before.astimezone(zone).replace(second=0, microsecond=0, tzinfo=None)
    try:
        ticks = CronSim(cron, start, reverse=True)
        tick = next(ticks)
    except (CronSimError, StopIteration):
        return None
    moment = tick.replace(tzinfo=zone).astimezone(UTC)
    return moment if before - moment < timedelta(days=366) else None


def _timestamp(text: str | None) -> datetime | None:
    return as_utc(datetime.fromisoformat(text.replace("Z", "+00:00"))) if text else None


def missed_run(
    deployment: dict[str, Any], last_completed: dict[str, Any] | None, now: datetime
) -> Problem | None:
    """A deployment (Prefect's JSON) whose last completed run is older than its schedule allows:
    no completed run expected at or after the schedule's last slot before `now - RUN_GRACE`.
    A paused deployment, an inactive schedule and a slot before the deployment existed are not
    missed runs."""
    if deployment.get("paused"):
        return None
    created = _timestamp(deployment.get("created")) or now
    slots = []
    for entry in deployment.get("schedules") or []:
        schedule = entry.get("schedule") or {}
        if entry.get("active", True) and schedule.get("cron"):
            slot = last_slot(schedule["cron"], schedule.get("timezone"), now - RUN_GRACE)
            if slot is not None and slot >= created:
                slots.append((slot, schedule["cron"]))
    if not slots:
        return None
    slot, cron = max(slots)
    done = _timestamp((last_completed or {}).get("expected_start_time"))
    if done is not None and done >= slot:
        return None
    name = deployment["name"]
    last = f"siden {_local(done)}" if done else "endnu"
    return Problem(
        f"{RUN}{name}",
        f"Planlagt kørsel udeblevet: {name}",
        f"Ingen gennemført kørsel af {name} {last}; planen ({cron}) ventede en senest "
        f"{_local(slot)}. Kører en Prefect-worker for puljen, og er kørslerne ikke sat på pause?",
        slot,
    )


def missed_runs(api_url: str, now: datetime) -> list[Problem]:
    """Ask the Prefect API for the fasttrack deployments and each one's last completed run. A
    server without them finds nothing missed; a server that does not answer is a problem."""
    base = api_url.rstrip("/")
    try:
        with httpx.Client(base_url=base, timeout=10) as client:
            answer = client.post(
                "/deployments/filter",
                json={"deployments": {"tags": {"all_": [DEPLOYMENT_TAG]}}, "limit": 200},
            )
            answer.raise_for_status()
            problems = []
            for deployment in answer.json():
                runs = client.post(
                    "/flow_runs/filter",
                    json={
                        "deployments": {"id": {"any_": [deployment["id"]]}},
                        "flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}},
                        "sort": "EXPECTED_START_TIME_DESC",
                        "limit": 1,
                    },
                )
                runs.raise_for_status()
                found = runs.json()
                problem = missed_run(deployment, found[0] if found else None, now)
                if problem is not None:
                    problems.append(problem)
    except (httpx.HTTPError, ValueError, KeyError) as exc:
        return [
            Problem(
                PREFECT,
                "Prefect-API'et svarer ikke",
                f"Prefect-API'et {base} kunne ikke spørges om de planlagte kørsler "
                f"({type(exc).__name__}).",
                now,
            )
        ]
    return sorted(problems, key=lambda problem: problem.key)


def look(
    ctx: AppContext, settings: Settings, *, now: datetime, api_url: str | None
) -> list[Problem]:
    """Every problem the watchdog looks for (runs only when there is a Prefect API to ask)."""
    waiting = waiting_problem(ctx, settings, now)
    problems = [waiting] if waiting else []
    if api_url:
        problems.extend(missed_runs(api_url, now))
    return problems


def _administrators(ctx: AppContext, installation_admin: str) -> list[str]:
    """FASTTRACK_ADMIN_EMAIL and every active system administrator: the problems are the
    installation's, not one job centre's."""
    with ctx.unit_of_work() as session:
        emails = session.exec(
            select(User.email)
            .where(col(User.role) == Role.ADMIN, col(User.active), col(User.system_admin))
            .order_by(col(User.id))
        ).all()
    return list(dict.fromkeys([installation_admin, *emails]))


def watch(
    ctx: AppContext,
    *,
    problems: Sequence[Problem],
    now: datetime,
    installation_admin: str,
    link: str,
) -> Watch:
    """Open an episode for each new problem and close those no longer found; one email (through
    the outbox, in the same transaction) about the episodes that opened or are due a reminder."""
    recipients = _administrators(ctx, installation_admin)
    found = {problem.key: problem for problem in problems}
    with ctx.unit_of_work() as session:
        open_rows = {
            row.problem: row
            for row in session.exec(
                select(OperationsAlert).where(col(OperationsAlert.resolved_at).is_(None))
            )
        }
        resolved = sorted(key for key in open_rows if key not in found)
        for key in resolved:
            open_rows[key].resolved_at = now
        told: list[tuple[Problem, OperationsAlert, bool]] = []
        for problem in problems:
            row = open_rows.get(problem.key)
            if row is None:
                row = OperationsAlert(
                    problem=problem.key, detail=problem.detail, opened_at=now, alerted_at=now
                )
                told.append((problem, row, False))
            elif now - as_utc(row.alerted_at) >= REMIND_AFTER:
                row.alerted_at = now
                told.append((problem, row, True))
            row.detail = problem.detail
            session.add(row)
            open_rows[problem.key] = row
        session.flush()
        if told:
            queue_message(
                session,
                dedupe_key=f"{MessageKind.OPERATIONS_ALERT}:"
                + ",".join(f"{row.id}" for _, row, _ in told)
                + f"@{now.astimezone(UTC):%Y%m%dT%H%M%S}",
                kind=MessageKind.OPERATIONS_ALERT,
                recipients=recipients,
                context={
                    "reference": "",
                    "job_centre": "Jobcentret",
                    "link": link,
                    "checked_at": now,
                    "reminder": all(reminder for _, _, reminder in told),
                    "problems": [
                        {"title": problem.title, "detail": problem.detail, "since": problem.since}
                        for problem, _, _ in told
                    ],
                },
                now=now,
            )
        opened_at = {key: as_utc(open_rows[key].opened_at) for key in found}
        session.commit()
    return Watch(
        checked_at=now,
        problems=list(problems),
        opened_at=opened_at,
        alerted=[problem.key for problem, _, _ in told],
        resolved=resolved,
    )
