"""The composition root: the one function that builds the AppContext from the settings."""

from __future__ import annotations

from email.utils import parseaddr

from fasttrack_core.clock import Clock, SystemClock
from fasttrack_core.crypto import CprVault
from fasttrack_core.danish_calendar import DanishCalendar
from fasttrack_core.db import AppContext, make_engine
from fasttrack_core.keyring import load_data_keys
from fasttrack_core.settings import Settings


def build_context(settings: Settings, clock: Clock | None = None) -> AppContext:
    """What every use case acts through, for these settings; the wall clock unless told. Builds
    nothing on disk but a key file for a database without encrypted data (the database file
    itself is made by `services.setup.prepare`, for the commands that act)."""
    engine = make_engine(settings.database_url, pool_size=settings.database_pool_size)
    return AppContext(
        engine=engine,
        clock=clock or SystemClock(),
        vault=CprVault(load_data_keys(settings, engine)),
        calendar=DanishCalendar(),
        base_url=settings.base_url.rstrip("/"),
        sender=parseaddr(settings.smtp_sender)[1],
        admin_email=settings.admin_email,
    )
