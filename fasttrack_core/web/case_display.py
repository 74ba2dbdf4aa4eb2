"""What the case page shows of a case, in Danish: its steps with labels and deadlines, the
return-to-work plan, and one line per event of the timeline."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from fasttrack_core.domain.municipalities import MUNICIPALITIES
from fasttrack_core.domain.vocabulary import (
    EVENT_LABELS,
    MEASURE_LABELS,
    MODE_LABELS,
    OUTCOME_LABELS,
    ROLE_LABELS,
    STEP_STATUS_LABELS,
    EventKind,
    Measure,
    MeetingMode,
    Outcome,
    ParticipantRole,
    StepKind,
)
from fasttrack_core.notify.kinds import EMAIL_KINDS
from fasttrack_core.notify.outbox import LETTER
from fasttrack_core.presentation.danish import decimal, meeting_time, short_date, step_label
from fasttrack_core.services.own_case import EMPLOYEE_ACTOR, EMPLOYER_ACTOR
from fasttrack_core.services.queries import CaseView, EventView, StepView
from fasttrack_core.services.workload import Colleague, is_overdue


@dataclass(frozen=True)
class PageStep:
    """A step as the page's tables show it."""

    kind: StepKind
    seq: int
    label: str
    what: str | None
    owner: str | None
    due: datetime
    source: str | None  # where the deadline comes from (the rule's source, or the policy)
    status: str  # Danish
    open: bool
    overdue: bool
    scheduled_at: datetime | None
    completed_at: datetime | None


@dataclass(frozen=True)
class Plan:
    """The return-to-work plan (the latest roundtable's data, and the steps it made)."""

    held: bool
    employee: int | None  # staircase placements
    employer: int | None
    measures: list[str]  # Danish
    participants: list[str]  # "name (role, profession)"
    actions: list[PageStep]  # by number
    next_review: datetime | None


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    label: str
    actor: str
    detail: str


def page_steps(view: CaseView, now: datetime) -> list[PageStep]:
    return [_step(step, now) for step in view.steps]


def _step(step: StepView, now: datetime) -> PageStep:
    return PageStep(
        kind=step.kind,
        seq=step.seq,
        label=step_label(step.kind, step.seq),
        what=step.what,
        owner=step.owner,
        due=step.due,
        source=step.source_da,
        status=STEP_STATUS_LABELS[step.status],
        open=step.outstanding,
        overdue=step.outstanding and is_overdue(step.status, step.due, now),
        scheduled_at=step.scheduled_at,
        completed_at=step.completed_at,
    )


def plan_of(view: CaseView, steps: list[PageStep]) -> Plan:
    """Both staircase placements, the measures, the actions and the next review."""
    roundtable: Mapping[str, Any] = next(
        (e.data for e in reversed(view.events) if e.kind == EventKind.ROUNDTABLE_HELD), {}
    )
    reviews = [s for s in steps if s.kind == StepKind.REVIEW and s.open]
    return Plan(
        held=bool(roundtable),
        employee=view.staircase.employee,
        employer=view.staircase.employer,
        measures=[MEASURE_LABELS[Measure(m)] for m in roundtable.get("measures", [])],
        participants=[_participant(p) for p in roundtable.get("participants", [])],
        actions=sorted((s for s in steps if s.kind == StepKind.ACTION), key=lambda s: s.seq),
        next_review=reviews[0].due if reviews else None,
    )


def _participant(person: Mapping[str, Any]) -> str:
    role = ROLE_LABELS[ParticipantRole(person["role"])]
    profession = f", {person['profession']}" if person.get("profession") else ""
    if not person.get("name"):  # by role alone (the case knows who)
        return f"{role}{profession}"
    return f"{person['name']} ({role}{profession})"


# Who recorded an event, where the actor is not a person's address (issue 15: the employee's own).
ACTOR_LABELS = {EMPLOYEE_ACTOR: "medarbejderen selv", EMPLOYER_ACTOR: "arbejdspladsen selv"}


def timeline(view: CaseView, team: tuple[Colleague, ...]) -> list[TimelineEntry]:
    return [_entry(event, team) for event in view.events]


def _entry(event: EventView, team: tuple[Colleague, ...]) -> TimelineEntry:
    return TimelineEntry(
        at=event.at,
        label=EVENT_LABELS[event.kind],
        actor=ACTOR_LABELS.get(event.actor, event.actor),
        detail=_detail(event.kind, event.data, team),
    )


# The events that give a case a new owner (issue 14: the queue's moves and transfers).
_MOVES = (EventKind.ASSIGNED, EventKind.REASSIGNED, EventKind.TAKEN_OVER, EventKind.TRANSFERRED)


def _dispatch(data: Mapping[str, Any]) -> list[str]:
    """How a message with legal effect went: the relay's answer, or the letter's file and hash."""
    what = EMAIL_KINDS.get(data.get("message", ""), data.get("message", ""))
    if data.get("channel") == LETTER:
        return [f"Brev (PDF): {what}", f"Fil {data['file']}", f"SHA-256 {data['sha256']}"]
    return [f"E-mail: {what}", f"Mailserverens svar: {data.get('relay_answer', '')}"]


def _detail(kind: EventKind, data: Mapping[str, Any], team: tuple[Colleague, ...]) -> str:
    """One line about what the event carries (the timeline's second column). The data is the
    event's JSON as recorded, so its times and dates are ISO text."""
    names = {c.id: c.name for c in team}
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
    if data.get("step"):
        parts.append(step_label(data["step"], data.get("seq", 1)))
    if data.get("note"):
        parts.append(f"Note: {data['note']}")
    return " · ".join(parts)
