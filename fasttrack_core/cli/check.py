"""`fasttrack check`: what an operator runs after installing or changing settings."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from fasttrack_core.bootstrap import build_context
from fasttrack_core.cli.support import command_settings, emit, err
from fasttrack_core.clock import SystemClock
from fasttrack_core.errors import Refused


def check(
    as_json: Annotated[bool, typer.Option("--json", help="Som JSON.")] = False,
) -> None:
    """Tjek indstillinger, nøgle, database, SMTP, Prefect og udbakke; exit 1 ved problemer."""
    from fasttrack_core.services.health import check_everything

    settings = command_settings()  # an invalid setting stopped the command already (exit 2)
    try:
        ctx = build_context(settings)  # reads the data key: a missing or weak one is refused
    except Refused as problem:
        for reason in problem.reasons:
            err.print(f"[bold red]key:[/] {reason}", highlight=False)
        raise typer.Exit(1) from None
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
