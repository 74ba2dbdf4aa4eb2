"""Corrections without editing history (issue 14, item 5): what a `corrected` event may correct
and what it changes; what `reopened` brings back.

A correction names an earlier event and says what is right: its time (`at`) and/or its data
(`data`, merged over the recorded data; a key set to null is removed). The original stays in the
timeline. The derived state is recomputed by running the original kind's effects again on the
case as it stood before that event did its work (the steps it completed outstanding again), with
the corrected values, and keeping what still matters now: the completed steps get the corrected
time, steps it made or moved that are still outstanding get the recomputed deadline, and the
case's own fields (staircase, hours, outcome) follow when no later event set them again.

Corrections keep the order of the timeline (the corrected time lies between the events before and
after it), so later events remain valid. Kinds whose effects cannot be recomputed that way are
refused with what to do instead (BEK om det fælles datagrundlag § 37, stk. 3, [verified, through
ANCHORS.md]: a follow-up is corrected by a berigtigelse with a reason, not by editing it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from fasttrack_core.domain.effects import Effects, Move, Placement, Situation, effects_of
from fasttrack_core.domain.transitions import CaseSnapshot, StepRef, StepState
from fasttrack_core.domain.vocabulary import (
    OUTSTANDING,
    CaseStatus,
    EventKind,
    Outcome,
    StepKind,
    StepStatus,
)

# What may be corrected: events whose effects are completing a step, moving deadlines from its
# time, or setting the case's fields.
CORRECTABLE = frozenset(
    {
        EventKind.ACCEPTED,
        EventKind.DECLINED,
        EventKind.DOCTOR_STATEMENT_NOT_NEEDED,
        EventKind.DOCTOR_STATEMENT_RECEIVED,
        EventKind.FOLLOWUP_HELD,
        EventKind.SHORT_UNCOMPLICATED,
        EventKind.EMPOWERMENT_TALK_HELD,
        EventKind.ROUNDTABLE_HELD,
        EventKind.ACTION_COMPLETED,
        EventKind.REVIEW_HELD,
        EventKind.PARTIAL_RETURN,
        EventKind.CLOSED,
    }
)
# Why the others cannot be, and what to do instead (Danish).
NOT_CORRECTABLE: dict[EventKind, str] = {
    EventKind.FOLLOWUP_BOOKED: "En booking rettes ved at booke igen (deltagerne får besked).",
    EventKind.ROUNDTABLE_BOOKED: "En booking rettes ved at booke igen (deltagerne får besked).",
    EventKind.DOCTOR_STATEMENT_REQUESTED: (
        "En anmodning om lægeattest rettes ved at anmode igen: fristen flyttes."
    ),
    EventKind.REASSESSED: (
        "En revurdering (§ 24) er en afgørelse; den rettes ikke her, men ved en ny afgørelse."
    ),
    EventKind.PAUSED: "En pause rettes ved at genoptage sagen og sætte den i bero igen.",
    EventKind.RESUMED: "En genoptagelse rettes ved at sætte sagen i bero igen.",
    EventKind.CORRECTED: "En rettelse rettes ved at rette den oprindelige hændelse igen.",
    EventKind.REOPENED: "En genåbning rettes ved at afslutte sagen igen.",
}
# Data a correction may not change: what made steps (the plan's actions, the action done).
FIXED_DATA: dict[EventKind, tuple[str, ...]] = {
    EventKind.ROUNDTABLE_HELD: ("actions",),
    EventKind.ACTION_COMPLETED: ("action",),
}
# The events that set the same field of the case: a correction sets it only when none of these
# came later.
CASE_FIELD_KINDS: dict[EventKind, frozenset[EventKind]] = {
    EventKind.ROUNDTABLE_HELD: frozenset({EventKind.ROUNDTABLE_HELD, EventKind.REVIEW_HELD}),
    EventKind.REVIEW_HELD: frozenset({EventKind.ROUNDTABLE_HELD, EventKind.REVIEW_HELD}),
    EventKind.PARTIAL_RETURN: frozenset({EventKind.PARTIAL_RETURN}),
    EventKind.CLOSED: frozenset({EventKind.CLOSED, EventKind.REOPENED}),
}


# What an event's record keeps from the moment it happened: a correction does not recompute it
# (the status and the steps a closing ended, for a reopening).
RECORDED_ONCE = frozenset({"status_before", "ended"})


class CorrectionRefused(ValueError):
    """A correction that cannot be made; the message is Danish."""


@dataclass(frozen=True)
class Recorded:
    """An event as the timeline holds it, with its corrections applied (what is right now)."""

    id: int
    kind: EventKind
    at: datetime
    data: Mapping[str, Any]


@dataclass(frozen=True)
class Correction:
    """What a correction changes."""

    at: datetime  # the corrected time of the event
    data: Mapping[str, Any]  # the corrected data
    retime: tuple[tuple[StepRef, datetime], ...] = ()  # done steps: their corrected completion
    move: tuple[Move, ...] = ()  # outstanding steps: their recomputed deadline
    effects: Effects | None = None  # the case's fields, when no later event set them again
    event_data: Mapping[str, Any] = field(default_factory=dict)  # the record's computed part
    warnings: tuple[str, ...] = ()


def corrected_data(original: Mapping[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    """The recorded data with the correction's keys over it; a key set to None is removed."""
    merged = {**original, **patch}
    return {key: value for key, value in merged.items() if value is not None}


