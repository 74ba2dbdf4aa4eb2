"""One line about what each event of a case's timeline carries, in Danish: the case page and
the case file show the same."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from fasttrack_core.domain.municipalities import MUNICIPALITIES
from fasttrack_core.domain.pause import PAUSE_REASON_LABELS, PauseReason
from fasttrack_core.domain.vocabulary import (
    EVENT_LABELS,
    MODE_LABELS,
    OUTCOME_LABELS,
    ROLE_LABELS,
    EventKind,
    MeetingMode,
    Outcome,
    ParticipantRole,
)
from fasttrack_core.notify.kinds import EMAIL_KINDS
from fasttrack_core.notify.outbox import LETTER
from fasttrack_core.presentation.danish import (
    danish_time,
    decimal,
    meeting_time,
    short_date,
    step_label,
)


def participant(person: Mapping[str, Any]) -> str:
    role = ROLE_LABELS[ParticipantRole(person["role"])]
    profession = f", {person['profession']}" if person.get("profession") else ""
    if not person.get("name"):  # by role alone (the case knows who)
        return f"{role}{profession}"
    return f"{person['name']} ({role}{profession})"


def correction_line(
    kind: EventKind,
    actor: str,
    corrected_on: datetime,
    reason: str,
    at: datetime,
    data: Mapping[str, Any],
    names: Mapping[int, str],
) -> str:
    """What a corrected event shows beside its struck-through original: who corrected it, when
    and why, and what is right."""
    detail = event_detail(kind, data, names)
    corrected = f"Rettet af {actor} {short_date(corrected_on)}: {reason}."
    return f"{corrected} Rigtigt: {danish_time(at)}" + (f" · {detail}" if detail else "")


# The events that give a case a new owner (issue 14: the queue's moves and transfers).
_MOVES = (EventKind.ASSIGNED, EventKind.REASSIGNED, EventKind.TAKEN_OVER, EventKind.TRANSFERRED)


def _dispatch(data: Mapping[str, Any]) -> list[str]:
    """How a message with legal effect went: the relay's answer, or the letter's file and hash."""
    what = EMAIL_KINDS.get(data.get("message", ""), data.get("message", ""))
    if data.get("channel") == LETTER:
        return [f"Brev (PDF): {what}", f"Fil {data['file']}", f"SHA-256 {data['sha256']}"]
    return [f"E-mail: {what}", f"Mailserverens svar: {data.get('relay_answer', '')}"]


def _pause_and_correction_detail(kind: EventKind, data: Mapping[str, Any]) -> list[str]:
    if kind == EventKind.PAUSED:
        reason = PAUSE_REASON_LABELS[PauseReason(data["reason"])]
        return [reason, f"Genoptages {short_date(date.fromisoformat(data['resume_on']))}"]
    if kind == EventKind.RESUMED:
        automatic = " (automatisk på genoptagelsesdatoen)" if data.get("automatic") else ""
        return [f"Efter {data.get('paused_days', 0)} dage i bero{automatic}"]
    if kind == EventKind.CORRECTED:
        label = EVENT_LABELS.get(data.get("kind", ""), "en hændelse")
        return [f"Rettede «{label}» (nr. {data['event_id']})", f"Begrundelse: {data['reason']}"]
    if kind == EventKind.REOPENED:
        return [f"Begrundelse: {data['reason']}"]
    return []


def event_detail(kind: EventKind, data: Mapping[str, Any], names: Mapping[int, str]) -> str:
    """One line about what the event carries (the timeline's second column). The data is the
    event's JSON as recorded, so its times and dates are ISO text."""
    parts: list[str] = []
    if kind in _MOVES and data.get("consultant_id"):
        parts.append(f"Til {names.get(data['consultant_id'], 'en tidligere konsulent')}")
    if kind == EventKind.TRANSFERRED:
        parts.append(f"Til Jobcenter {MUNICIPALITIES.get(data['to_municipality'], '?')}")
    if kind in (EventKind.TAKEN_OVER, EventKind.HANDED_BACK) and data.get("reason"):
        parts.append(f"Begrundelse: {data['reason']}")
    if kind in (EventKind.FOLLOWUP_BOOKED, EventKind.ROUNDTABLE_BOOKED):
        if data.get("cancelled"):
            parts.append("Aflyst")
        else:
            starts_at = meeting_time(datetime.fromisoformat(data["starts_at"]))
            parts.append(f"Mødet: {starts_at}, {data.get('minutes', 60)} min.")
            if data.get("location"):
                parts.append(f"Sted: {data['location']}")
    if kind == EventKind.FOLLOWUP_HELD:
        parts.append(MODE_LABELS[MeetingMode(data.get("mode", MeetingMode.IN_PERSON))])
    if "staircase" in data:
        stairs = data["staircase"]
        parts.append(
            f"Trappen: medarbejder {stairs['employee']}, arbejdsgiver {stairs['employer']}"
        )
    if data.get("next_review"):
        parts.append(f"Næste opfølgning {short_date(date.fromisoformat(data['next_review']))}")
    if kind == EventKind.PARTIAL_RETURN:
        parts.append(f"{decimal(data['hours_per_week'])} timer om ugen")
    if kind == EventKind.ACTION_COMPLETED:
        parts.append(f"Handling {data['action']}")
    if kind == EventKind.CLOSED:
        parts.append(OUTCOME_LABELS[Outcome(data["outcome"])])
    if kind == EventKind.MESSAGE_DISPATCHED:
        parts += _dispatch(data)
        if data.get("duplicate_of"):
            parts.append(f"Dublet af {data['duplicate_of']}")
    parts += _pause_and_correction_detail(kind, data)
    if data.get("step"):
        parts.append(step_label(data["step"], data.get("seq", 1)))
    if data.get("note"):
        parts.append(f"Note: {data['note']}")
    return " · ".join(parts)
