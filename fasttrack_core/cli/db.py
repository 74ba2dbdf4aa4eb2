"""`fasttrack db ...`: the schema, and backups of the case database."""

from __future__ import annotations

from pathlib import Path

import typer

from fasttrack_core.bootstrap import build_context
from fasttrack_core.cli.support import command_settings, err, refusals_exit
from fasttrack_core.migrations import upgrade_schema

db_app = typer.Typer(help="Databasen.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Opret eller opdater databasens skema."""
    with refusals_exit():
        upgrade_schema(build_context(command_settings()).engine)
    err.print("Databasen er opdateret.")


@db_app.command("backup")
def db_backup(path: Path) -> None:
    """Tag en sikkerhedskopi af databasen, mens systemet kører (nøglen kopieres ikke med)."""
    from fasttrack_core.services.backup import backup

    with refusals_exit():
        backup(command_settings().database_url, path)
    err.print(f"Sikkerhedskopien er gemt i {path}. Husk: nøglen opbevares for sig.")


@db_app.command("restore")
def db_restore(path: Path) -> None:
    """Gendan en sikkerhedskopi i en tom database."""
    from fasttrack_core.services.backup import restore

    with refusals_exit():
        restore(command_settings().database_url, path)
    err.print(f"Databasen er gendannet fra {path}.")
