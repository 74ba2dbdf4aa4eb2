"""`fasttrack web`: the web app (forms, the consultants' workspace and the API)."""

from __future__ import annotations

from typing import Annotated

import typer

from fasttrack_core.cli.support import command_settings, err, refusals_exit

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
WORKER_STARTUP_S = 120


def serve(
    host: Annotated[str, typer.Option("--host", help="Adressen, der lyttes på.")] = DEFAULT_HOST,
    port: Annotated[int, typer.Option("--port", help="Porten, der lyttes på.")] = DEFAULT_PORT,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", min=1, help="Processer (på PostgreSQL fx én pr. kerne; SQLite: 1)."
        ),
    ] = 1,
) -> None:
    """Kør webløsningen (formularer, konsulenternes arbejdsplads og API'et)."""
    import uvicorn

    from fasttrack_core.web.app import app_from_settings

    with refusals_exit():
        app = app_from_settings(
            command_settings()
        )  # prepares the database once, before any worker starts
    err.print(f"Webløsningen kører på http://{host}:{port}/ (stop med Ctrl-C).", highlight=False)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    else:  # each worker process builds its own app
        uvicorn.run(
            f"{app_from_settings.__module__}:{app_from_settings.__name__}",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            # A worker answers Uvicorn's health check only once it has imported the app (a spawned
            # process imports this command again); on a busy machine that takes longer than the
            # default 5 s, and the worker was killed and started again, forever (issue 13).
            timeout_worker_healthcheck=WORKER_STARTUP_S,
        )
