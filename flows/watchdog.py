"""The watchdog: every 15 minutes, is mail waiting too long, has a scheduled run not happened?

The administrator is emailed once per problem (services/watchdog.py); the result is a Markdown
artifact (key `watchdog`) every run, and the run fails while a problem is open, so Prefect shows
it even when the relay that would carry the email is the problem.

No `alert_admin` hook here: a failed watchdog run is the problem it reports, already told once;
the hook would email it again every 15 minutes.
"""

from __future__ import annotations

from datetime import datetime

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact

from fasttrack_core.orchestration.runtime import (
    business_time,
    describe_run,
    flow_runtime,
    local_minute,
    parameter,
)
from fasttrack_core.services.watchdog import Watch, look, watch
from flows._decorators import retrying_task
from flows._tasks import deliver_messages

ARTIFACT_KEY = "watchdog"


def _prefect_urls() -> tuple[str | None, str]:
    """The API to ask about the schedules, and where the administrator sees the artifact."""
    from prefect.settings import PREFECT_API_URL, PREFECT_UI_URL

    api = PREFECT_API_URL.value()
    ui = str(PREFECT_UI_URL.value() or "http://127.0.0.1:4200").rstrip("/")
    return (str(api) if api else None), f"{ui}/artifacts/key/{ARTIFACT_KEY}"


@retrying_task("watch", "se efter driftsproblemer")
def look_and_tell(as_of: datetime) -> Watch:
    runtime = flow_runtime()
    api_url, link = _prefect_urls()
    problems = look(runtime.ctx, runtime.settings, now=as_of, api_url=api_url)
    return watch(
        runtime.ctx,
        problems=problems,
        now=as_of,
        installation_admin=runtime.settings.admin_email,
        link=link,
    )


def watch_markdown(result: Watch) -> str:
    """The artifact: each open problem with its episode's start, and what was told or resolved."""
    lines = [f"# Overvågning {local_minute(result.checked_at)}", ""]
    if not result.problems:
        lines.append("Ingen driftsproblemer: udbakken og de planlagte kørsler er i orden.")
    else:
        lines += ["| Problem | Siden | Fundet | Administrator |", "|---|---|---|---|"]
        for problem in result.problems:
            told = "underrettet nu" if problem.key in result.alerted else "allerede underrettet"
            since = local_minute(result.opened_at.get(problem.key, problem.since))
            lines.append(f"| {problem.title} | {since} | {problem.detail} | {told} |")
    if result.resolved:
        lines += ["", "Løst siden sidst: " + ", ".join(f"`{key}`" for key in result.resolved)]
    return "\n".join(lines) + "\n"


def _run_name() -> str:
    return f"watchdog {local_minute(business_time(parameter('as_of')))}"


@flow(name="watchdog", flow_run_name=_run_name)
def watchdog_flow(as_of: str | None = None) -> dict[str, object]:
    """Look for problems at `as_of` (default: the scheduled time); fail while any is open."""
    now = business_time(as_of)
    result = look_and_tell(now)
    if result.alerted:
        # Now, not at the next delivery run: the missing run may be the delivery's own.
        deliver_messages(now)
    create_markdown_artifact(
        watch_markdown(result),
        key=ARTIFACT_KEY,
        description=f"Overvågning {local_minute(now)}: {len(result.problems)} driftsproblemer.",
    )
    logger = get_run_logger()
    for problem in result.problems:
        logger.warning("%s: %s", problem.key, problem.detail)
    if result.problems:
        raise RuntimeError(
            "Driftsproblemer: " + ", ".join(problem.key for problem in result.problems)
        )
    describe_run(f"watchdog {local_minute(now)} · i orden")
    return result.as_dict()
