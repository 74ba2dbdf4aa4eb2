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
