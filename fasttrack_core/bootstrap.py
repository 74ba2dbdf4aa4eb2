"""Building a Context from the settings, and bringing the schema up to date."""

from __future__ import annotations

from email.utils import parseaddr
from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from fasttrack_core.clock import Clock, SystemClock
from fasttrack_core.crypto import CprVault
from fasttrack_core.danish_calendar import DanishCalendar
from fasttrack_core.db import Context, make_engine
from fasttrack_core.services.configuration import ensure_configured
from fasttrack_core.services.keyring import (
    create_private_database,
    load_data_keys,
    verify_data_key,
)
from fasttrack_core.settings import Settings


def build_context(settings: Settings, clock: Clock | None = None) -> Context:
    create_private_database(settings)
    engine = make_engine(settings.database_url)
    return Context(
        engine=engine,
        clock=clock or SystemClock(),
        vault=CprVault(load_data_keys(settings, engine)),
        calendar=DanishCalendar(),
        base_url=settings.base_url.rstrip("/"),
        sender=parseaddr(settings.smtp_sender)[1],
        admin_email=settings.admin_email,
    )


def upgrade_schema(engine: Engine) -> None:
    """Apply every Alembic migration (`fasttrack db upgrade`)."""
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("fasttrack_core").joinpath("migrations"))
    )
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def prepare(ctx: Context, settings: Settings) -> None:
    """Schema up to date and something configured: what every command that acts needs."""
    upgrade_schema(ctx.engine)
    verify_data_key(ctx)  # refuses to go on with a key the database does not know
    with ctx.unit_of_work() as session:
        ensure_configured(session, settings.config, ctx.clock.now())
