"""The time-travel summary on the terminal, in Danish."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from fasttrack_core.domain.vocabulary import (
    OUTCOME_LABELS,
    STATUS_LABELS,
    CaseStatus,
    Outcome,
)
from fasttrack_core.simulation import SimulationSummary


def print_summary(summary: SimulationSummary, console: Console | None = None) -> None:
    console = console or Console()
    console.print(
        f"[bold]Simulering {summary.first_day} – {summary.last_day}[/] "
        f"({summary.seconds:.1f} s): {summary.cases_requested} anmodninger, "
        f"{summary.cases_opened} sager oprettet, {summary.requests_refused} afvist."
    )
    by_status = Table(title="Sager efter status")
    by_status.add_column("Status")
    by_status.add_column("Antal", justify="right")
    for status in CaseStatus:
        if summary.by_status.get(status):
            by_status.add_row(STATUS_LABELS[status], str(summary.by_status[status]))
    console.print(by_status)
    by_outcome = Table(title="Afsluttede sager efter resultat")
    by_outcome.add_column("Resultat")
    by_outcome.add_column("Antal", justify="right")
    for outcome in Outcome:
        if summary.by_outcome.get(outcome):
            by_outcome.add_row(OUTCOME_LABELS[outcome], str(summary.by_outcome[outcome]))
    console.print(by_outcome)
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
