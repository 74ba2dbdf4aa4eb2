"""`fasttrack check`: what an operator runs after installing or changing settings."""

from __future__ import annotations

from typing import Annotated

import typer
from pydantic import ValidationError
from rich.table import Table

from fasttrack_core.bootstrap import build_context
from fasttrack_core.cli.support import emit, err
from fasttrack_core.clock import SystemClock
from fasttrack_core.settings import Settings


def check(
    as_json: Annotated[bool, typer.Option("--json", help="Som JSON.")] = False,
) -> None:
    """Tjek indstillinger, nøgle, database, SMTP, Prefect og udbakke; exit 1 ved problemer."""
    from fasttrack_core.services.health import check_everything

    try:
        settings = Settings()
    except ValidationError as exc:
        for error in exc.errors():
            name = "FASTTRACK_" + "_".join(str(part) for part in error["loc"]).upper()
            err.print(f"[bold red]Indstilling:[/] {name} er ugyldig ({error['msg']}).")
        raise typer.Exit(1) from None
    ctx = build_context(settings)
    try:
        findings = check_everything(ctx, settings, SystemClock().now())
    finally:
        ctx.engine.dispose()
    if as_json:
        emit([finding.as_dict() for finding in findings])
    else:
        table = Table("Tjek", "Status", "Fundet", title="fasttrack check")
        for finding in findings:
            status = "[green]i orden[/]" if finding.ok else "[bold red]problem[/]"
            table.add_row(finding.check, status, finding.detail)
        err.print(table)
    if not all(finding.ok for finding in findings):
        raise typer.Exit(1)
