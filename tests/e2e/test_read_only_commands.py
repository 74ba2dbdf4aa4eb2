"""Commands that only read never migrate: on a database without the newest schema they refuse
in Danish (exit 2) and leave it as it was; after `fasttrack db upgrade` they work."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from fasttrack_core.db import make_engine
from tests.e2e.cli import Fasttrack

READ_ONLY = [
    ("case", "show", "FT-2026-000001"),
    ("mail", "preview", "reminder", "--case", "FT-2026-000001"),
    ("outbox", "list"),
]


def tables(database: Path) -> list[str]:
    engine = make_engine(f"sqlite:///{database}")
    try:
        return inspect(engine).get_table_names()
    finally:
        engine.dispose()


@pytest.mark.parametrize("command", READ_ONLY, ids=lambda command: " ".join(command[:2]))
def test_a_read_only_command_refuses_a_database_without_a_schema(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    fasttrack = Fasttrack(tmp_path)
    refused = fasttrack.run(*command, expect=2)
    assert "Databasen er ikke oprettet endnu. Kør `fasttrack db upgrade` først." in refused.stderr
    assert not (tmp_path / "fasttrack.db").exists()


def test_a_read_only_command_refuses_an_empty_database(tmp_path: Path) -> None:
    fasttrack = Fasttrack(tmp_path)
    (tmp_path / "fasttrack.db").touch()
    refused = fasttrack.run("case", "show", "FT-2026-000001", expect=2)
    assert "Databasen er ikke oprettet endnu. Kør `fasttrack db upgrade` først." in refused.stderr
    assert tables(tmp_path / "fasttrack.db") == []


def test_the_steering_report_refuses_an_old_schema_and_writes_no_file(tmp_path: Path) -> None:
    fasttrack = Fasttrack(tmp_path)
    fasttrack.run("db", "upgrade")
    engine = make_engine(f"sqlite:///{tmp_path / 'fasttrack.db'}")
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0002'"))
    engine.dispose()
    out = tmp_path / "report.json"
    arguments = ("report", "steering", "--from", "2026-01-01", "--to", "2026-03-31")
    refused = fasttrack.run(*arguments, "--format", "json", "--out", str(out), expect=2)
    assert "Databasens skema er ikke det nyeste. Kør `fasttrack db upgrade` først." in (
        refused.stderr
    )
    assert not out.exists()


def test_after_the_upgrade_a_read_only_command_reads(tmp_path: Path) -> None:
    fasttrack = Fasttrack(tmp_path)
    fasttrack.run("db", "upgrade")
    assert fasttrack.json("outbox", "list", "--json") == []
    missing = fasttrack.run("case", "show", "FT-2026-000001", expect=2)
    assert "FT-2026-000001" in missing.stderr
