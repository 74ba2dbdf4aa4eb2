"""The benchmarks' context: the one composition root (`build_context`) on a SQLite file, with a
fixed clock and a benchmark secret instead of what the environment says."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from fasttrack_core.bootstrap import build_context
from fasttrack_core.clock import FixedClock
from fasttrack_core.db import AppContext
from fasttrack_core.settings import load_settings


def sqlite_context(path: Path, at: datetime, secret: str) -> AppContext:
    """A context on the SQLite database at `path` whose clock stands at `at`."""
    settings = load_settings().model_copy(
        update={"database_url": f"sqlite:///{path}", "secret_key": secret}
    )
    return build_context(settings, FixedClock(at))
