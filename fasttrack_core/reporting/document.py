"""The steering report as a document: one self-contained HTML file (Jinja2, charts inline as
SVG), the same HTML as PDF (WeasyPrint), or the KPIs alone as JSON."""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from typing import Literal

from jinja2 import Environment
from markupsafe import Markup

from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.presentation.templating import TEMPLATES, template_environment
from fasttrack_core.reporting import charts
from fasttrack_core.reporting.figures import SteeringFigures
from fasttrack_core.reporting.kpis import KPI_BY_KEY
from fasttrack_core.reporting.labels import (
    CHANNEL_LABELS,
    OUTCOME_NAMES,
    REQUESTER_LABELS,
    STAGE_NAMES,
    STEP_NAMES,
)
from fasttrack_core.reporting.official import POPULATION
from fasttrack_core.reporting.timeliness import BUCKETS, DEADLINES, PAUSE_SOURCE

TEMPLATES_DIR = TEMPLATES / "reports"
Format = Literal["html", "pdf", "json"]


@cache
def environment() -> Environment:
    return template_environment("reports", escaped=("html", "j2"))


def render_html(figures: SteeringFigures, generated_at: datetime) -> str:
    """The whole report as one HTML file (no external files: fonts are the system's)."""
    svg = {
        "requests": charts.requests_per_week(figures.current),
        "followup": charts.followup_days(figures.current),
        "outcomes": charts.outcomes(figures.current),
        "stages": charts.open_by_stage(figures.current),
        "caseload": charts.caseload(figures.current),
        "timeliness": charts.timeliness(figures.current),
    }
    rows = {row.kpi.key: row for row in figures.rows()}
    return (
        environment()
        .get_template("steering.html.j2")
        .render(
            f=figures,
            rows=rows,
            overview=figures.overview(),
            all_rows=figures.rows(),
            missed=[row for row in figures.rows() if row.missed],
            targets=sum(1 for row in figures.rows() if row.kpi.target is not None),
            kpi=KPI_BY_KEY,
            charts={name: Markup(text) for name, text in svg.items()},  # our own matplotlib output
            channels=CHANNEL_LABELS,
            requesters=REQUESTER_LABELS,
            outcome_names=OUTCOME_NAMES,
            stage_names=STAGE_NAMES,
            step_names=STEP_NAMES,
            generated=generated_at.astimezone(COPENHAGEN),
            deadlines=DEADLINES,
            buckets=BUCKETS,
            pause_source=PAUSE_SOURCE,
            official_population=POPULATION,
        )
    )


def render_pdf(html: str) -> bytes:
    # Imported here: it loads pango, which the JSON path never needs. No type hints shipped.
    from weasyprint import HTML  # type: ignore[import-untyped]

    pdf: bytes = HTML(string=html, base_url=str(TEMPLATES_DIR)).write_pdf()
    return pdf


def render(figures: SteeringFigures, format: Format, generated_at: datetime) -> bytes:
    """The report in `format`, as the bytes of the file."""
    if format == "json":
        return (json.dumps(figures.to_json(), ensure_ascii=False, indent=2) + "\n").encode()
    html = render_html(figures, generated_at)
    return render_pdf(html) if format == "pdf" else html.encode()
