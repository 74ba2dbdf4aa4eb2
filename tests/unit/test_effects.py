"""What each recorded event does to a case (SPEC §4), computed without a database."""

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pytest

from fasttrack_core.danish_calendar import DanishCalendar
from fasttrack_core.domain.effects import (
    EFFECTS,
    Booking,
    Effects,
    EventRefused,
    Move,
    Placement,
    Situation,
    effects_of,
)
from fasttrack_core.domain.policy import Policy
from fasttrack_core.domain.schedule import Consent, PlannedStep, opening_steps
from fasttrack_core.domain.transitions import CaseSnapshot, StepRef, StepState
from fasttrack_core.domain.vocabulary import (
    CONSULTANT_EVENTS,
    CaseStatus,
    Cause,
    EventKind,
    Outcome,
    StepKind,
    StepStatus,
)
from tests.conftest import at

CALENDAR = DanishCalendar()
OLE_REQUEST = at("2026-03-24 09:30")  # a Tuesday
OLE_FIRST_ABSENCE = date(2026, 3, 3)
DEFAULT = Policy()
LYNGBY_TAARBAEK = Policy.from_mapping({"empowerment_talk_causes": ["stress"]})
HELSINGOR = Policy.from_mapping({"staircase": True})  # the staircase is Helsingør's tool
PARTICIPANTS = [{"role": "employee", "name": "Ole Hansen", "email": "ole@example.dk"}]
BOOKING = {
    "starts_at": "2026-03-30T10:00:00+02:00",
    "minutes": 60,
    "participants": PARTICIPANTS,
    "cancelled": False,
}


def opened(policy: Policy = DEFAULT, cause: Cause | None = None) -> list[StepState]:
    """A new case's steps: the notice is sent at intake, the rest are pending."""
    return [
        StepState(
            p.kind,
            p.seq,
            StepStatus.DONE if p.kind is StepKind.NOTICE else StepStatus.PENDING,
            p.due_at,
        )
        for p in opening_steps(
            policy,
            OLE_REQUEST,
            OLE_FIRST_ABSENCE,
            cause,
            CALENDAR,
            notice_at=OLE_REQUEST,
            consent=Consent.ASKED,
        )
    ]


def marked(steps: list[StepState], status: StepStatus, *kinds: StepKind) -> list[StepState]:
    return [StepState(s.kind, s.seq, status, s.due_at) if s.kind in kinds else s for s in steps]


def effects(
    kind: EventKind,
    status: CaseStatus,
    steps: Sequence[StepState],
    when: str,
    data: Mapping[str, Any] | None = None,
    policy: Policy = DEFAULT,
    earlier: Sequence[Mapping[str, Any]] = (),
) -> Effects:
    situation = Situation(
        case=CaseSnapshot(status, tuple(steps)),
        requested_at=OLE_REQUEST,
        first_absence_day=OLE_FIRST_ABSENCE,
        policy=policy,
        calendar=CALENDAR,
        at=at(when),
        earlier=earlier,
    )
    return effects_of(kind, situation, data or {})


def after_talk() -> list[StepState]:
    return marked(opened(), StepStatus.DONE, StepKind.ACCEPTANCE, StepKind.FIRST_FOLLOWUP)


def with_plan() -> list[StepState]:
    plan = marked(after_talk(), StepStatus.DONE, StepKind.ROUNDTABLE, StepKind.DOCTOR_STATEMENT)
    return [
        *plan,
        StepState(StepKind.ACTION, 1, StepStatus.DONE, at("2026-04-20 23:59:59")),
        StepState(StepKind.ACTION, 2, StepStatus.PENDING, at("2026-04-20 23:59:59")),
        StepState(StepKind.REVIEW, 1, StepStatus.PENDING, at("2026-04-30 23:59:59")),
    ]


def test_every_event_a_consultant_records_has_its_effects() -> None:
    # A correction and a reopening act on the history, not on the case as it stands
    # (domain/corrections.py, services/corrections.py).
    separate = {EventKind.CORRECTED, EventKind.REOPENED}
    assert set(EFFECTS) == set(CONSULTANT_EVENTS) - separate


def test_accepting_completes_the_acceptance_and_nothing_else() -> None:
    done = effects(EventKind.ACCEPTED, CaseStatus.AWAITING_ACCEPTANCE, opened(), "2026-03-25 10:00")
    assert done.status is CaseStatus.ACCEPTED
    assert done.complete == (StepRef(StepKind.ACCEPTANCE),)
    assert (done.cancel, done.move, done.create, done.warnings) == ((), (), (), ())


def test_declining_moves_the_first_talk_to_the_end_of_week_8_and_drops_the_roundtable() -> None:
    # § 13 b, stk. 3: first absence 2026-03-03 (day 0), week 8 ends on day 55.
    steps = opened(LYNGBY_TAARBAEK, Cause.STRESS)
    declined = effects(
        EventKind.DECLINED, CaseStatus.AWAITING_ACCEPTANCE, steps, "2026-03-25 10:00"
    )
    assert declined.status is CaseStatus.DECLINED
    assert declined.complete == (StepRef(StepKind.ACCEPTANCE),)
    assert declined.move == (Move(StepRef(StepKind.FIRST_FOLLOWUP), at("2026-04-27 23:59:59")),)
    assert set(declined.cancel) == {
        StepRef(StepKind.ROUNDTABLE),
        StepRef(StepKind.EMPOWERMENT_TALK),
    }


