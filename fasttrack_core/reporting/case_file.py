"""The case file as a PDF (WeasyPrint, as the steering report) or as JSON: what
`services/case_file.py` gathered, laid out for a person to read (Danish)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from jinja2 import Environment

from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.domain.pause import PAUSE_REASON_LABELS, PauseReason
from fasttrack_core.domain.vocabulary import (
    CAUSE_LABELS,
    CHANNEL_LABELS,
    EVENT_LABELS,
    MEASURE_LABELS,
    OUTCOME_LABELS,
    ROLE_LABELS,
    STATUS_LABELS,
    STEP_STATUS_LABELS,
    Measure,
)
from fasttrack_core.presentation.danish import short_date, step_label
from fasttrack_core.presentation.templating import template_environment
from fasttrack_core.reporting.document import render_pdf
from fasttrack_core.schemas import FIELD_LABELS, Questions
from fasttrack_core.services.case_file import CaseFileExport, ExportFormat
from fasttrack_core.services.event_lines import correction_line, event_detail, participant


@dataclass(frozen=True)
class Line:
    """One event of the timeline as the document prints it."""

    number: int
    at: datetime
    label: str
    actor: str
    detail: str
    correction: str | None  # what is right, beside the struck-through original


def short_deadline(value: datetime) -> str:
    """ "07.04.2026" for a deadline at the end of a day, else "07.04.2026 kl. 10.00"."""
    local = value.astimezone(COPENHAGEN)
    if (local.hour, local.minute) == (23, 59):
        return short_date(local)
    return f"{short_date(local)} kl. {local:%H.%M}"


@cache
def _environment() -> Environment:
    env = template_environment("reports", escaped=("html", "j2"))
    env.filters["fromiso"] = datetime.fromisoformat  # the plan's times are ISO text (its JSON)
    env.filters["kort"] = short_deadline  # a table's narrow column
    return env


def timeline_lines(export: CaseFileExport) -> list[Line]:
    lines = []
    for event in export.view.events:
        fixed = event.corrected
        correction = (
            correction_line(
                event.kind,
                fixed.actor,
                fixed.corrected_on,
                fixed.reason,
                fixed.at,
                fixed.data,
                export.names,
            )
            if fixed
            else None
        )
        detail = event_detail(event.kind, event.data, export.names)
        lines.append(
            Line(event.id, event.at, EVENT_LABELS[event.kind], event.actor, detail, correction)
        )
    return lines


def render_html(export: CaseFileExport) -> str:
    view = export.view
    return (
        _environment()
        .get_template("case_file.html.j2")
        .render(
            x=export,
            view=view,
            status=STATUS_LABELS[view.status],
            channel=CHANNEL_LABELS[view.channel],
            outcome=OUTCOME_LABELS[view.outcome] if view.outcome else None,
            pause_reason=PAUSE_REASON_LABELS[PauseReason(view.pause.reason)]
            if view.pause
            else None,
            cause=CAUSE_LABELS.get(export.request.cause or "", "Ikke oplyst"),
            questions={f: FIELD_LABELS[f"questions.{f}"] for f in Questions.model_fields},
            steps=[
                (step_label(s.kind, s.seq), s, STEP_STATUS_LABELS[s.status]) for s in view.steps
            ],
            measures=[MEASURE_LABELS[Measure(m)] for m in export.plan.measures],
            participants=[participant(p) for p in export.plan.participants],
            roles=ROLE_LABELS,
            step_statuses=STEP_STATUS_LABELS,
            lines=timeline_lines(export),
            exported=export.exported_at.astimezone(COPENHAGEN),
        )
    )


def render(export: CaseFileExport, format: ExportFormat) -> bytes:
    """The case file in `format`, as the bytes of the file."""
    if format == "json":
        return (json.dumps(export.to_json(), ensure_ascii=False, indent=2) + "\n").encode()
    return render_pdf(render_html(export))
