"""The `fasttrack` command line. Messages to users are Danish; `--json` output is JSON only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from fasttrack_core.bootstrap import build_context, prepare, upgrade_schema
from fasttrack_core.case_report import print_case_view
from fasttrack_core.clock import FixedClock, SystemClock
from fasttrack_core.db import Context
from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.errors import Refused
from fasttrack_core.settings import Settings

app = typer.Typer(
    help="Fast track: sager, frister og påmindelser for jobcentre.",
    no_args_is_help=True,
)
db_app = typer.Typer(help="Databasen.", no_args_is_help=True)
config_app = typer.Typer(
    help="Jobcentre, konsulenter, arbejdspladser og vagtplan.", no_args_is_help=True
)
request_app = typer.Typer(help="Anmodninger om Fast track.", no_args_is_help=True)
case_app = typer.Typer(help="Sager.", no_args_is_help=True)
consultant_app = typer.Typer(help="Konsulenter.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(config_app, name="config")
app.add_typer(request_app, name="request")
app.add_typer(case_app, name="case")
app.add_typer(consultant_app, name="consultant")

err = Console(stderr=True)


def parse_moment(text: str | None) -> datetime:
    """An ISO date-time; without a time zone it is Danish local time. None means now."""
    if text is None:
        return SystemClock().now()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise Refused(
            f"'{text}' er ikke et tidspunkt (brug fx 2026-03-24T09:30:00+01:00)."
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=COPENHAGEN)


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Refused(f"'{text}' er ikke en dato (brug fx 2026-07-01).") from None


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise Refused(f"Filen {path} findes ikke.") from None
    except json.JSONDecodeError as exc:
        raise Refused(f"Filen {path} er ikke gyldig JSON (linje {exc.lineno}).") from None


def emit(payload: Any) -> None:
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))


@contextmanager
def refusals_exit() -> Iterator[None]:
    """A refusal prints its Danish reasons on stderr and exits 2; nothing has been written."""
    try:
        yield
    except Refused as refused:
        for reason in refused.reasons:
            err.print(f"[bold red]Afvist:[/] {reason}", highlight=False)
        raise typer.Exit(2) from None


def acting(as_of: str | None) -> tuple[Context, datetime]:
    """A prepared context whose recorded time is the wall clock, and the business time."""
    settings = Settings()
    ctx = build_context(settings)
    prepare(ctx, settings)
    return ctx, parse_moment(as_of)


AsOf = Annotated[
    str | None,
    typer.Option("--as-of", help="Forretningstid (ISO-tidspunkt); standard: nu."),
]


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Opret eller opdater databasens skema."""
    settings = Settings()
    upgrade_schema(build_context(settings).engine)
    err.print("Databasen er opdateret.")


@config_app.command("load")
def config_load(file: Path, as_of: AsOf = None) -> None:
    """Indlæs en konfigurationsfil (TOML)."""
    from fasttrack_core.services.configuration import load_config

    with refusals_exit():
        ctx, now = acting(as_of)
        with ctx.unit_of_work() as session:
            summary = load_config(session, file.read_text("utf-8"), str(file), now)
    emit(summary)


@request_app.command("submit")
def request_submit(file: Path, as_of: AsOf = None) -> None:
    """Modtag en anmodning om Fast track (JSON)."""
    from fasttrack_core.services.intake import submit_request

    with refusals_exit():
        ctx, now = acting(as_of)
        result = submit_request(ctx, read_json(file), now)
    emit(
        {
            "case": result.reference,
            "created": result.created,
            "status": result.status,
            "consultant_id": result.consultant_id,
        }
    )


@case_app.command("show")
def case_show(
    reference: str,
    as_json: Annotated[bool, typer.Option("--json", help="Som JSON.")] = False,
) -> None:
    """Vis en sag: status, konsulent, skridt med frister og tidslinje."""
    from fasttrack_core.services.queries import case_view

    with refusals_exit():
        ctx, _ = acting(None)
        view = case_view(ctx, reference)
    if as_json:
        emit(view)
    else:
        print_case_view(view)


@case_app.command("record")
def case_record(
    reference: str,
    kind: str,
    at: Annotated[str, typer.Option("--at", help="Hvornår det skete (ISO-tidspunkt).")],
    data: Annotated[Path | None, typer.Option("--data", help="Hændelsens data (JSON-fil).")] = None,
    as_of: AsOf = None,
) -> None:
    """Registrér en hændelse på en sag (fx followup_held)."""
    from fasttrack_core.services.recording import record_event

    with refusals_exit():
        ctx, now = acting(as_of)
        moment = parse_moment(at)
        result = record_event(ctx, reference, kind, moment, read_json(data) if data else None, now)
    for warning in result.warnings:
        err.print(f"[yellow]Bemærk:[/] {warning}", highlight=False)
    emit(
        {
            "case": result.reference,
            "event": result.kind,
            "status": result.status,
            "duplicate": result.duplicate,
        }
    )


@consultant_app.command("absent")
def consultant_absent(
    email: str,
    starts_on: Annotated[str, typer.Option("--from", help="Første fraværsdag.")],
    ends_on: Annotated[str, typer.Option("--to", help="Sidste fraværsdag.")],
    as_of: AsOf = None,
) -> None:
    """Meld en konsulent fraværende; de åbne sager flyttes til en kollega."""
    from fasttrack_core.services.assignment import mark_absent

    with refusals_exit():
        ctx, now = acting(as_of)
        result = mark_absent(ctx, email, parse_day(starts_on), parse_day(ends_on), now)
    emit({"consultant": result.consultant, "reassigned": result.reassigned})


@app.command("sweep")
def sweep(as_of: AsOf = None) -> None:
    """Find skridt, der er forfaldne eller skal have påmindelse, og registrér det (JSON)."""
    from fasttrack_core.services.sweep import advance

    with refusals_exit():
        ctx, now = acting(as_of)
        summary = advance(ctx, now)
    emit(summary.as_dict())


@app.command("digest")
def digest(as_of: AsOf = None) -> None:
    """Læg ugens overblik i udbakken til hver konsulent med åbne frister (én gang pr. uge)."""
    from fasttrack_core.services.digest import queue_weekly_digests

    with refusals_exit():
        ctx, now = acting(as_of)
        queued = queue_weekly_digests(ctx, now)
    emit({"as_of": now.isoformat(), "digests": queued})


@app.command("simulate")
def simulate(
    cases: Annotated[int, typer.Option("--cases", min=1, help="Antal sager.")] = 200,
    days: Annotated[int, typer.Option("--days", min=1, help="Antal simulerede dage.")] = 120,
    seed: Annotated[int, typer.Option("--seed", help="Startværdi for tilfældighed.")] = 1,
    start: Annotated[
        str, typer.Option("--start", help="Første simulerede dag (ISO-dato).")
    ] = "2026-01-05",
    as_json: Annotated[bool, typer.Option("--json", help="Resumé som JSON.")] = False,
) -> None:
    """Tidsrejse: kør genererede sager gennem simulerede dage i den konfigurerede database."""
    from fasttrack_core.simulation import run_simulation
    from fasttrack_core.simulation_report import print_summary

    with refusals_exit():
        settings = Settings()
        first_day = parse_day(start)
        clock = FixedClock(datetime.combine(first_day, datetime.min.time(), tzinfo=COPENHAGEN))
        ctx = build_context(settings, clock)
        prepare(ctx, settings)
        summary = run_simulation(ctx, cases=cases, days=days, seed=seed, show_progress=not as_json)
    if as_json:
        emit(summary.as_dict())
    else:
        print_summary(summary)
