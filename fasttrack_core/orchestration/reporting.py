"""Tables and tags for the flows' artifacts: counts and step kinds only (Danish headings)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from fasttrack_core.domain.vocabulary import StepKind
from fasttrack_core.notify.dispatcher import DeliverySummary
from fasttrack_core.presentation.danish import step_name
from fasttrack_core.reporting.figures import SteeringFigures
from fasttrack_core.services.sweep import SweepSummary


def sweep_table(summary: SweepSummary) -> list[dict[str, Any]]:
    """One row per step kind (reminders, escalations), then the totals with the due count."""
    reminded: Counter[str] = Counter()
    overdue: Counter[str] = Counter()
    for key, count in summary.by_step.items():
        kind, _, trigger = key.partition(":")
        (reminded if trigger == "reminder" else overdue)[kind] += count
    rows: list[dict[str, Any]] = [
        {
            "trin": step_name(kind),
            "forfaldne": "",
            "påmindet": reminded[kind],
            "overskredet (eskaleret)": overdue[kind],
        }
        for kind in StepKind
        if reminded[kind] or overdue[kind]
    ]
    rows.append(
        {
            "trin": "I alt",
            "forfaldne": summary.due,
            "påmindet": summary.reminded,
            "overskredet (eskaleret)": summary.overdue,
        }
    )
    return rows


def sweep_tags(summary: SweepSummary) -> list[str]:
    """`trin:<kind>` for every step kind the sweep advanced (to filter runs in the UI)."""
    return sorted({f"trin:{key.partition(':')[0]}" for key in summary.by_step})


def delivery_table(summary: DeliverySummary) -> list[dict[str, Any]]:
    return [
        {"udfald": "sendt", "antal": summary.sent},
        {"udfald": "forsøges igen senere", "antal": summary.retried},
        {"udfald": "fejlet (varigt)", "antal": summary.failed},
        {"udfald": "fejlrapporter til administrator", "antal": summary.reported},
    ]


def kpi_table(figures: SteeringFigures) -> list[dict[str, Any]]:
    """Every KPI of the steering report: this period, the one before, the change, the target."""
    return [
        {
            "tal": row.kpi.label,
            "perioden": row.shown,
            "forrige periode": row.shown_previous,
            "udvikling": row.change,
            "mål": ("IKKE NÅET · " if row.missed else "nået · ") + (row.kpi.target_text or "")
            if row.kpi.target is not None
            else "",
        }
        for row in figures.rows()
    ]
