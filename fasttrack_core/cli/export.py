"""`fasttrack export followups`: the follow-up record for the common data basis (BEK § 37)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fasttrack_core.cli.support import err, parse_day, reading, refusals_exit
from fasttrack_core.errors import Refused
from fasttrack_core.reporting.followups import Format, export_followups, write_private
from fasttrack_core.services.audit import Actor

export_app = typer.Typer(help="Udtræk til andre systemer.", no_args_is_help=True)
FORMATS: dict[str, Format] = {"csv": "csv", "json": "json"}


@export_app.command("followups")
def followups(
    first: Annotated[str, typer.Option("--from", help="Første dag (ÅÅÅÅ-MM-DD).")],
    last: Annotated[str, typer.Option("--to", help="Sidste dag (ÅÅÅÅ-MM-DD).")],
    format: Annotated[str, typer.Option("--format", help="csv eller json.")] = "csv",
    out: Annotated[
        Path | None, typer.Option("--out", help="Filen (kun læsbar for ejeren); ellers stdout.")
    ] = None,
) -> None:
    """Afholdte opfølgninger og berigtigelser registreret i perioden, med CPR-nummer, til det
    fælles datagrundlag (BEK § 37). Hver sag i udtrækket logges som eksporteret."""
    with refusals_exit():
        chosen = FORMATS.get(format)
        if chosen is None:
            raise Refused(f"Formatet '{format}' kendes ikke (brug csv eller json).")
        start, end = parse_day(first), parse_day(last)
        ctx, now = reading()
        export = export_followups(ctx, start, end, actor=Actor.command_line(), as_of=now)
    content = export.render(chosen)
    if out is None:
        typer.echo(content.decode(), nl=False)
    else:
        write_private(out, content)
    err.print(f"{len(export.records)} registreringer fra {export.cases} sager ({start}–{end}).")
