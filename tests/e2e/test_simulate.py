"""Time travel (`fasttrack simulate`): generated cases through simulated days, into the database."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.cli import Fasttrack


def test_simulation_leaves_cases_other_commands_can_read(tmp_path: Path) -> None:
    fasttrack = Fasttrack(tmp_path)
    summary = fasttrack.json("simulate", "--cases", "40", "--days", "90", "--seed", "7", "--json")
    assert summary["cases_requested"] == 40
    assert summary["cases_opened"] + summary["requests_refused"] == 40
    assert sum(summary["by_status"].values()) == summary["cases_opened"]
    assert summary["by_status"].get("closed", 0) == sum(summary["by_outcome"].values()) > 0
    assert summary["followups_held"] > 0
    assert 0.5 < summary["followup_share_within_14_days"] <= 1.0
    # The cases are in the configured database: the CLI shows them.
    view = fasttrack.json("case", "show", "FT-2026-000001", "--json")
    assert view["events"][0]["kind"] == "requested"
    assert view["employee"]["cpr"].endswith("-****")


def test_simulation_is_repeatable_for_a_seed(tmp_path: Path) -> None:
    first = Fasttrack(tmp_path / "a")
    second = Fasttrack(tmp_path / "b")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    args = ("simulate", "--cases", "25", "--days", "60", "--seed", "11", "--json")
    one, two = first.json(*args), second.json(*args)
    del one["seconds"], two["seconds"]
    assert one == two


def test_sweep_after_a_simulation_is_idempotent(tmp_path: Path) -> None:
    fasttrack = Fasttrack(tmp_path)
    fasttrack.json("simulate", "--cases", "30", "--days", "45", "--seed", "3", "--json")
    first = fasttrack.sweep("2026-03-15T07:00:00+01:00")
    second = fasttrack.sweep("2026-03-15T07:00:00+01:00")
    assert first["due"] > 0
    assert (second["due"], second["reminded"], second["overdue"]) == (0, 0, 0)
