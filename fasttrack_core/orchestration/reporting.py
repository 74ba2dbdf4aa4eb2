"""Tables and tags for the flows' artifacts: counts and step kinds only (Danish headings)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from fasttrack_core.domain.vocabulary import STEP_LABELS, StepKind
from fasttrack_core.notify.dispatcher import DeliverySummary
from fasttrack_core.services.steering_overview import MONTHS_DA, MonthlyOverview
from fasttrack_core.services.sweep import SweepSummary


def step_label(kind: str) -> str:
    return STEP_LABELS[StepKind(kind)] if kind in StepKind.__members__.values() else kind


def sweep_table(summary: SweepSummary) -> list[dict[str, Any]]:
    """One row per step kind (reminders, escalations), then the totals with the due count."""
    reminded: Counter[str] = Counter()
    overdue: Counter[str] = Counter()
    for key, count in summary.by_step.items():
        kind, _, trigger = key.partition(":")
        (reminded if trigger == "reminder" else overdue)[kind] += count
    rows: list[dict[str, Any]] = [
        {
            "trin": step_label(kind),
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


def month_label(overview: MonthlyOverview) -> str:
    return f"{MONTHS_DA[overview.month.month - 1]} {overview.month.year}"


def overview_table(overview: MonthlyOverview) -> list[dict[str, Any]]:
    """Open cases by outstanding step, then the month's opened and closed cases."""
    rows: list[dict[str, Any]] = [
        {"række": f"Åbne sager: {step_label(kind)}", "sager": cases, "heraf overskredet": late}
        for kind in StepKind
        for cases, late in [overview.open_by_step.get(kind, (0, 0))]
        if cases
    ]
    rows += [
        {"række": "Åbne sager i alt", "sager": overview.open_cases, "heraf overskredet": ""},
        {
            "række": f"Oprettet i {month_label(overview)}",
            "sager": overview.opened,
            "heraf overskredet": "",
        },
        {
            "række": f"Afsluttet i {month_label(overview)}",
            "sager": overview.closed,
            "heraf overskredet": "",
        },
    ]
    return rows
