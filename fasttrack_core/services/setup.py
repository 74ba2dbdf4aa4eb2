"""Preparing a database for the commands that act: the newest schema, and something configured."""

from __future__ import annotations

from fasttrack_core.db import AppContext
from fasttrack_core.keyring import create_private_database, verify_data_key
from fasttrack_core.migrations import upgrade_schema
from fasttrack_core.services.configuration import ensure_configured
from fasttrack_core.settings import Settings


def prepare(ctx: AppContext, settings: Settings) -> None:
    """Schema up to date and something configured (the bundled demo configuration when nothing
    is): what every command that acts, the web app and the flows need before their first use."""
    create_private_database(settings)  # before the first connection makes it with the umask's mode
    upgrade_schema(ctx.engine)
    verify_data_key(ctx)  # refuses to go on with a key the database does not know
    with ctx.unit_of_work() as session:
        ensure_configured(session, settings.config, ctx.clock.now())
