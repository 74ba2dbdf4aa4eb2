"""The `fasttrack` command in a process forked from one that has already imported it.

Importing the command line costs seconds of CPU (Typer, SQLAlchemy, the report's charts); the
crash tests start hundreds of commands, so each is forked from a preloaded forkserver instead of
started cold. What runs is the real command: `fasttrack_core.cli.app` with its own environment,
working directory, connections and exit status, killed with SIGKILL like any process.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from fasttrack_core.cli import app


def fasttrack(argv: list[str], env: dict[str, str], workdir: str) -> None:
    """Run `fasttrack ARGV` as this process: output to files in `workdir`, exit with its status."""
    os.environ.clear()
    os.environ.update(env)
    os.chdir(workdir)
    for stream, name in ((1, "stdout.txt"), (2, "stderr.txt")):
        handle = os.open(Path(workdir) / name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(handle, stream)
        os.close(handle)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    app(args=argv, prog_name="fasttrack")
