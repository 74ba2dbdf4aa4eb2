"""Issue 12, defect 5 on the command line: every command that reads or changes a case, a user
or an API key leaves an audit entry with its purpose, and `fasttrack audit verify` finds the
first broken link of the chain."""

from __future__ import annotations

import getpass
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import Session, col, select

from fasttrack_core.cli import app
from fasttrack_core.db import make_engine
from fasttrack_core.models import AuditEntry
from tests.e2e.cli import Fasttrack


@pytest.fixture
def fasttrack(tmp_path: Path) -> Fasttrack:
    return Fasttrack(tmp_path)


def _entries(fasttrack: Fasttrack) -> list[AuditEntry]:
    engine = make_engine(fasttrack.env["FASTTRACK_DATABASE_URL"] or "")
    with Session(engine) as session:
        entries = list(session.exec(select(AuditEntry).order_by(col(AuditEntry.seq))).all())
    engine.dispose()
    return entries


def _execute(fasttrack: Fasttrack, statement: str) -> None:
    engine = make_engine(fasttrack.env["FASTTRACK_DATABASE_URL"] or "")
    with engine.begin() as connection:
        connection.execute(text(statement))
    engine.dispose()


def test_defect_5_every_command_on_a_case_a_user_or_a_key_is_in_the_audit_log(
    fasttrack: Fasttrack, ole: dict[str, Any]
) -> None:
    reference = fasttrack.json("request", "submit", fasttrack.file(ole))["case"]
    fasttrack.run("case", "show", reference)
    fasttrack.record(reference, "accepted", "2026-03-24T10:00:00+01:00")
    fasttrack.run("mail", "preview", "reminder", "--case", reference)
    consultant = fasttrack.json("case", "show", reference, "--json")["consultant"]
    fasttrack.run(
        "consultant", "absent", consultant, "--from", "2026-03-25", "--to", "2026-03-27",
        "--as-of", "2026-03-24T12:00:00+01:00",
    )  # fmt: skip
    added = fasttrack.runner.invoke(
        app,
        ["user", "add", "Mette", "--role", "consultant", "--email", "m@ishoj.example.dk",
         "--municipality", "183"],
        input="et langt nok kodeord\n",
        env=fasttrack.env,
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    fasttrack.run("user", "disable", "m@ishoj.example.dk")
    fasttrack.run("apikey", "create", "HR-system")
    fasttrack.run("apikey", "revoke", "HR-system")
    entries = _entries(fasttrack)
    cli = f"cli:{getpass.getuser()}"
    assert {entry.actor for entry in entries} == {cli}
    assert {entry.purpose for entry in entries} == {"sagsbehandling"}
    actions = [entry.action for entry in entries]
    for action in ("submit", "view", "change", "preview"):
        assert action in actions, action
    assert actions.count("access_change") == 4
    assert actions.count("view") == 2  # case show, twice
    details = " ".join(entry.detail or "" for entry in entries)
    assert "Ole" not in details and "030478" not in details
    verified = fasttrack.run("audit", "verify")
    assert json.loads(verified.stdout) == {
        "intact": True,
        "checked": len(entries),
        "broken_at": None,
    }


def test_defect_5_audit_verify_reports_the_first_changed_entry(
    fasttrack: Fasttrack, ole: dict[str, Any]
) -> None:
    reference = fasttrack.json("request", "submit", fasttrack.file(ole))["case"]
    for _ in range(3):
        fasttrack.run("case", "show", reference)
    _execute(fasttrack, "UPDATE audit_entry SET actor = 'someone else' WHERE seq = 2")
    broken = fasttrack.run("audit", "verify", expect=1)
    assert json.loads(broken.stdout) == {"intact": False, "checked": 1, "broken_at": 2}
    assert "post nr. 2 er ændret" in broken.stderr


def test_defect_5_audit_verify_reports_a_removed_entry(
    fasttrack: Fasttrack, ole: dict[str, Any]
) -> None:
    reference = fasttrack.json("request", "submit", fasttrack.file(ole))["case"]
    for _ in range(3):
        fasttrack.run("case", "show", reference)
    _execute(fasttrack, "DELETE FROM audit_entry WHERE seq = 3")
    assert json.loads(fasttrack.run("audit", "verify", expect=1).stdout)["broken_at"] == 3
    _execute(fasttrack, "DELETE FROM audit_entry WHERE seq = 4")  # now the last ones are gone
    assert json.loads(fasttrack.run("audit", "verify", expect=1).stdout)["broken_at"] == 3