def test_the_doctors_statement_completes_its_own_step() -> None:
    asked = StepState(StepKind.DOCTOR_STATEMENT, 1, StepStatus.PENDING, at("2026-04-07 23:59:59"))
    received = effects(
        EventKind.DOCTOR_STATEMENT_RECEIVED,
        CaseStatus.ACCEPTED,
        [*opened(), asked],
        "2026-04-01 10:00",
    )
    assert received.status is CaseStatus.ACCEPTED
    assert received.complete == (StepRef(StepKind.DOCTOR_STATEMENT),)


def test_a_first_booking_sets_the_meeting_time_and_invites_as_version_0() -> None:
    booked = effects(
        EventKind.FOLLOWUP_BOOKED, CaseStatus.ACCEPTED, opened(), "2026-03-25 10:00", BOOKING
    )
    assert booked.book == (Booking(StepRef(StepKind.FIRST_FOLLOWUP), at("2026-03-30 10:00")),)
    assert booked.event_data == {"sequence": 0, "participants": PARTICIPANTS}
    assert booked.invitation is not None
    assert booked.invitation.sequence == 0 and not booked.invitation.cancelled
    assert booked.invitation.meeting.starts_at == at("2026-03-30 10:00")
    assert booked.warnings == ()


def test_a_meeting_booked_after_the_deadline_is_booked_with_a_warning() -> None:
    late = {**BOOKING, "starts_at": "2026-04-08T10:00:00+02:00"}
    booked = effects(
        EventKind.FOLLOWUP_BOOKED, CaseStatus.ACCEPTED, opened(), "2026-03-25 10:00", late
    )
    assert booked.book == (Booking(StepRef(StepKind.FIRST_FOLLOWUP), at("2026-04-08 10:00")),)
    assert booked.warnings == ("Mødet ligger efter fristen (2026-04-07).",)


def test_a_moved_meeting_keeps_its_participants_and_is_the_next_version() -> None:
    moved = {**BOOKING, "starts_at": "2026-03-31T13:00:00+02:00", "participants": []}
    booked = effects(
        EventKind.FOLLOWUP_BOOKED,
        CaseStatus.ACCEPTED,
        opened(),
        "2026-03-26 10:00",
        moved,
        earlier=[BOOKING],
    )
    assert booked.event_data == {"sequence": 1, "participants": PARTICIPANTS}
    assert booked.invitation is not None and booked.invitation.sequence == 1
    assert list(booked.invitation.meeting.participants) == PARTICIPANTS


def test_a_cancelled_meeting_is_unbooked_and_its_last_version_cancelled() -> None:
    cancelled = {"minutes": 60, "participants": [], "cancelled": True}
    booked = effects(
        EventKind.FOLLOWUP_BOOKED,
        CaseStatus.ACCEPTED,
        opened(),
        "2026-03-26 10:00",
        cancelled,
        earlier=[BOOKING],
    )
    assert booked.book == (Booking(StepRef(StepKind.FIRST_FOLLOWUP), None),)
    assert booked.event_data == {"sequence": 1}
    assert booked.invitation is not None and booked.invitation.cancelled
    assert booked.invitation.meeting.starts_at == at("2026-03-30 10:00")


def test_cancelling_a_meeting_never_booked_invites_nobody() -> None:
    cancelled = {"minutes": 60, "participants": [], "cancelled": True}
    booked = effects(
        EventKind.FOLLOWUP_BOOKED, CaseStatus.ACCEPTED, opened(), "2026-03-26 10:00", cancelled
    )
    assert booked.invitation is None


def test_the_first_talk_makes_the_roundtable_due_a_week_after_it() -> None:
    steps = marked(opened(), StepStatus.DONE, StepKind.ACCEPTANCE)
    held = effects(EventKind.FOLLOWUP_HELD, CaseStatus.ACCEPTED, steps, "2026-03-31 10:00")
    assert held.status is CaseStatus.FOLLOWUP_HELD
    assert held.complete == (StepRef(StepKind.FIRST_FOLLOWUP),)
    assert held.move == (Move(StepRef(StepKind.ROUNDTABLE), at("2026-04-07 23:59:59")),)


def test_the_first_talk_after_a_decline_leaves_the_case_declined_without_a_roundtable() -> None:
    steps = marked(opened(), StepStatus.DONE, StepKind.ACCEPTANCE)
    steps = marked(steps, StepStatus.CANCELLED, StepKind.ROUNDTABLE)
    held = effects(EventKind.FOLLOWUP_HELD, CaseStatus.DECLINED, steps, "2026-04-20 10:00")
    assert held.status is CaseStatus.DECLINED
    assert held.move == ()
    # § 13 b, stk. 1 and 3: the ordinary follow-up goes on, the next one a review interval later.
    assert held.create == (PlannedStep(StepKind.REVIEW, at("2026-05-18 23:59:59")),)


