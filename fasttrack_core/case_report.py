"""A case on the terminal, in Danish, for a consultant."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.console import Console
from rich.table import Table

from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.domain.vocabulary import (
    OUTCOME_LABELS,
    STATUS_LABELS,
    STEP_LABELS,
    CaseStatus,
    Outcome,
    StepKind,
)

STEP_STATUS_LABELS = {
    "pending": "afventer",
    "overdue": "[bold red]overskredet[/]",
    "done": "[green]udført[/]",
    "cancelled": "[dim]bortfaldet[/]",
}


def local(iso: str | None) -> str:
    if not iso:
        return ""
    return datetime.fromisoformat(iso).astimezone(COPENHAGEN).strftime("%d.%m.%Y %H:%M")


def print_case_view(view: dict[str, Any], console: Console | None = None) -> None:
    console = console or Console()
    status = STATUS_LABELS[CaseStatus(view["status"])]
    console.print(f"[bold]{view['case']}[/] · {status} · konsulent: {view['consultant'] or '-'}")
    console.print(f"Borger: {view['employee']['name']} ({view['employee']['cpr']})")
    if view["outcome"]:
        console.print(f"Resultat: {OUTCOME_LABELS[Outcome(view['outcome'])]}")
    steps = Table(title="Skridt og frister")
    for column in ("Skridt", "Frist", "Status", "Møde", "Udført"):
        steps.add_column(column)
    for step in view["steps"]:
        label = STEP_LABELS[StepKind(step["kind"])]
        if step["kind"] in ("action", "review"):
            label += f" {step['seq']}"
        steps.add_row(
            label,
            local(step["due"]),
            STEP_STATUS_LABELS[step["status"]],
            local(step["scheduled_at"]),
            local(step["completed_at"]),
        )
    console.print(steps)
    timeline = Table(title="Tidslinje")
    for column in ("Tidspunkt", "Hændelse", "Af"):
        timeline.add_column(column)
    for event in view["events"]:
        timeline.add_row(local(event["at"]), event["kind"], event["actor"])
    console.print(timeline)
