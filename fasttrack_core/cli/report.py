"""`fasttrack report steering`: the steering group's report as HTML, PDF or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fasttrack_core.cli.support import err, parse_day, reading, refusals_exit
from fasttrack_core.errors import Refused
from fasttrack_core.reporting.document import Format, render
from fasttrack_core.reporting.figures import steering_figures
from fasttrack_core.reporting.periods import Period, Scope

report_app = typer.Typer(help="Rapporter.", no_args_is_help=True)
FORMATS: dict[str, Format] = {"html": "html", "pdf": "pdf", "json": "json"}


@report_app.command("steering")
def steering(
    first: Annotated[str, typer.Option("--from", help="Periodens første dag (ÅÅÅÅ-MM-DD).")],
    last: Annotated[str, typer.Option("--to", help="Periodens sidste dag (ÅÅÅÅ-MM-DD).")],
    out: Annotated[Path, typer.Option("--out", help="Filen, rapporten skrives til.")],
    format: Annotated[str, typer.Option("--format", help="html, pdf eller json.")] = "pdf",
    municipality: Annotated[
        str | None, typer.Option("--municipality", help="Kun én kommune (kommunekode).")
    ] = None,
    workplace: Annotated[
        str | None, typer.Option("--workplace", help="Kun én arbejdsgiver (CVR-nummer).")
    ] = None,
    consultant: Annotated[
        str | None, typer.Option("--consultant", help="Kun én konsulents sager (e-mail).")
    ] = None,
) -> None:
    """Statusrapport til styregruppen for en periode, sammenlignet med perioden før."""
    with refusals_exit():
        chosen = FORMATS.get(format)
        if chosen is None:
            raise Refused(f"Formatet '{format}' kendes ikke (brug html, pdf eller json).")
        if sum(bool(value) for value in (municipality, workplace, consultant)) > 1:
            raise Refused("Vælg højst én af --municipality, --workplace og --consultant.")
        period = Period.checked(parse_day(first), parse_day(last))
        ctx, now = reading()
        scope = Scope(municipality, workplace, consultant)
        figures = steering_figures(ctx, period, scope)
        content = render(figures, chosen, now)
    out.write_bytes(content)
    err.print(
        f"Styringsrapporten for {period.label()} ({figures.scope_label}) er skrevet til {out}."
    )


official_app = typer.Typer(
    help="Officielle tal til sammenligning (Jobindsats).", no_args_is_help=True
)
report_app.add_typer(official_app, name="official")


@official_app.command("import")
def official_import(file: Path) -> None:
    """Indlæs en tabel om sygedagpenge fra Jobindsats (CSV, hentet af dig); den vises i
    styringsrapporten ved siden af Fast track-tallene, mærket som en anden population."""
    from fasttrack_core.cli.support import acting
    from fasttrack_core.reporting.official import import_table

    with refusals_exit():
        try:
            text = file.read_text("utf-8")
        except FileNotFoundError:
            raise Refused(f"Filen {file} findes ikke.") from None
        except UnicodeDecodeError:
            raise Refused(f"Filen {file} er ikke UTF-8 (gem den som CSV UTF-8).") from None
        ctx, now = acting(None)
        count = import_table(ctx, text, as_of=now)
    err.print(f"{count} tal indlæst fra {file}.")