def test_the_roundtable_turns_the_plan_into_actions_and_a_review_four_weeks_later() -> None:
    plan = {
        "participants": PARTICIPANTS,
        "staircase": {"employee": 5, "employer": 4},
        "actions": [
            {"what": "Ryg- og skuldertræning", "owner": "employee", "due": "2026-04-20"},
            {"what": "Lettere opgaver", "owner": "leader", "due": "2026-04-13"},
        ],
    }
    held = effects(
        EventKind.ROUNDTABLE_HELD,
        CaseStatus.FOLLOWUP_HELD,
        after_talk(),
        "2026-04-02 12:00",
        plan,
        policy=HELSINGOR,
    )
    assert held.status is CaseStatus.PLAN_ACTIVE
    assert held.complete == (StepRef(StepKind.ROUNDTABLE),)
    assert held.staircase == Placement(employee=5, employer=4)
    assert held.event_data == {"staircase_differs": True}
    assert held.create == (
        PlannedStep(
            StepKind.ACTION,
            at("2026-04-20 23:59:59"),
            1,
            owner="employee",
            title="Ryg- og skuldertræning",
        ),
        PlannedStep(
            StepKind.ACTION, at("2026-04-13 23:59:59"), 2, owner="leader", title="Lettere opgaver"
        ),
        PlannedStep(StepKind.REVIEW, at("2026-04-30 23:59:59"), 1),
    )


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        (
            {"actions": [{"what": "Lettere opgaver", "owner": "leader", "due": "2026-04-01"}]},
            "Handlingen 'Lettere opgaver' har en frist før rundbordssamtalen.",
        ),
        ({"next_review": "2026-04-02"}, "Næste opfølgning skal ligge efter mødet."),
        # § 13 b, stk. 1 and the default review interval of 4 weeks.
        (
            {"next_review": "2026-05-01"},
            "Næste opfølgning skal ligge senest 2026-04-30 (4 uger efter mødet).",
        ),
    ],
)
def test_a_plan_with_an_impossible_date_is_refused(extra: dict[str, Any], reason: str) -> None:
    plan = {"participants": PARTICIPANTS, **extra}
    with pytest.raises(EventRefused, match=re.escape(reason)):
        effects(
            EventKind.ROUNDTABLE_HELD,
            CaseStatus.FOLLOWUP_HELD,
            after_talk(),
            "2026-04-02 12:00",
            plan,
        )


def test_a_review_books_the_next_one_and_records_new_placements() -> None:
    data = {"staircase": {"employee": 3, "employer": 3}}
    held = effects(
        EventKind.REVIEW_HELD,
        CaseStatus.PLAN_ACTIVE,
        with_plan(),
        "2026-04-28 10:00",
        data,
        policy=HELSINGOR,
    )
    assert held.status is CaseStatus.PLAN_ACTIVE
    assert held.complete == (StepRef(StepKind.REVIEW, 1),)
    assert held.create == (PlannedStep(StepKind.REVIEW, at("2026-05-26 23:59:59"), 2),)
    assert held.staircase == Placement(employee=3, employer=3)
    assert held.event_data == {"staircase_differs": False}


def test_a_review_on_an_agreed_date_is_due_that_day() -> None:
    data = {"next_review": "2026-05-12"}
    held = effects(
        EventKind.REVIEW_HELD, CaseStatus.PLAN_ACTIVE, with_plan(), "2026-04-28 10:00", data
    )
    assert held.create == (PlannedStep(StepKind.REVIEW, at("2026-05-12 23:59:59"), 2),)
    assert held.staircase is None and held.event_data == {}


def test_completing_an_action_completes_that_action_only() -> None:
    done = effects(
        EventKind.ACTION_COMPLETED,
        CaseStatus.PLAN_ACTIVE,
        with_plan(),
        "2026-04-15 10:00",
        {"action": 2},
    )
    assert done.complete == (StepRef(StepKind.ACTION, 2),)
    assert done.status is CaseStatus.PLAN_ACTIVE


def test_a_partial_return_records_the_hours_worked() -> None:
    returned = effects(
        EventKind.PARTIAL_RETURN,
        CaseStatus.PLAN_ACTIVE,
        with_plan(),
        "2026-04-15 10:00",
        {"hours_per_week": 18.5, "normal_hours_per_week": 37},
    )
    assert returned.partial_return_hours == 18.5
    assert returned.status is CaseStatus.PLAN_ACTIVE
    assert returned.complete == ()


def test_closing_cancels_every_open_step_the_reassessment_too() -> None:
    closed = effects(
        EventKind.CLOSED,
        CaseStatus.PLAN_ACTIVE,
        with_plan(),
        "2026-05-04 10:00",
        {"outcome": "full_return"},
    )
    assert closed.status is CaseStatus.CLOSED
    assert closed.outcome is Outcome.FULL_RETURN
    assert closed.complete == ()
    assert set(closed.cancel) == {
        StepRef(StepKind.ACTION, 2),
        StepRef(StepKind.REVIEW, 1),
        StepRef(StepKind.REASSESSMENT),
    }
