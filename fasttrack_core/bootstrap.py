"""The composition root: the one function that builds the AppContext from the settings."""

from __future__ import annotations

from email.utils import parseaddr

from fasttrack_core.clock import Clock, SystemClock
from fasttrack_core.crypto import CprVault, load_or_create_secret
from fasttrack_core.danish_calendar import DanishCalendar
from fasttrack_core.db import AppContext, make_engine
from fasttrack_core.settings import Settings


def build_context(settings: Settings, clock: Clock | None = None) -> AppContext:
    """What every use case acts through, for these settings; the wall clock unless told."""
    secret = load_or_create_secret(settings.secret_key, settings.secret_key_file)
    return AppContext(
        engine=make_engine(settings.database_url),
        clock=clock or SystemClock(),
        vault=CprVault(secret),
        calendar=DanishCalendar(),
        base_url=settings.base_url.rstrip("/"),
        sender=parseaddr(settings.smtp_sender)[1],
        admin_email=settings.admin_email,
    )
