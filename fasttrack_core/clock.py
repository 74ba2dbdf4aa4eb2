"""Where "now" comes from. Services never read the wall clock; they are handed a Clock."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware."""
        ...


class SystemClock:
    """The wall clock, for the CLI and the flows."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that stands still until it is moved (tests)."""

    def __init__(self, at: datetime) -> None:
        self._at = require_aware(at)

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = require_aware(at)


def require_aware(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError("Tidspunktet mangler tidszone (fx +01:00).")
    return at
