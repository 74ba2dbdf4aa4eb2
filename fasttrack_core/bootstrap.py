"""Building a Context from the settings, and bringing the schema up to date."""

from __future__ import annotations

from email.utils import parseaddr
from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from fasttrack_core.clock import Clock, SystemClock
from fasttrack_core.crypto import CprVault, load_or_create_secret
from fasttrack_core.danish_calendar import DanishCalendar
from fasttrack_core.db import Context, make_engine
from fasttrack_core.services.configuration import ensure_configured
from fasttrack_core.settings import Settings


def build_context(settings: Settings, clock: Clock | None = None) -> Context:
    secret = load_or_create_secret(settings.secret_key, settings.secret_key_file)
    return Context(
        engine=make_engine(settings.database_url),
        clock=clock or SystemClock(),
        vault=CprVault(secret),
        calendar=DanishCalendar(),
        base_url=settings.base_url.rstrip("/"),
        sender=parseaddr(settings.smtp_sender)[1],
    )


def alembic_config() -> Config:
    """Alembic's configuration: the migrations shipped in the package."""
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("fasttrack_core").joinpath("migrations"))
    )
    return config


def upgrade_schema(engine: Engine) -> None:
    """Apply every Alembic migration (`fasttrack db upgrade`)."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def prepare(ctx: Context, settings: Settings) -> None:
    """Schema up to date and something configured: what every command that acts needs."""
    upgrade_schema(ctx.engine)
    with ctx.unit_of_work() as session:
        ensure_configured(session, settings.config, ctx.clock.now())
