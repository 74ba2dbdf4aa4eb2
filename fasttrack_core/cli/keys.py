"""`fasttrack keys rotate`: every encrypted value under a new data key, the old key retired."""

from __future__ import annotations

import typer

from fasttrack_core.cli.support import command_settings, emit, err, refusals_exit

keys_app = typer.Typer(help="Krypteringsnøgler.", no_args_is_help=True)


@keys_app.command("rotate")
def keys_rotate() -> None:
    """Tag en ny datanøgle i brug: alle krypterede værdier krypteres igen, den gamle udgår."""
    from fasttrack_core.bootstrap import build_context
    from fasttrack_core.keyring import rotate
    from fasttrack_core.migrations import upgrade_schema

    with refusals_exit():
        settings = command_settings()
        ctx = build_context(settings)
        upgrade_schema(ctx.engine)
        rotation = rotate(settings, ctx, ctx.clock.now())
    err.print(
        f"Alle værdier er nu krypteret med nøglen {rotation.key_id} ({rotation.cases} sager).",
        highlight=False,
    )
    emit({"key": rotation.key_id, "retired": rotation.retired, "cases": rotation.cases})
