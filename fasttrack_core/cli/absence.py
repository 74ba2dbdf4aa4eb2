"""`fasttrack absence import FILE.csv`: import an employer's absence registrations and raise the
absence alerts they call for (Hjørring; issue 16)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fasttrack_core.cli.support import AsOf, acting, emit, refusals_exit
from fasttrack_core.errors import Refused

absence_app = typer.Typer(help="Fraværsregistreringer og fraværsalarmer.", no_args_is_help=True)


@absence_app.command("import")
def absence_import(
    file: Annotated[Path, typer.Argument(help="CSV-fil fra løn- eller HR-systemet.")],
    as_of: AsOf = None,
) -> None:
    """Importér en fraværsfil; udskriver {"imported": N, "alerts": M} (samme fil igen: 0, 0)."""
    from fasttrack_core.services.absence_alerts import import_absence_file
    from fasttrack_core.services.audit import Actor

    with refusals_exit():
        try:
            content = file.read_bytes()
        except OSError:
            raise Refused(f"Filen {file} findes ikke eller kan ikke læses.") from None
        ctx, now = acting(as_of)
        result = import_absence_file(
            ctx, content=content, file_name=file.name, as_of=now, actor=Actor.command_line()
        )
    emit(result.as_dict())
