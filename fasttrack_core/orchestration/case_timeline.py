"""A case's timeline for a Prefect artifact: references, kinds, dates and statuses only.

Built from `services.queries.case_view`, without the employee block and without any free text
(ARCHITECTURE invariant 5): no names, CPR numbers, notes, participants, plan action texts or
owners, cause, staircase or hours; of an event's data only ids and dates are kept. The consultant
and the actor of an event are staff, but their addresses carry names, so they are left out too.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.domain.vocabulary import (
    EVENT_LABELS,
    OUTCOME_LABELS,
    STATUS_LABELS,
    STEP_LABELS,
    STEP_STATUS_LABELS,
    CaseStatus,
    Outcome,
    StepKind,
)

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


def public_event_data(data: dict[str, Any]) -> dict[str, Any]:
    """The ids and dates of an event's data; everything else (free text, people) dropped."""
    return {
        key: value
        for key, value in data.items()
        if key in SAFE_EVENT_KEYS and _safe_value(key, value)
    }


def public_case_view(view: dict[str, Any]) -> dict[str, Any]:
    """`case_view` without personal data: what a Prefect artifact may hold."""
    return {
        "case": view["case"],
        "status": view["status"],
        "job_centre": view["job_centre"],
        "requested_by": view["requested_by"],
        "channel": view["channel"],
        "requested_at": view["requested_at"],
        "outcome": view["outcome"],
        "closed_at": view["closed_at"],
        "steps": [
            {
                "kind": step["kind"],
                "seq": step["seq"],
                "due": step["due"],
                "status": step["status"],
                "scheduled_at": step["scheduled_at"],
                "completed_at": step["completed_at"],
            }
            for step in view["steps"]
        ],
        "events": [
            {"kind": event["kind"], "at": event["at"], "data": public_event_data(event["data"])}
            for event in view["events"]
        ],
    }


def _local(iso: str | None) -> str:
    if not iso:
        return ""
    if len(iso) == 10:
        return date.fromisoformat(iso).strftime("%d.%m.%Y")
    return datetime.fromisoformat(iso).astimezone(COPENHAGEN).strftime("%d.%m.%Y %H:%M")


def _step_label(kind: str, seq: int) -> str:
    label = STEP_LABELS[StepKind(kind)] if kind in StepKind.__members__.values() else kind
    return f"{label} {seq}" if kind in (StepKind.ACTION, StepKind.REVIEW) else label


def _event_details(data: dict[str, Any]) -> str:
    parts = []
    if "step" in data:
        parts.append(_step_label(data["step"], int(data.get("seq", 1))))
    if "action" in data:
        parts.append(f"handling {data['action']}")
    if data.get("cancelled"):
        parts.append("aflyst")
    dated = (("starts_at", "møde"), ("due", "frist"), ("next_review", "næste opfølgning"))
    for key, label in dated:
        if key in data:
            parts.append(f"{label} {_local(data[key])}")
    if "sequence" in data:
        parts.append(f"version {data['sequence']}")
    return ", ".join(parts)


def timeline_markdown(public: dict[str, Any]) -> str:
    """The case as Markdown (Danish): status, steps with deadlines, and the timeline."""
    status = STATUS_LABELS.get(CaseStatus(public["status"]), public["status"])
    lines = [
        f"# Sag {public['case']}",
        "",
        f"**Status:** {status} · **Kommune:** {public['job_centre']} · "
        f"**Anmodet:** {_local(public['requested_at'])}",
    ]
    if public["outcome"]:
        outcome = OUTCOME_LABELS.get(Outcome(public["outcome"]), public["outcome"])
        lines.append(f"**Resultat:** {outcome} ({_local(public['closed_at'])})")
    lines += ["", "## Skridt og frister", "", "| Skridt | Frist | Status | Møde | Udført |"]
    lines.append("|---|---|---|---|---|")
    for step in public["steps"]:
        lines.append(
            f"| {_step_label(step['kind'], step['seq'])} | {_local(step['due'])} | "
            f"{STEP_STATUS_LABELS.get(step['status'], step['status'])} | "
            f"{_local(step['scheduled_at'])} | {_local(step['completed_at'])} |"
        )
    lines += ["", "## Tidslinje", "", "| Tidspunkt | Hændelse | Detaljer |", "|---|---|---|"]
    for event in public["events"]:
        label = EVENT_LABELS.get(event["kind"], event["kind"])
        lines.append(f"| {_local(event['at'])} | {label} | {_event_details(event['data'])} |")
    lines += [
        "",
        "_Ingen personoplysninger: se borger, svar og noter i Fast track under sagsnummeret._",
    ]
    return "\n".join(lines) + "\n"