def check_correctable(
    kind: EventKind, original: Mapping[str, Any], data: Mapping[str, Any]
) -> None:
    if kind in NOT_CORRECTABLE:
        raise CorrectionRefused(NOT_CORRECTABLE[kind])
    if kind not in CORRECTABLE:
        raise CorrectionRefused(
            "Denne hændelse kan ikke rettes (fx systemets påmindelser eller en flytning af sagen); "
            "registrér i stedet det, der er rigtigt."
        )
    for key in FIXED_DATA.get(kind, ()):
        if data.get(key) != original.get(key):
            raise CorrectionRefused(
                f"«{key}» kan ikke rettes: det har oprettet skridt. Registrér en ny hændelse "
                "i stedet."
            )


def check_order(at: datetime, before: datetime | None, after: datetime | None) -> None:
    """The corrected time keeps the timeline's order."""
    if before is not None and at < before:
        raise CorrectionRefused(
            f"Det rettede tidspunkt ligger før den forrige hændelse ({before.isoformat()}); "
            "rettelser bevarer hændelsernes rækkefølge."
        )
    if after is not None and at > after:
        raise CorrectionRefused(
            f"Det rettede tidspunkt ligger efter den næste hændelse ({after.isoformat()}); "
            "rettelser bevarer hændelsernes rækkefølge."
        )


def before_event(case: CaseSnapshot, original: Recorded, status: CaseStatus) -> CaseSnapshot:
    """The case as the event met it, as far as its effects read it: the steps it completed (done
    at its time) outstanding again, the status it met, and no pause."""
    steps = tuple(
        replace(s, status=StepStatus.PENDING, completed_at=None)
        if s.status is StepStatus.DONE and s.completed_at == original.at
        else s
        for s in case.steps
    )
    return CaseSnapshot(status=status, steps=steps)


def correction(
    original: Recorded,
    corrected_at: datetime,
    data: Mapping[str, Any],
    situation: Situation,
    later_kinds: Sequence[EventKind],
    now_steps: Sequence[StepState],
) -> Correction:
    """Run the original kind's effects again with the corrected values, on the case as it met
    the event (`situation`), and keep what still matters on the case as it is (`now_steps`)."""
    effects = effects_of(original.kind, situation, data)
    current = {(s.kind, s.seq): s for s in now_steps}
    retime = tuple(
        (ref, corrected_at)
        for ref in effects.complete
        if (found := current.get((ref.kind, ref.seq))) and found.status is StepStatus.DONE
    )
    moves = [*effects.move]
    moves += [Move(StepRef(p.kind, p.seq), p.due_at) for p in effects.create]
    still_open = tuple(
        move
        for move in moves
        if (found := current.get((move.step.kind, move.step.seq)))
        and found.status in OUTSTANDING
        and not found.frozen
    )
    sets_fields = not set(later_kinds) & CASE_FIELD_KINDS.get(original.kind, frozenset())
    return Correction(
        at=corrected_at,
        data=data,
        retime=retime,
        move=still_open,
        effects=effects if sets_fields else None,
        event_data={k: v for k, v in effects.event_data.items() if k not in RECORDED_ONCE},
        warnings=effects.warnings,
    )


def case_fields(effects: Effects) -> dict[str, Any]:
    """The case's fields a corrected event sets (the staircase, the hours, the outcome)."""
    fields: dict[str, Any] = {}
    if isinstance(effects.staircase, Placement):
        fields["staircase_employee"] = effects.staircase.employee
        fields["staircase_employer"] = effects.staircase.employer
    if effects.partial_return_hours is not None:
        fields["partial_return_hours"] = effects.partial_return_hours
    if effects.normal_hours_per_week is not None:
        fields["normal_hours_per_week"] = effects.normal_hours_per_week
    if isinstance(effects.outcome, Outcome):
        fields["outcome"] = effects.outcome.value
    return fields


# --- reopening ------------------------------------------------------------------------------------


def status_before_closing(
    case: CaseSnapshot, recorded_before: str | None, declined: bool
) -> CaseStatus:
    """The status a closed case had: as its `closed` event recorded it, else as its steps
    show (cases closed before the status was recorded)."""
    if recorded_before:
        return CaseStatus(recorded_before)
    if declined:
        return CaseStatus.DECLINED
    for kind, status in (
        (StepKind.ROUNDTABLE, CaseStatus.PLAN_ACTIVE),
        (StepKind.FIRST_FOLLOWUP, CaseStatus.FOLLOWUP_HELD),
        (StepKind.ACCEPTANCE, CaseStatus.ACCEPTED),
    ):
        if case.is_done(kind):
            return status
    if not any(s.kind is StepKind.ACCEPTANCE for s in case.steps):
        return CaseStatus.ACCEPTED  # the employee's own request (§ 7 e)
    return CaseStatus.AWAITING_ACCEPTANCE


def ended_by_closing(
    case: CaseSnapshot, closed_at: datetime, recorded: Sequence[Any]
) -> list[StepRef]:
    """The steps the closing ended: as its `closed` event recorded them (kind and number), else
    the cancelled steps and those done at the closing's time (cases closed before they were
    recorded; a step cancelled by an earlier event may then come back, and can be cancelled by
    recording what made it unnecessary again)."""
    if recorded:
        return [StepRef(StepKind(kind), int(seq)) for kind, seq in recorded]
    return [
        s.ref
        for s in case.steps
        if s.status is StepStatus.CANCELLED
        or (s.status is StepStatus.DONE and s.completed_at == closed_at)
    ]
