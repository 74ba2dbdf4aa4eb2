"""Operator commands through the CLI: `fasttrack check`, `fasttrack db backup` and `restore`."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from fasttrack_core.db import make_engine
from tests.conftest import POSTGRES_URL
from tests.e2e.cli import Fasttrack
from tests.smtp_servers import RecordingHandler, free_port, smtp_server


def simulated(tmp_path: Path, database_url: str | None = None) -> Fasttrack:
    tmp_path.mkdir(exist_ok=True)
    cli = Fasttrack(tmp_path)
    if database_url is not None:
        cli.env["FASTTRACK_DATABASE_URL"] = database_url
    cli.run("simulate", "--cases", "12", "--days", "40", "--seed", "3", "--start", "2026-03-02")
    return cli


def every_case(cli: Fasttrack) -> dict[str, Any]:
    references = sorted(
        row[0]
        for row in make_engine(str(cli.env["FASTTRACK_DATABASE_URL"]))
        .connect()
        .execute(text("SELECT reference FROM fasttrack_case"))
    )
    assert references
    return {ref: cli.json("case", "show", ref, "--json") for ref in references}


def numbering_continues(cli: Fasttrack, before: dict[str, Any], request: dict[str, Any]) -> None:
    """A new case after the restore takes the number after the last one restored (on
    PostgreSQL the year's sequence came back with the data)."""
    year = request["requested_at"][:4]
    last = max(int(ref.rsplit("-", 1)[1]) for ref in before if ref.startswith(f"FT-{year}-"))
    reference = cli.json("request", "submit", cli.file(request))["case"]
    assert reference == f"FT-{year}-{last + 1:06d}"


def test_a_sqlite_backup_restored_in_an_empty_directory_shows_every_case_alike(
    tmp_path: Path, ole: dict[str, Any]
) -> None:
    live = simulated(tmp_path / "live")
    before = every_case(live)
    backup = tmp_path / "backup.db"
    live.run("db", "backup", str(backup))
    assert oct(backup.stat().st_mode & 0o777) == "0o600"
    live.run("db", "backup", str(backup), expect=2)  # never overwrites a backup

    restored = Fasttrack(tmp_path / "empty")
    (tmp_path / "empty").mkdir()
    restored.env["FASTTRACK_SECRET_KEY"] = live.env["FASTTRACK_SECRET_KEY"]
    restored.run("db", "restore", str(backup))
    assert every_case(restored) == before
    restored.run("db", "restore", str(backup), expect=2)  # never over a database with data
    numbering_continues(restored, before, ole)


@pytest.mark.postgres
def test_a_postgresql_backup_restored_into_an_empty_schema_shows_every_case_alike(
    tmp_path: Path, ole: dict[str, Any]
) -> None:
    schema = f"fasttrack_backup_{os.getpid()}"
    admin = make_engine(POSTGRES_URL)
    try:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as exc:  # the postgres marker's fixtures skip the same way
        if os.environ.get("FASTTRACK_REQUIRE_POSTGRES"):
            raise
        pytest.skip(f"PostgreSQL is not reachable: {exc}")
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    try:
        live = simulated(tmp_path, url)
        before = every_case(live)
        backup = tmp_path / "backup.dump"
        live.run("db", "backup", str(backup))
        with admin.begin() as connection:  # everything gone
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {schema}"))
        live.run("db", "restore", str(backup))
        assert every_case(live) == before
        numbering_continues(live, before, ole)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


def test_check_passes_on_a_working_installation(tmp_path: Path) -> None:
    handler = RecordingHandler()
    with smtp_server(handler) as server:
        cli = simulated(tmp_path)
        cli.env.update(FASTTRACK_SMTP_PORT=str(server.port), PREFECT_API_URL=None)
        cli.run("outbox", "send")
        findings = json.loads(cli.run("check", "--json").stdout)
    assert {finding["check"]: finding["ok"] for finding in findings} == {
        "key": True,
        "database": True,
        "migrations": True,
        "smtp": True,
        "prefect": True,
        "outbox": True,
    }


def test_check_names_each_problem_and_exits_non_zero(tmp_path: Path) -> None:
    cli = simulated(tmp_path)  # its messages are never sent: the outbox has waited for weeks
    cli.env.update(
        FASTTRACK_SMTP_PORT=str(free_port()),  # nothing listens
        PREFECT_API_URL=f"http://127.0.0.1:{free_port()}/api",
    )
    result = cli.run("check", "--json", expect=1)
    findings = {finding["check"]: finding for finding in json.loads(result.stdout)}
    assert not findings["smtp"]["ok"]
    assert not findings["prefect"]["ok"]
    assert not findings["outbox"]["ok"]
    assert "fasttrack outbox list" in findings["outbox"]["detail"]
    assert findings["database"]["ok"] and findings["migrations"]["ok"]


def test_check_says_when_the_schema_is_behind(tmp_path: Path) -> None:
    cli = Fasttrack(tmp_path)
    cli.env["FASTTRACK_SMTP_PORT"] = str(free_port())
    result = cli.run("check", "--json", expect=1)
    findings = {finding["check"]: finding for finding in json.loads(result.stdout)}
    assert "fasttrack db upgrade" in findings["migrations"]["detail"]
    assert "outbox" not in findings


def test_check_names_a_username_the_relay_cannot_use(tmp_path: Path) -> None:
    with smtp_server(RecordingHandler()) as server:
        cli = Fasttrack(tmp_path)
        cli.env.update(
            FASTTRACK_SMTP_PORT=str(server.port),
            FASTTRACK_SMTP_USERNAME="fasttrack",
            FASTTRACK_SMTP_PASSWORD="x",
        )
        result = cli.run("check", "--json", expect=1)
    smtp = next(f for f in json.loads(result.stdout) if f["check"] == "smtp")
    assert "FASTTRACK_SMTP_USERNAME" in smtp["detail"]


def test_check_names_an_invalid_setting(tmp_path: Path) -> None:
    cli = Fasttrack(tmp_path)
    cli.env["FASTTRACK_SMTP_PORT"] = "femogtyve"
    result = cli.run("check", expect=2)
    assert "FASTTRACK_SMTP_PORT er ugyldig" in result.stderr
    assert "Traceback" not in result.stderr
