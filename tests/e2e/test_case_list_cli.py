"""`fasttrack case list`: every case as JSON, filtered and paged, read-only, audited; a filter
that makes no sense is refused in Danish (exit 2)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from fasttrack_core.clock import FixedClock
from fasttrack_core.crypto import CprVault
from fasttrack_core.danish_calendar import DanishCalendar
from fasttrack_core.db import AppContext, make_engine
from fasttrack_core.models import AuditEntry
from tests.conftest import START, TEST_SECRET
from tests.e2e.cli import Fasttrack


def submit(fasttrack: Fasttrack, request: dict[str, Any], cpr: str, municipality: str) -> str:
    changed = copy.deepcopy(request)
    changed["employee"].update(cpr=cpr, residence_municipality=municipality)
    result = fasttrack.json(
        "request", "submit", fasttrack.file(changed), "--as-of", START.isoformat()
    )
    reference: str = result["case"]
    return reference


def listed(fasttrack: Fasttrack, *options: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(
        fasttrack.run("case", "list", *options, "--json").stdout
    )
    return rows


def test_case_list_prints_each_case_with_its_status_consultant_and_next_deadline(
    tmp_path: Path, ole: dict[str, Any]
) -> None:
    fasttrack = Fasttrack(tmp_path)
    ishoj = submit(fasttrack, ole, "0304785678", "183")
    kolding = submit(fasttrack, ole, "0303801234", "621")
    rows = listed(fasttrack)
    assert {row["reference"] for row in rows} == {ishoj, kolding}
    first = next(row for row in rows if row["reference"] == ishoj)
    assert first["status"] == "awaiting_acceptance" and "@" in first["consultant"]
    # The notice went at intake; the answer is due 2 bank days later (as `case show`: UTC).
    assert first["next_due"] == "2026-03-26T22:59:59+00:00"
    assert "Ole" not in json.dumps(rows) and "0304785678" not in json.dumps(rows)
    assert [r["reference"] for r in listed(fasttrack, "--municipality", "621")] == [kolding]
    mine = listed(fasttrack, "--consultant", first["consultant"].upper())
    assert ishoj in {r["reference"] for r in mine}
    assert listed(fasttrack, "--status", "closed") == []
    # The wall clock is long past March 2026: every open case is overdue.
    assert {r["reference"] for r in listed(fasttrack, "--overdue")} == {ishoj, kolding}
    pages = [listed(fasttrack, "--limit", "1", "--page", n) for n in ("1", "2", "3")]
    assert [len(p) for p in pages] == [1, 1, 0]
    assert {pages[0][0]["reference"], pages[1][0]["reference"]} == {ishoj, kolding}


def test_case_list_is_audited_as_a_list_view(tmp_path: Path, ole: dict[str, Any]) -> None:
    fasttrack = Fasttrack(tmp_path)
    submit(fasttrack, ole, "0304785678", "183")
    fasttrack.run("case", "list")
    engine = make_engine(f"sqlite:///{tmp_path / 'fasttrack.db'}")
    ctx = AppContext(engine, FixedClock(START), CprVault(TEST_SECRET), DanishCalendar())
    with ctx.unit_of_work() as session:
        actions = session.exec(select(AuditEntry.action).order_by(col(AuditEntry.id))).all()
    engine.dispose()
    assert actions[-1] == "view_list"


def test_a_filter_that_makes_no_sense_is_refused_in_danish(tmp_path: Path) -> None:
    fasttrack = Fasttrack(tmp_path)
    refused = fasttrack.run("case", "list", expect=2)  # read-only: no database, no schema
    assert "fasttrack db upgrade" in refused.stderr
    fasttrack.run("db", "upgrade")
    fasttrack.run("config", "load", str(Path("fasttrack_core/demo_config.toml").resolve()))
    for options, message in (
        (("--status", "lukket"), "Ukendt status"),
        (("--municipality", "999"), "kommunekoden '999'"),
        (("--consultant", "ingen@example.dk"), "Ingen konsulent"),
        (("--limit", "0"), "mellem 1 og 200"),
        (("--page", "0"), "Sidetallet"),
    ):
        refused = fasttrack.run("case", "list", *options, expect=2)
        assert message in refused.stderr, options
