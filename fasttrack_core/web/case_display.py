"""What the case page shows of a case, in Danish: its steps with labels and deadlines, the
return-to-work plan, and one line per event of the timeline."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fasttrack_core.domain.vocabulary import (
    EVENT_LABELS,
    MEASURE_LABELS,
    STEP_STATUS_LABELS,
    EventKind,
    Measure,
    StepKind,
)
from fasttrack_core.presentation.danish import step_label
from fasttrack_core.services.event_lines import correction_line, event_detail, participant
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
    number: int = 0  # the event's id, which a correction names
    # A corrected event is shown struck through, with what is right beside it.
    correction: str | None = None


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
        (e.effective_data for e in reversed(view.events) if e.kind == EventKind.ROUNDTABLE_HELD),
        {},
    )
    reviews = [s for s in steps if s.kind == StepKind.REVIEW and s.open]
    return Plan(
        held=bool(roundtable),
        employee=view.staircase.employee,
        employer=view.staircase.employer,
        measures=[MEASURE_LABELS[Measure(m)] for m in roundtable.get("measures", [])],
        participants=[participant(p) for p in roundtable.get("participants", [])],
        actions=sorted((s for s in steps if s.kind == StepKind.ACTION), key=lambda s: s.seq),
        next_review=reviews[0].due if reviews else None,
    )


# Who recorded an event, where the actor is not a person's address (issue 15: the employee's own).
ACTOR_LABELS = {EMPLOYEE_ACTOR: "medarbejderen selv", EMPLOYER_ACTOR: "arbejdspladsen selv"}


def timeline(view: CaseView, team: tuple[Colleague, ...]) -> list[TimelineEntry]:
    names = {c.id: c.name for c in team}
    return [_entry(event, names) for event in view.events]


def _entry(event: EventView, names: Mapping[int, str]) -> TimelineEntry:
    fixed = event.corrected
    return TimelineEntry(
        at=event.at,
        label=EVENT_LABELS[event.kind],
        actor=ACTOR_LABELS.get(event.actor, event.actor),
        detail=event_detail(event.kind, event.data, names),
        number=event.id,
        correction=correction_line(
            event.kind, fixed.actor, fixed.corrected_on, fixed.reason, fixed.at, fixed.data, names
        )
        if fixed
        else None,
    )
