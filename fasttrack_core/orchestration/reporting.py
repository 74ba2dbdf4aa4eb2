"""Tables and tags for the flows' artifacts: counts and step kinds only (Danish headings)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from fasttrack_core.domain.concern_deadlines import CONCERN_STEP_LABELS
from fasttrack_core.domain.sweep import Trigger
from fasttrack_core.domain.vocabulary import StepKind
from fasttrack_core.notify.dispatcher import DeliverySummary
from fasttrack_core.presentation.danish import step_name
from fasttrack_core.reporting.figures import SteeringFigures
from fasttrack_core.services.sweep import SweepSummary


def sweep_table(summary: SweepSummary) -> list[dict[str, Any]]:
    """One row per step kind, then per concern step (reminders, escalations), then the totals
    of the case steps with the due count."""
    rows = [
        *_trigger_rows(summary.by_step, [(kind, step_name(kind)) for kind in StepKind]),
        *_trigger_rows(summary.concerns, list(CONCERN_STEP_LABELS.items())),
    ]
    rows.append(
        {
            "trin": "I alt (sagernes trin)",
            "forfaldne": summary.due,
            "påmindet": summary.reminded,
            "overskredet (eskaleret)": summary.overdue,
        }
    )
    return rows


def _trigger_rows(counts: Counter[str], names: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """A row for each of `names` (key, label) with a count in `counts` ("key:trigger")."""
    reminded: Counter[str] = Counter()
    overdue: Counter[str] = Counter()
    for key, count in counts.items():
        kind, _, trigger = key.partition(":")
        (reminded if trigger == Trigger.REMINDER else overdue)[kind] += count
    return [
        {
            "trin": label,
            "forfaldne": "",
            "påmindet": reminded[kind],
            "overskredet (eskaleret)": overdue[kind],
        }
        for kind, label in names
        if reminded[kind] or overdue[kind]
    ]


def sweep_tags(summary: SweepSummary) -> list[str]:
    """`trin:<kind>` for every step kind the sweep advanced, `bekymring:<step>` for every
    concern step it reminded or escalated (to filter runs in the UI)."""
    steps = {f"trin:{key.partition(':')[0]}" for key in summary.by_step}
    concerns = {f"bekymring:{key.partition(':')[0]}" for key in summary.concerns}
    return sorted(steps | concerns)


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
