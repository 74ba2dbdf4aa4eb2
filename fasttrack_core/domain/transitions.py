"""Which recorded events make sense for a case in its current state (SPEC §4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fasttrack_core.domain.pause import Pause
from fasttrack_core.domain.vocabulary import (
    CONSULTANT_EVENTS,
    OUTSTANDING,
    CaseStatus,
    EventKind,
    StepKind,
    StepStatus,
)


@dataclass(frozen=True)
class StepRef:
    """One step of a case: its kind and its number among the steps of that kind."""

    kind: StepKind
    seq: int = 1


@dataclass(frozen=True)
class StepState:
    kind: StepKind
    seq: int
    status: StepStatus
    due_at: datetime
    completed_at: datetime | None = None
    frozen: bool = False  # stopped by the case's pause (domain/pause.py)

    @property
    def ref(self) -> StepRef:
        return StepRef(self.kind, self.seq)

    @property
    def is_outstanding(self) -> bool:
        return self.status in OUTSTANDING


@dataclass(frozen=True)
class CaseSnapshot:
    """Where a case stands: its status and every step it has had (done and cancelled too)."""

    status: CaseStatus
    steps: tuple[StepState, ...] = ()
    pause: Pause | None = None  # while the case is paused

    def outstanding(self, kind: StepKind) -> list[StepState]:
        """The outstanding steps of `kind`, lowest number first."""
        found = (s for s in self.steps if s.kind == kind and s.is_outstanding)
        return sorted(found, key=lambda s: s.seq)

    def is_outstanding(self, kind: StepKind, seq: int | None = None) -> bool:
        return any(seq is None or s.seq == seq for s in self.outstanding(kind))

    def is_done(self, kind: StepKind) -> bool:
        return any(s.kind == kind and s.status == StepStatus.DONE for s in self.steps)


# The step an event completes or books (the rest concern several steps, or none).
STEP_OF: dict[EventKind, StepKind] = {
    EventKind.ACCEPTED: StepKind.ACCEPTANCE,
    EventKind.DECLINED: StepKind.ACCEPTANCE,
    EventKind.DOCTOR_STATEMENT_RECEIVED: StepKind.DOCTOR_STATEMENT,
    EventKind.FOLLOWUP_BOOKED: StepKind.FIRST_FOLLOWUP,
    EventKind.FOLLOWUP_HELD: StepKind.FIRST_FOLLOWUP,
    EventKind.EMPOWERMENT_TALK_HELD: StepKind.EMPOWERMENT_TALK,
    EventKind.ROUNDTABLE_BOOKED: StepKind.ROUNDTABLE,
    EventKind.ROUNDTABLE_HELD: StepKind.ROUNDTABLE,
    EventKind.REASSESSED: StepKind.REASSESSMENT,
}
# The step whose being outstanding makes a case wait for an event.
AWAITED_WHILE: dict[EventKind, StepKind] = {
    **STEP_OF,
    EventKind.ACTION_COMPLETED: StepKind.ACTION,
    EventKind.REVIEW_HELD: StepKind.REVIEW,
    # The doctor's statement is for the first talk: whether it is needed is decided before it.
    EventKind.DOCTOR_STATEMENT_REQUESTED: StepKind.FIRST_FOLLOWUP,
    EventKind.DOCTOR_STATEMENT_NOT_NEEDED: StepKind.FIRST_FOLLOWUP,
    # Decided after the first talk, instead of the roundtable.
    EventKind.SHORT_UNCOMPLICATED: StepKind.ROUNDTABLE,
}
# Events an open case may meet at any time.
ANYTIME = frozenset(
    {EventKind.PARTIAL_RETURN, EventKind.PAUSED, EventKind.CORRECTED, EventKind.CLOSED}
)
# What a paused case may meet: its resumption, or its end.
WHILE_PAUSED = (EventKind.RESUMED, EventKind.CLOSED)

_ALREADY_DONE: dict[StepKind, str] = {
    StepKind.ACCEPTANCE: "Borgerens svar på tilbuddet om Fast track er allerede registreret.",
    StepKind.DOCTOR_STATEMENT: (
        "Der afventes ingen lægeattest: den er registreret, ikke nødvendig, eller ikke anmodet om "
        "(doctor_statement_requested)."
    ),
    StepKind.FIRST_FOLLOWUP: "Første opfølgningssamtale er allerede holdt.",
    StepKind.EMPOWERMENT_TALK: "Der er ingen empowerment-samtale at holde i denne sag.",
    StepKind.ROUNDTABLE: "Rundbordssamtalen er allerede holdt; brug en opfølgning (review_held).",
    StepKind.REASSESSMENT: "Der afventes ingen revurdering (§ 24) på sagen.",
}


def refusal(kind: EventKind, case: CaseSnapshot, action_seq: int | None = None) -> str | None:
    """Why `kind` cannot be recorded now (in Danish), or None when it can."""
    if kind is EventKind.REOPENED:
        return None if case.status is CaseStatus.CLOSED else "Sagen er ikke afsluttet."
    if case.status is CaseStatus.CLOSED:
        return (
            "Sagen er afsluttet; der kan ikke registreres mere på den. Er den afsluttet ved en "
            "fejl, så genåbn den (reopened)."
        )
    pause_refusal = _pause_refusal(kind, case)
    if pause_refusal:
        return pause_refusal
    if kind is EventKind.SHORT_UNCOMPLICATED:
        if case.is_outstanding(StepKind.FIRST_FOLLOWUP):
            return "Et kort og ukompliceret forløb registreres efter første opfølgningssamtale."
        if case.is_outstanding(StepKind.RETURN_CHECK):
            return "Forløbet er allerede registreret som kort og ukompliceret."
        if case.is_done(StepKind.ROUNDTABLE):
            return "Rundbordssamtalen er holdt; forløbet kan ikke længere registreres som kort."
    if kind in (EventKind.ROUNDTABLE_BOOKED, EventKind.ROUNDTABLE_HELD):
        if case.is_outstanding(StepKind.RETURN_CHECK):
            return (
                "Forløbet er kort og ukompliceret (§ 13 f): der holdes ingen samtaler ud over "
                "den første."
            )
        if case.status is CaseStatus.DECLINED:
            return "Borgeren har takket nej til Fast track; der holdes ingen rundbordssamtale."
    if kind is EventKind.ROUNDTABLE_HELD and case.is_outstanding(StepKind.FIRST_FOLLOWUP):
        # Booking may come first (Roskilde books "med det samme"); holding needs the first talk.
        return "Rundbordssamtalen kan først holdes efter første opfølgningssamtale."
    if kind is EventKind.ROUNDTABLE_HELD and case.is_outstanding(StepKind.EMPOWERMENT_TALK):
        return "Empowerment-samtalen skal holdes før rundbordssamtalen."
    step = STEP_OF.get(kind)
    if step is not None and not case.is_outstanding(step):
        return _ALREADY_DONE[step]
    if kind is EventKind.REVIEW_HELD and not case.is_outstanding(StepKind.REVIEW):
        if case.status is CaseStatus.DECLINED:
            # § 13 b, stk. 3: after a decline the ordinary follow-up starts with the first talk.
            return "En opfølgning kan først holdes efter første opfølgningssamtale."
        return "En opfølgning kan først holdes efter rundbordssamtalen."
    if kind is EventKind.ACTION_COMPLETED and not case.is_outstanding(StepKind.ACTION, action_seq):
        return f"Handling nr. {action_seq} findes ikke i planen eller er allerede udført."
    return None


def _pause_refusal(kind: EventKind, case: CaseSnapshot) -> str | None:
    if kind is EventKind.RESUMED and case.pause is None:
        return "Sagen er ikke sat i bero."
    if case.pause is not None and kind not in WHILE_PAUSED:
        resume_on = case.pause.resume_on.isoformat()
        if kind is EventKind.PAUSED:
            return f"Sagen er allerede sat i bero til {resume_on}."
        return f"Sagen er sat i bero til {resume_on}; genoptag den (resumed) først."
    return None


def awaited_events(case: CaseSnapshot) -> list[EventKind]:
    """The events an open case waits for, in the order a case runs: those whose step is
    outstanding, and those that may come at any time. `refusal` still has the last word (a
    roundtable is awaited from the start, but is held after the first talk)."""
    if case.status is CaseStatus.CLOSED:
        return [EventKind.REOPENED]
    if case.pause is not None:
        return list(WHILE_PAUSED)
    return [
        kind
        for kind in CONSULTANT_EVENTS
        if kind in ANYTIME or (kind in AWAITED_WHILE and case.is_outstanding(AWAITED_WHILE[kind]))
    ]
