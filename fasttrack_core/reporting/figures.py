"""The report's figures: this period against the previous one of equal length, formatted the
Danish way once, for the document, the JSON output and the Prefect artifact alike."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from fasttrack_core.db import AppContext
from fasttrack_core.domain.municipalities import MUNICIPALITIES
from fasttrack_core.models import JobCentre
from fasttrack_core.reporting.kpi_queries import Measurement, measure
from fasttrack_core.reporting.kpis import KPIS, QUESTIONS, Kpi, Value
from fasttrack_core.reporting.official import POPULATION, Figure, official_figures
from fasttrack_core.reporting.periods import Period, Scope

MAX_OFFICIAL = 24  # rows of official context a report shows


@dataclass(frozen=True)
class KpiRow:
    kpi: Kpi
    value: Value
    previous: Value

    @property
    def shown(self) -> str:
        return format_value(self.kpi, self.value)

    @property
    def shown_previous(self) -> str:
        return format_value(self.kpi, self.previous)

    @property
    def missed(self) -> bool:
        return self.kpi.missed(self.value)

    @property
    def trend(self) -> str:
        """'up', 'down', 'same' or '' (nothing to compare)."""
        if self.value is None or self.previous is None:
            return ""
        if round(self.value, 3) == round(self.previous, 3):
            return "same"
        return "up" if self.value > self.previous else "down"

    @property
    def trend_good(self) -> bool | None:
        """Whether the change is for the better (None: no direction is better, or no change)."""
        if self.kpi.better == "neither" or self.trend in ("", "same"):
            return None
        return (self.trend == "up") == (self.kpi.better == "higher")

    @property
    def change(self) -> str:
        """The change in Danish: '+3', '−4 procentpoint', '+1,5 dage'."""
        if self.value is None or self.previous is None:
            return "ingen sammenligning"
        difference = self.value - self.previous
        if self.kpi.unit == "share":
            points = round(difference * 100)
            return "uændret" if points == 0 else f"{_signed(points)} procentpoint"
        if self.kpi.unit == "days":
            return "uændret" if round(difference, 1) == 0 else f"{_signed_decimal(difference)} dage"
        return "uændret" if difference == 0 else _signed(int(difference))


def _signed(number: int) -> str:
    return f"+{number:,}".replace(",", ".") if number > 0 else f"−{abs(number):,}".replace(",", ".")


def _signed_decimal(number: float) -> str:
    text = f"{abs(number):.1f}".replace(".", ",")
    return f"+{text}" if number > 0 else f"−{text}"


def format_value(kpi: Kpi, value: Value) -> str:
    """A KPI value as the report prints it: '1.234', '92 %', '12,5'; '–' when nothing to count."""
    if value is None:
        return "–"
    if kpi.unit == "share":
        return f"{round(value * 100)} %"
    if kpi.unit == "days":
        return f"{value:.1f}".replace(".", ",")
    return f"{int(value):,}".replace(",", ".")


@dataclass(frozen=True)
class SteeringFigures:
    period: Period
    scope: Scope
    scope_label: str
    current: Measurement
    before: Measurement
    official: tuple[Figure, ...] = ()  # Jobindsats: another population (reporting/official.py)

    @property
    def previous_period(self) -> Period:
        return self.period.previous()

    def rows(self) -> list[KpiRow]:
        return [
            KpiRow(kpi, self.current.values.get(kpi.key), self.before.values.get(kpi.key))
            for kpi in KPIS
        ]

    def overview(self) -> list[tuple[str, list[KpiRow]]]:
        """Page 1: each of the steering group's questions with the figures that answer it."""
        rows = self.rows()
        return [
            (question, [r for r in rows if r.kpi.question == question]) for question in QUESTIONS
        ]

    def to_json(self) -> dict[str, Any]:
        """The KPIs alone, for other systems: values as numbers (shares 0–1), no personal data."""
        return {
            "period": {"from": self.period.first.isoformat(), "to": self.period.last.isoformat()},
            "previous_period": {
                "from": self.previous_period.first.isoformat(),
                "to": self.previous_period.last.isoformat(),
            },
            "scope": {
                "municipality": self.scope.municipality,
                "workplace_cvr": self.scope.workplace_cvr,
                "consultant": bool(self.scope.consultant_email),
            },
            "kpis": {
                row.kpi.key: {
                    "label": row.kpi.label,
                    "unit": row.kpi.unit,
                    "value": row.value,
                    "previous": row.previous,
                    "target": row.kpi.target,
                    "target_missed": row.missed,
                }
                for row in self.rows()
            },
            "breakdowns": {
                "requests_by_channel": self.current.requests_by_channel,
                "requests_by_requester": self.current.requests_by_requester,
                "requests_per_week": self.current.requests_per_week,
                "first_followup_days": {
                    str(d): n for d, n in self.current.first_followup_days.items()
                },
                "outcomes": self.current.outcomes,
                "open_by_stage": self.current.open_by_stage,
                "overdue_by_step": self.current.overdue_by_step,
                "caseload": self.current.caseload,
                "timeliness": self.current.timeliness.as_dict(),
                "timeliness_previous": self.before.timeliness.as_dict(),
            },
            "official_context": {
                "population": POPULATION,
                "figures": [asdict(figure) for figure in self.official],
            },
        }


def _measured(ctx: AppContext, period: Period, scope: Scope) -> Measurement:
    with ctx.unit_of_work() as session:
        return measure(session, period, scope)


def steering_figures(ctx: AppContext, period: Period, scope: Scope) -> SteeringFigures:
    """Measure `period` and the period of equal length before it, at the same time (each in a
    read transaction of its own: the database does the work, on two connections)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        earlier = pool.submit(_measured, ctx, period.previous(), scope)
        current = _measured(ctx, period, scope)
        before = earlier.result()
    with ctx.unit_of_work() as session:
        label = "Alle jobcentre"
        if scope.municipality:
            name = session.execute(
                select(col(JobCentre.name)).where(
                    col(JobCentre.municipality_code) == scope.municipality
                )
            ).scalar()
            label = f"{name} ({scope.municipality})"
        elif scope.workplace_cvr:
            label = f"Arbejdsplads med CVR {scope.workplace_cvr}"
        elif scope.consultant_email:
            label = "Én konsulents sager"
    area = MUNICIPALITIES.get(scope.municipality) if scope.municipality else None
    official = tuple(official_figures(ctx, area)[:MAX_OFFICIAL])
    return SteeringFigures(period, scope, label, current, before, official)
