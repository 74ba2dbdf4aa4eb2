"""`fasttrack rules show`: the rules a case is judged by, with their sources."""

from __future__ import annotations

from typing import Annotated

import typer

from fasttrack_core.cli.support import emit, parse_day, reading, refusals_exit
from fasttrack_core.clock import SystemClock
from fasttrack_core.domain.calendar import local_date
from fasttrack_core.domain.rulesets import ruleset_on
from fasttrack_core.presentation.danish import ANCHOR_NAMES, UNIT_NAMES

rules_app = typer.Typer(help="Reglerne: frister, enheder, ankre og kilder.", no_args_is_help=True)


@rules_app.command("show")
def rules_show(
    municipality: Annotated[
        str | None, typer.Option("--municipality", help="Kommunekode: med jobcentrets politik.")
    ] = None,
    on: Annotated[
        str | None, typer.Option("--on", help="Regelsættet i kraft denne dag (ISO-dato).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Som JSON.")] = False,
) -> None:
    """Vis regelsættet i kraft på en dag (standard: i dag), evt. som et jobcenter anvender det."""
    from fasttrack_core.services.rules import as_applied_by_job_centre

    with refusals_exit():
        day = parse_day(on) if on is not None else local_date(SystemClock().now())
        ruleset = ruleset_on(day)
        if municipality is not None:
            ctx, _ = reading()
            ruleset = as_applied_by_job_centre(ctx, ruleset, municipality)
    if as_json:
        emit(ruleset.as_dict())
        return
    since = ruleset.effective_from.isoformat() if ruleset.effective_from else "før 2025"
    typer.echo(f"Regelsæt {ruleset.id} (fra {since})")
    for rule in ruleset.rules:
        amount = f"{rule.value} {UNIT_NAMES[rule.unit]}"
        typer.echo(f"{rule.id}: {amount} fra {ANCHOR_NAMES[rule.anchor]}. Kilde: {rule.source_da}")
