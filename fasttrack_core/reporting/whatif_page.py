"""The what-if page: the baseline and the scenario side by side, with the charts of each (the
steering report's charts and styles), as one HTML file or as PDF."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from markupsafe import Markup

from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.reporting import charts
from fasttrack_core.reporting.document import environment, render_pdf
from fasttrack_core.simulation.whatif import WhatIf


def render_whatif(result: WhatIf, format: Literal["html", "pdf"], generated_at: datetime) -> bytes:
    svg = {
        name: Markup(text)  # our own matplotlib output
        for name, text in {
            "timeliness_baseline": charts.timeliness(result.baseline.figures.current),
            "timeliness_scenario": charts.timeliness(result.changed.figures.current),
            "caseload_baseline": charts.caseload(result.baseline.figures.current),
            "caseload_scenario": charts.caseload(result.changed.figures.current),
        }.items()
    }
    html = (
        environment()
        .get_template("whatif.html.j2")
        .render(
            w=result,
            data=result.to_json(),
            charts=svg,
            generated=generated_at.astimezone(COPENHAGEN),
        )
    )
    return render_pdf(html) if format == "pdf" else html.encode()
