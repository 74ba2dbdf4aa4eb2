"""`fasttrack up`: the embedded default on one machine, in one command.

Starts a local Prefect server (SQLite under ./.prefect, PREFECT_HOME there too), prepares the
database (and seeds demo cases and demo logins into an empty one), runs the mail catcher and the
web app (Uvicorn in a thread), serves every deployment of prefect.yaml with its schedule in this
process, and stops it all on Ctrl-C.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from sqlalchemy import func, select

from fasttrack_core.bootstrap import build_context
from fasttrack_core.cli.support import command_settings
from fasttrack_core.clock import FixedClock
from fasttrack_core.domain.access import ROLE_NAMES
from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.embedded.prefect_server import (
    start_prefect_server,
    stop_prefect_server,
    wait_until_healthy,
)
from fasttrack_core.embedded.web_server import WebServer, first_free_port, port_taken, start_web
from fasttrack_core.models import Case
from fasttrack_core.orchestration.announce import UP_API_URL_FILE
from fasttrack_core.services.demo_logins import create_demo_logins
from fasttrack_core.services.setup import prepare
from fasttrack_core.settings import Settings

err = Console(stderr=True, highlight=False)

HOST = "127.0.0.1"
DEMO_SEED = 1


def seed_demo_cases(settings: Settings, cases: int, days: int) -> int:
    """Prepare the database; into an empty one, time-travel `cases` demo cases through the last
    `days` days, then tell Ishøj's demo story (`simulation.demo_story`: each demo login sees a
    full screen). Returns the cases opened."""
    now = datetime.now(COPENHAGEN)
    first_day = (now - timedelta(days=days)).date()
    clock = FixedClock(datetime.combine(first_day, datetime.min.time(), tzinfo=COPENHAGEN))
    ctx = build_context(settings, clock)
    try:
        prepare(ctx, settings)
        with ctx.unit_of_work() as session:
            existing = session.scalar(select(func.count()).select_from(Case)) or 0
        if existing or cases <= 0:
            return 0
        from fasttrack_core.simulation import run_simulation
        from fasttrack_core.simulation.demo_story import tell_demo_story

        opened = run_simulation(ctx, cases=cases, days=days, seed=DEMO_SEED).cases_opened
        return opened + len(tell_demo_story(ctx, now=now).cases)
    finally:
        ctx.engine.dispose()


def show_demo_logins(settings: Settings) -> None:
    """Create the demo logins where the demo runs and no one can sign in yet; show them once."""
    ctx = build_context(settings)
    try:
        logins = create_demo_logins(ctx, as_of=ctx.clock.now())
    finally:
        ctx.engine.dispose()
    if not logins:
        return
    err.print("\n[bold]Demo-logins[/] (vises kun denne ene gang – gem dem):")
    for login in logins:
        err.print(f"  {ROLE_NAMES[login.role]}: {login.email}")
    err.print(f"  Adgangskode (alle): {logins[0].password}")


def _use_web_port(settings: Settings, wanted: int) -> tuple[int, Settings]:
    """The web app's port (the next free one after `wanted` if that is taken), and the settings
    with links in messages pointing there unless FASTTRACK_BASE_URL says otherwise (the flow runs
    this process starts read it from the environment)."""
    port = first_free_port(HOST, wanted)
    if settings.base_url != Settings.model_fields["base_url"].default:
        return port, settings
    base_url = f"http://{HOST}:{port}"
    os.environ["FASTTRACK_BASE_URL"] = base_url
    return port, settings.model_copy(update={"base_url": base_url})


def _start_web(settings: Settings, port: int) -> WebServer:
    from fasttrack_core.web.app import app_from_settings

    return start_web(app_from_settings(settings), HOST, port)


def _start_catcher(settings: Settings) -> Any:
    """The mail catcher where the embedded default delivers (only for a local SMTP address)."""
    if settings.smtp_host not in ("127.0.0.1", "localhost", "::1"):
        return None
    from fasttrack_core.embedded.mail_catcher import start_catcher

    try:
        return start_catcher(settings.mail_dir, settings.smtp_host, settings.smtp_port)
    except OSError:
        err.print(
            f"[yellow]Bemærk:[/] port {settings.smtp_port} er optaget; e-mails går til det "
            "program, der lytter der (fx en anden `fasttrack mail catch`)."
        )
        return None


def up(
    port: Annotated[int, typer.Option("--port", help="Prefect-serverens port.")] = 4200,
    web_port: Annotated[
        int, typer.Option("--web-port", help="Webløsningens port (ellers den næste ledige).")
    ] = 8000,
    demo_cases: Annotated[
        int, typer.Option("--demo-cases", min=0, help="Demosager i en tom database.")
    ] = 30,
    demo_days: Annotated[
        int, typer.Option("--demo-days", min=1, help="Dage, demosagerne har kørt.")
    ] = 40,
) -> None:
    """Start det hele på denne maskine: Prefect, flows med tidsplaner, mailfangeren og
    webløsningen."""
    home = Path.cwd() / ".prefect"
    home.mkdir(exist_ok=True)
    api_url = f"http://{HOST}:{port}/api"
    if port_taken(HOST, port):
        err.print(f"[bold red]Fejl:[/] port {port} er optaget. Kører `fasttrack up` allerede?")
        raise typer.Exit(1)
    # Before Prefect is imported: this process and the flow runs it starts use this server.
    os.environ["PREFECT_HOME"] = str(home)
    os.environ["PREFECT_API_URL"] = api_url
    try:
        web_port, settings = _use_web_port(command_settings(), web_port)
    except RuntimeError as exc:
        err.print(f"[bold red]Fejl:[/] {exc}.")
        raise typer.Exit(1) from None
    err.print("Starter Prefect-serveren (SQLite i ./.prefect) ...")
    server = start_prefect_server(home, port)
    catcher = None
    web = None
    url_file = Path.cwd() / UP_API_URL_FILE
    try:
        seeded = seed_demo_cases(settings, demo_cases, demo_days)
        if seeded:
            err.print(f"{seeded} demosager oprettet (de seneste {demo_days} dage).")
        show_demo_logins(settings)
        catcher = _start_catcher(settings)
        web = _start_web(settings, web_port)
        wait_until_healthy(server, api_url)
        url_file.write_text(api_url + "\n", "utf-8")
        _serve(api_url, port, settings, catcher is not None, web.url)
    except RuntimeError as exc:
        err.print(f"[bold red]Fejl:[/] {exc}. Se {home / 'server.log'}.")
        raise typer.Exit(1) from None
    finally:
        url_file.unlink(missing_ok=True)
        if web is not None:
            web.stop()
        if catcher is not None:
            catcher.stop()
        stop_prefect_server(server)
        from fasttrack_core.orchestration.runtime import forget_contexts

        forget_contexts()
        err.print("Fast track er stoppet.")


def _serve(api_url: str, port: int, settings: Settings, catching: bool, web_url: str) -> None:
    from prefect import serve
    from prefect.settings import PREFECT_API_URL, PREFECT_HOME, temporary_settings

    from fasttrack_core.orchestration.deployments import load_specs, runner_deployments

    with temporary_settings(
        updates={PREFECT_API_URL: api_url, PREFECT_HOME: str(Path.cwd() / ".prefect")}
    ):
        deployments = runner_deployments(load_specs())
        err.print(
            f"\n[bold]Fast track kører.[/]\n  Webløsningen: {web_url} (log ind: /login)\n"
            f"  Anmodningsformularen: {web_url}/anmodning\n"
            f"  API'et: {web_url}/api/openapi.json\n"
            f"  Prefect-brugerfladen: http://{HOST}:{port}"
        )
        if catching:
            err.print(
                f"  Fangede e-mails: {settings.mail_dir.resolve()} "
                "(`fasttrack mail list`, `fasttrack mail show ID`)"
            )
        err.print(
            "  Flows: "
            + ", ".join(deployment.name for deployment in deployments)
            + " (tidsplaner i Europe/Copenhagen, se README)\n  Stop med Ctrl-C.\n"
        )
        serve(*deployments, pause_on_shutdown=False, print_starting_message=False)
