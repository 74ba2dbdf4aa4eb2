"""`fasttrack audit verify`: is the audit log's hash chain intact? And the audit entry every
command that reads or changes a case, a user or an API key writes."""

from __future__ import annotations

import typer

from fasttrack_core.cli.support import acting, emit, err, refusals_exit
from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import AuditAction
from fasttrack_core.services.audit import Actor, write, write_for_case

audit_app = typer.Typer(help="Adgangsloggen.", no_args_is_help=True)


def audited(
    ctx: AppContext, action: AuditAction, reference: str | None = None, detail: str | None = None
) -> None:
    """An entry by whoever runs the command (cli:<login>), at the wall clock's time."""
    if reference is None:
        write(ctx, Actor.command_line(), action, ctx.clock.now(), detail=detail)
    else:
        write_for_case(ctx, Actor.command_line(), action, ctx.clock.now(), reference, detail)


@audit_app.command("verify")
def audit_verify() -> None:
    """Kontrollér adgangsloggens kæde: hver post bærer den forriges hash (exit 1 ved brud)."""
    from fasttrack_core.services.audit import verify

    with refusals_exit():
        ctx, _ = acting(None)
        check = verify(ctx)
    emit({"intact": check.intact, "checked": check.checked, "broken_at": check.broken_at})
    if not check.intact:
        err.print(f"[bold red]Kæden er brudt:[/] {check.reason}.", highlight=False)
        raise typer.Exit(1)
    err.print(f"Kæden er intakt ({check.checked} poster).")
