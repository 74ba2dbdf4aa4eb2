"""`fasttrack retention apply`: remove what has outlived its retention period (or, with
--dry-run, say what that would be)."""

from __future__ import annotations

from typing import Annotated

import typer

from fasttrack_core.cli.support import AsOf, acting, command_settings, emit, refusals_exit

retention_app = typer.Typer(help="Sletning efter opbevaringsperioderne.", no_args_is_help=True)


@retention_app.command("apply")
def retention_apply(
    as_of: AsOf = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Vis kun, hvad der ville blive slettet.")
    ] = False,
) -> None:
    """Anonymisér lukkede sager og slet gamle e-mails, mailfiler, svar, logposter, sessioner og
    mislykkede log ind-forsøg (JSON)."""
    from fasttrack_core.services.retention import RetentionPolicy, apply_retention

    with refusals_exit():
        ctx, now = acting(as_of)
        settings = command_settings()
        policy = RetentionPolicy.from_settings(settings)
        result = apply_retention(ctx, policy, now, settings.mail_dir, dry_run=dry_run)
    emit(result.as_dict())
