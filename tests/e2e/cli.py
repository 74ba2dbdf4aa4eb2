"""Driving the `fasttrack` command line in-process, as a user or a script would."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from fasttrack_core.cli import app
from tests.conftest import TEST_SECRET


class Fasttrack:
    """Runs `fasttrack ...` against one database, with JSON files written where needed."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.runner = CliRunner()
        self.env: dict[str, str | None] = {
            "FASTTRACK_DATABASE_URL": f"sqlite:///{workdir / 'fasttrack.db'}",
            "FASTTRACK_SECRET_KEY": TEST_SECRET,
            "FASTTRACK_CONFIG": None,  # the bundled demo configuration
            "FASTTRACK_LETTER_DIR": str(workdir / "letters"),  # not ./letters in the checkout
        }
        self._files = 0

    def run(self, *args: str, expect: int = 0) -> Any:
        result = self.runner.invoke(app, list(args), env=self.env)
        assert result.exit_code == expect, (
            f"{args}: {result.output}{result.stderr}{result.exception!r}"
        )
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self.run(*args).stdout)

    def file(self, payload: Any) -> str:
        self._files += 1
        path = self.workdir / f"data-{self._files}.json"
        path.write_text(json.dumps(payload), "utf-8")
        return str(path)

    def record(self, ref: str, kind: str, when: str, data: Any = None) -> Any:
        extra = ["--data", self.file(data)] if data is not None else []
        return self.json("case", "record", ref, kind, "--at", when, "--as-of", when, *extra)

    def sweep(self, when: str) -> Any:
        return self.json("sweep", "--as-of", when)
