"""Which recorded events make sense for a case in its current state (SPEC §4), and what follows."""

from __future__ import annotations

from dataclasses import dataclass, field

from fasttrack_core.domain.vocabulary import CaseStatus, EventKind, StepKind


@dataclass(frozen=True)
class CaseSnapshot:
    status: CaseStatus
    outstanding: dict[StepKind, frozenset[int]] = field(default_factory=dict)
    done: frozenset[StepKind] = frozenset()

    def is_outstanding(self, kind: StepKind, seq: int | None = None) -> bool:
        seqs = self.outstanding.get(kind, frozenset())
        return bool(seqs) if seq is None else seq in seqs


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
}

_ALREADY_DONE: dict[StepKind, str] = {
    StepKind.ACCEPTANCE: "Borgerens svar på tilbuddet om Fast track er allerede registreret.",
    StepKind.DOCTOR_STATEMENT: "Lægeattesten er allerede registreret.",
    StepKind.FIRST_FOLLOWUP: "Første opfølgningssamtale er allerede holdt.",
    StepKind.EMPOWERMENT_TALK: "Der er ingen empowerment-samtale at holde i denne sag.",
    StepKind.ROUNDTABLE: "Rundbordssamtalen er allerede holdt; brug en opfølgning (review_held).",
}


def refusal(kind: EventKind, case: CaseSnapshot, action_seq: int | None = None) -> str | None:
    """Why `kind` cannot be recorded now (in Danish), or None when it can."""
    if case.status is CaseStatus.CLOSED:
        return "Sagen er afsluttet; der kan ikke registreres mere på den."
    if kind in (EventKind.ROUNDTABLE_BOOKED, EventKind.ROUNDTABLE_HELD):
        if case.status is CaseStatus.DECLINED:
            return "Borgeren har takket nej til Fast track; der holdes ingen rundbordssamtale."
        if case.is_outstanding(StepKind.FIRST_FOLLOWUP):
            return "Rundbordssamtalen kan først holdes efter første opfølgningssamtale."
    if kind is EventKind.ROUNDTABLE_HELD and case.is_outstanding(StepKind.EMPOWERMENT_TALK):
        return "Empowerment-samtalen skal holdes før rundbordssamtalen."
    step = STEP_OF.get(kind)
    if step is not None and not case.is_outstanding(step):
        return _ALREADY_DONE[step]
    if kind is EventKind.REVIEW_HELD and StepKind.ROUNDTABLE not in case.done:
        return "En opfølgning kan først holdes efter rundbordssamtalen."
    if kind is EventKind.ACTION_COMPLETED and not case.is_outstanding(StepKind.ACTION, action_seq):
        return f"Handling nr. {action_seq} findes ikke i planen eller er allerede udført."
    return None


def status_after(kind: EventKind, current: CaseStatus) -> CaseStatus:
    """The case status once `kind` has been recorded."""
    return {
        EventKind.ACCEPTED: CaseStatus.ACCEPTED,
        EventKind.DECLINED: CaseStatus.DECLINED,
        EventKind.FOLLOWUP_HELD: (
            CaseStatus.DECLINED if current is CaseStatus.DECLINED else CaseStatus.FOLLOWUP_HELD
        ),
        EventKind.ROUNDTABLE_HELD: CaseStatus.PLAN_ACTIVE,
        EventKind.CLOSED: CaseStatus.CLOSED,
    }.get(kind, current)
