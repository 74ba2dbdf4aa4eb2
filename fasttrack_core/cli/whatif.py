"""`fasttrack whatif`: the simulator twice from the same seed and intake, today's configuration
against a scenario, the KPIs side by side as JSON (and the page with the charts)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Any

import typer

from fasttrack_core.cli.support import (
    emit,
    err,
    parse_day,
    reading,
    refusals_exit,
)
from fasttrack_core.errors import Refused
from fasttrack_core.reporting.whatif_page import render_whatif
from fasttrack_core.simulation.whatif import Run, Scenario, run_whatif


def _policy_value(text: str) -> tuple[str, Any]:
    key, sign, value = text.partition("=")
    if not sign or not key.strip():
        raise Refused(f"'{text}' er ikke NØGLE=VÆRDI (fx capacity_per_fte=30 eller roundtable=5d).")
    try:
        parsed: Any = tomllib.loads(f"v = {value}")["v"]
    except tomllib.TOMLDecodeError:
        parsed = value.strip()
    return key.strip(), parsed


def whatif(
    scenario_file: Annotated[
        Path | None, typer.Option("--scenario", help="Scenariet som TOML-fil.")
    ] = None,
    add_consultants: Annotated[
        int | None, typer.Option("--add-consultants", help="Konsulenter mere (negativ: færre).")
    ] = None,
    policy: Annotated[
        list[str] | None,
        typer.Option("--policy", help="En politikværdi i scenariet, NØGLE=VÆRDI (kan gentages)."),
    ] = None,
    municipality: Annotated[
        str | None, typer.Option("--municipality", help="Ét jobcenter (kommunekode).")
    ] = None,
    cases: Annotated[int, typer.Option("--cases", help="Antal sager.")] = 2000,
    days: Annotated[int, typer.Option("--days", help="Antal simulerede dage.")] = 365,
    seed: Annotated[int, typer.Option("--seed", help="Startværdi for tilfældighed.")] = 1,
    start: Annotated[str, typer.Option("--start", help="Første dag (ISO-dato).")] = "2026-01-05",
    html: Annotated[Path | None, typer.Option("--html", help="Skriv siden som HTML.")] = None,
    pdf: Annotated[Path | None, typer.Option("--pdf", help="Skriv siden som PDF.")] = None,
) -> None:
    """Hvad nu hvis: kør simulatoren to gange (i dag og scenariet) og sammenlign nøgletallene."""
    with refusals_exit():
        scenario = (
            Scenario.from_toml(_read(scenario_file)) if scenario_file else Scenario("Scenarie")
        )
        overrides = dict(_policy_value(text) for text in policy or [])
        scenario = Scenario(
            scenario.name,
            scenario.description,
            scenario.add_consultants if add_consultants is None else add_consultants,
            {**scenario.policy, **overrides},
        )
        run = Run(cases, days, seed, parse_day(start), municipality)
        ctx, now = reading()
        result = run_whatif(ctx, scenario, run)
    emit(result.to_json())
    if html is not None:
        html.write_bytes(render_whatif(result, "html", now))
    if pdf is not None:
        pdf.write_bytes(render_whatif(result, "pdf", now))
    err.print(f"Hvad nu hvis: {scenario.name}, {run.cases} sager over {run.days} dage, "
              f"{result.seconds:.1f} s.")  # fmt: skip


def _read(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except FileNotFoundError:
        raise Refused(f"Filen {path} findes ikke.") from None
