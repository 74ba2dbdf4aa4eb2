"""Logging, configured once by each entry point (the CLI, the web app's factory, a flow process).

Library modules only ask for `logging.getLogger(__name__)`. The format names the time, the level
and the module; what a message says is the caller's, and no message carries personal data
(references, counts, ids and exception types only).
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# The loggers of this project; others (Prefect, Uvicorn) keep their own levels.
PROJECT_LOGGERS = ("fasttrack_core", "flows")


class _CurrentStderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is when a record comes (a test runner may swap it)."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


def configure_logging(level: str) -> None:
    """Our loggers at `level`; records go to stderr in FORMAT unless the process already has a
    logging configuration (Prefect's in a flow run, pytest's), which then receives them."""
    root = logging.getLogger()
    if not root.handlers:
        handler = _CurrentStderr()
        handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(handler)
    for name in PROJECT_LOGGERS:
        logging.getLogger(name).setLevel(level)
