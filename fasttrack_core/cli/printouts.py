"""What a person reads on the terminal, in Danish: a case, and a time-travel summary."""

from __future__ import annotations

from datetime import datetime

from rich.console import Console
from rich.table import Table

from fasttrack_core.domain.vocabulary import (
    OUTCOME_LABELS,
    STATUS_LABELS,
    STEP_STATUS_LABELS,
    CaseStatus,
    Outcome,
    StepStatus,
)
from fasttrack_core.presentation.danish import short_time, step_label
from fasttrack_core.services.queries import CaseView
from fasttrack_core.simulation import SimulationSummary

# How a step's status stands out on the terminal (rich markup); a pending step is plain.
STEP_STATUS_STYLES = {
    StepStatus.OVERDUE: "bold red",
    StepStatus.DONE: "green",
    StepStatus.CANCELLED: "dim",
}


def local(moment: datetime | None) -> str:
    return short_time(moment) if moment else ""


def step_status(status: StepStatus) -> str:
    label = STEP_STATUS_LABELS[status]
    style = STEP_STATUS_STYLES.get(status)
    return f"[{style}]{label}[/]" if style else label


def print_case_view(view: CaseView, console: Console | None = None) -> None:
    console = console or Console()
    status = STATUS_LABELS[view.status]
    console.print(f"[bold]{view.reference}[/] · {status} · konsulent: {view.consultant or '-'}")
    console.print(f"Borger: {view.employee.name} ({view.employee.cpr})")
    if view.outcome:
        console.print(f"Resultat: {OUTCOME_LABELS[view.outcome]}")
    steps = Table(title="Skridt og frister")
    for column in ("Skridt", "Frist", "Status", "Møde", "Udført"):
        steps.add_column(column)
    for step in view.steps:
        steps.add_row(
            step_label(step.kind, step.seq),
            local(step.due),
            step_status(step.status),
            local(step.scheduled_at),
            local(step.completed_at),
        )
    console.print(steps)
    timeline = Table(title="Tidslinje")
    for column in ("Tidspunkt", "Hændelse", "Af"):
        timeline.add_column(column)
    for event in view.events:
        timeline.add_row(local(event.at), event.kind.value, event.actor)
    console.print(timeline)


def counts_table(title: str, label: str, counts: dict[str, int]) -> Table:
    """A two-column table of the non-zero counts, in the order given."""
    table = Table(title=title)
    table.add_column(label)
    table.add_column("Antal", justify="right")
    for name, count in counts.items():
        if count:
            table.add_row(name, str(count))
    return table


def print_summary(summary: SimulationSummary, console: Console | None = None) -> None:
    console = console or Console()
    console.print(
        f"[bold]Simulering {summary.first_day} – {summary.last_day}[/] "
        f"({summary.seconds:.1f} s): {summary.cases_requested} anmodninger, "
        f"{summary.cases_opened} sager oprettet, {summary.requests_refused} afvist."
    )
    statuses = {STATUS_LABELS[s]: summary.by_status.get(s, 0) for s in CaseStatus}
    console.print(counts_table("Sager efter status", "Status", statuses))
    outcomes = {OUTCOME_LABELS[o]: summary.by_outcome.get(o, 0) for o in Outcome}
    console.print(counts_table("Afsluttede sager efter resultat", "Resultat", outcomes))
    share = summary.followup_share_within_14_days
    share_text = f"{share:.0%}".replace(".", ",") if share is not None else "–"
    console.print(
        f"Første opfølgningssamtale inden for 14 dage: [bold]{share_text}[/] "
        f"({summary.followups_within_14_days} af {summary.followups_held} i Fast track)."
    )
    console.print(
        f"Overskredne skridt nu: [bold]{summary.overdue_steps}[/]; "
        f"eskaleringer til teamleder i alt: {summary.escalations}."
    )
    console.print(
        f"Registrerede hændelser: {summary.events_recorded} "
        f"(afvist som meningsløse: {summary.events_refused})."
    )
