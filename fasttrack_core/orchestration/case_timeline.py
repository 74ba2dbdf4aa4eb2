"""A case's timeline for a Prefect artifact: references, kinds, dates and statuses only.

Built from the read model `services.queries.CaseView`, without the employee block and without
any free text (ARCHITECTURE invariant 5): no names, CPR numbers, notes, participants, plan action
texts or owners, cause, staircase or hours; of an event's data only ids and dates are kept. The
consultant and the actor of an event are staff, but their addresses carry names, so they are left
out too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from fasttrack_core.domain.vocabulary import (
    EVENT_LABELS,
    OUTCOME_LABELS,
    STATUS_LABELS,
    STEP_STATUS_LABELS,
    StepKind,
)
from fasttrack_core.presentation.danish import short_date, short_time, step_label
from fasttrack_core.services.queries import CaseView

REFERENCE = re.compile(r"^FT-\d{4}-\d{6}$")

# The event data an artifact may show: identifiers, numbers of things, and dates.
SAFE_EVENT_KEYS = frozenset(
    {"step", "seq", "due", "action", "sequence", "starts_at", "next_review", "cancelled"}
)


def artifact_key(reference: str) -> str:
    """The artifact key of a case: `case-ft-2026-000123` (Prefect keys: lowercase and dashes)."""
    if not REFERENCE.match(reference):
        raise ValueError(f"'{reference}' er ikke et sagsnummer (fx FT-2026-000123).")
    return f"case-{reference.lower()}"


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _safe_value(key: str, value: Any) -> bool:
    if isinstance(value, bool) or (isinstance(value, int) and key != "due"):
        return True
    if not isinstance(value, str):
        return False
    if key == "step":
        return value in StepKind.__members__.values()
    return _is_date(value)


def public_event_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """The ids and dates of an event's data; everything else (free text, people) dropped."""
    return {
        key: value
        for key, value in data.items()
        if key in SAFE_EVENT_KEYS and _safe_value(key, value)
    }


def public_case_view(view: CaseView) -> dict[str, Any]:
    """The case without personal data, as JSON: what a Prefect task may return."""
    return {
        "case": view.reference,
        "status": view.status.value,
        "job_centre": view.job_centre,
        "requested_by": view.requested_by.value,
        "channel": view.channel.value,
        "requested_at": view.requested_at.isoformat(),
        "outcome": view.outcome.value if view.outcome else None,
        "closed_at": view.closed_at.isoformat() if view.closed_at else None,
        "steps": [
            {
                key: value
                for key, value in step.to_json().items()
                if key not in ("owner", "what")  # a plan action's owner and text are free text
            }
            for step in view.steps
        ],
        "events": [
            {
                "kind": event.kind.value,
                "at": event.at.isoformat(),
                "data": public_event_data(event.data),
            }
            for event in view.events
        ],
    }


def _moment(value: datetime | None) -> str:
    return short_time(value) if value else ""


def _dated(iso: str) -> str:
    """A date or a time from an event's data (JSON), as the tables show it."""
    return (
        short_date(date.fromisoformat(iso))
        if len(iso) == 10
        else short_time(datetime.fromisoformat(iso))
    )


def _event_details(data: dict[str, Any]) -> str:
    parts = []
    if "step" in data:
        parts.append(step_label(data["step"], int(data.get("seq", 1))))
    if "action" in data:
        parts.append(f"handling {data['action']}")
    if data.get("cancelled"):
        parts.append("aflyst")
    dated = (("starts_at", "møde"), ("due", "frist"), ("next_review", "næste opfølgning"))
    for key, label in dated:
        if key in data:
            parts.append(f"{label} {_dated(data[key])}")
    if "sequence" in data:
        parts.append(f"version {data['sequence']}")
    return ", ".join(parts)


def timeline_markdown(view: CaseView) -> str:
    """The case as Markdown (Danish): status, steps with deadlines, and the timeline; of an
    event's data only what `public_event_data` keeps."""
    lines = [
        f"# Sag {view.reference}",
        "",
        f"**Status:** {STATUS_LABELS[view.status]} · **Kommune:** {view.job_centre} · "
        f"**Anmodet:** {short_time(view.requested_at)}",
    ]
    if view.outcome:
        lines.append(f"**Resultat:** {OUTCOME_LABELS[view.outcome]} ({_moment(view.closed_at)})")
    lines += ["", "## Skridt og frister", "", "| Skridt | Frist | Status | Møde | Udført |"]
    lines.append("|---|---|---|---|---|")
    for step in view.steps:
        lines.append(
            f"| {step_label(step.kind, step.seq)} | {short_time(step.due)} | "
            f"{STEP_STATUS_LABELS[step.status]} | "
            f"{_moment(step.scheduled_at)} | {_moment(step.completed_at)} |"
        )
    lines += ["", "## Tidslinje", "", "| Tidspunkt | Hændelse | Detaljer |", "|---|---|---|"]
    for event in view.events:
        details = _event_details(public_event_data(event.data))
        lines.append(f"| {short_time(event.at)} | {EVENT_LABELS[event.kind]} | {details} |")
    lines += [
        "",
        "_Ingen personoplysninger: se borger, svar og noter i Fast track under sagsnummeret._",
    ]
    return "\n".join(lines) + "\n"
