"""The sweep run's artifact and tags (flows/sweep.py): what an operator reads in the Prefect UI."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from fasttrack_core.domain.vocabulary import StepKind
from fasttrack_core.orchestration.reporting import sweep_table, sweep_tags
from fasttrack_core.presentation.danish import step_name
from fasttrack_core.services.sweep import SweepSummary

AT = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


def test_the_sweep_table_shows_concern_deadlines_beside_the_case_steps() -> None:
    summary = SweepSummary(
        AT,
        due=3,
        reminded=2,
        overdue=1,
        by_step=Counter({"first_followup:reminder": 2, "first_followup:overdue": 1}),
        concerns=Counter({"contact:overdue": 4, "talk:reminder": 1}),
    )
    table = sweep_table(summary)
    rows = {row["trin"]: row for row in table}
    assert table[0] == {
        "trin": step_name(StepKind.FIRST_FOLLOWUP),
        "forfaldne": "",
        "påmindet": 2,
        "overskredet (eskaleret)": 1,
    }
    assert rows["Kontakt til medarbejderen (bekymring)"]["overskredet (eskaleret)"] == 4
    assert rows["Samtale (bekymring)"]["påmindet"] == 1
    assert "Aftalt indsats (bekymring)" not in rows  # nothing happened to it
    total = rows["I alt (sagernes trin)"]
    assert (total["forfaldne"], total["påmindet"], total["overskredet (eskaleret)"]) == (3, 2, 1)
    assert sweep_tags(summary) == ["bekymring:contact", "bekymring:talk", "trin:first_followup"]


def test_a_sweep_of_concerns_alone_has_their_rows_and_zero_case_totals() -> None:
    summary = SweepSummary(AT, concerns=Counter({"effort:reminder": 2}))
    rows = sweep_table(summary)
    assert rows[0] == {
        "trin": "Aftalt indsats (bekymring)",
        "forfaldne": "",
        "påmindet": 2,
        "overskredet (eskaleret)": 0,
    }
    assert rows[-1]["forfaldne"] == 0
