"""The recording rules of issue 11 (LAW.md § 4, defects 3, 5, 8 and 9), one test per rule, each
with its source. Computed without a database: `domain.effects` and `domain.schedule`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pytest

from fasttrack_core.domain.effects import Effects, EventRefused, Move, Situation, effects_of
from fasttrack_core.domain.law import PARTIAL_ABSENCE_MINIMUM
from fasttrack_core.domain.policy import Policy
from fasttrack_core.domain.reassessment import Spell, reassessment_month_end
from fasttrack_core.domain.schedule import Consent, PlannedStep, opening_steps
from fasttrack_core.domain.transitions import CaseSnapshot, StepRef, StepState, refusal
from fasttrack_core.domain.vocabulary import CaseStatus, EventKind, StepKind, StepStatus
from tests.conftest import at
from tests.unit.test_effects import (
    CALENDAR,
    DEFAULT,
    OLE_FIRST_ABSENCE,
    OLE_REQUEST,
    effects,
    marked,
    opened,
    with_plan,
)

ASK = Consent.ASKED


def recorded(
    kind: EventKind,
    status: CaseStatus,
    steps: Sequence[StepState],
    when: str,
    data: Mapping[str, Any],
    normal_hours_per_week: float | None = None,
    policy: Policy = DEFAULT,
) -> Effects:
    situation = Situation(
        case=CaseSnapshot(status, tuple(steps)),
        requested_at=OLE_REQUEST,
        first_absence_day=OLE_FIRST_ABSENCE,
        policy=policy,
        calendar=CALENDAR,
        at=at(when),
        normal_hours_per_week=normal_hours_per_week,
    )
    return effects_of(kind, situation, data)


# --- first_talk_in_person: sygedagpengeloven § 13 b, stk. 1, jf. stk. 4 og 5 ----------------------


@pytest.mark.parametrize("mode", ["phone", "video"])
def test_first_talk_in_person_refuses_phone_or_video_without_a_reason(mode: str) -> None:
    # § 13 b, stk. 1: «Den første opfølgning sker ved en individuel samtale med personligt
    # fremmøde, jf. dog stk. 4 og 5».
    steps = marked(opened(), StepStatus.DONE, StepKind.ACCEPTANCE)
    with pytest.raises(EventRefused, match=r"personligt fremmøde.*begrundelse"):
        effects(
            EventKind.FOLLOWUP_HELD, CaseStatus.ACCEPTED, steps, "2026-03-31 10:00", {"mode": mode}
        )


def test_first_talk_in_person_accepts_phone_with_a_reason() -> None:
    # § 13 b, stk. 4 and 5: the exceptions; the consultant records which.
    steps = marked(opened(), StepStatus.DONE, StepKind.ACCEPTANCE)
    data = {"mode": "phone", "reason": "Sengeliggende efter operation"}
    held = effects(EventKind.FOLLOWUP_HELD, CaseStatus.ACCEPTED, steps, "2026-03-31 10:00", data)
    assert held.complete == (StepRef(StepKind.FIRST_FOLLOWUP),)


def test_first_talk_in_person_needs_no_reason_in_person() -> None:
    steps = marked(opened(), StepStatus.DONE, StepKind.ACCEPTANCE)
    held = effects(
        EventKind.FOLLOWUP_HELD,
        CaseStatus.ACCEPTED,
        steps,
        "2026-03-31 10:00",
        {"mode": "in_person"},
    )
    assert held.status is CaseStatus.FOLLOWUP_HELD


# --- partial_absence_minimum: § 53, stk. 1; 4 hours a week (secondary: cabiweb.dk, sygeguide.dk) --


def test_partial_absence_minimum_is_4_hours_a_week() -> None:
    assert (PARTIAL_ABSENCE_MINIMUM.value, PARTIAL_ABSENCE_MINIMUM.unit) == (4, "hours")


def test_partial_absence_minimum_refuses_half_an_hour_of_absence_in_a_37_hour_job() -> None:
    # LAW.md § 4, defect 9: 36.5 hours worked of 37 is 0.5 hours' absence.
    with pytest.raises(EventRefused, match=r"Fraværet er 0,5 timer.*mindst 4 timers fravær"):
        recorded(
            EventKind.PARTIAL_RETURN,
            CaseStatus.PLAN_ACTIVE,
            with_plan(),
            "2026-04-14 08:00",
            {"hours_per_week": 36.5},
            normal_hours_per_week=37,
        )


def test_partial_absence_minimum_accepts_exactly_4_hours_of_absence() -> None:
    back = recorded(
        EventKind.PARTIAL_RETURN,
        CaseStatus.PLAN_ACTIVE,
        with_plan(),
        "2026-04-14 08:00",
        {"hours_per_week": 33},
        normal_hours_per_week=37,
    )
    assert back.partial_return_hours == 33
    assert back.event_data == {"normal_hours_per_week": 37, "absence_hours_per_week": 4}


def test_partial_absence_minimum_reads_the_normal_hours_from_the_event_before_the_request() -> None:
    # The event's normal hours win (the job may have changed since the request); they are kept.
    back = recorded(
        EventKind.PARTIAL_RETURN,
        CaseStatus.PLAN_ACTIVE,
        with_plan(),
        "2026-04-14 08:00",
        {"hours_per_week": 20, "normal_hours_per_week": 30},
        normal_hours_per_week=37,
    )
    assert back.normal_hours_per_week == 30
    assert back.event_data["absence_hours_per_week"] == 10


def test_partial_absence_minimum_cannot_be_checked_without_the_normal_hours() -> None:
    with pytest.raises(EventRefused, match="normale ugentlige arbejdstid kendes ikke"):
        recorded(
            EventKind.PARTIAL_RETURN,
            CaseStatus.PLAN_ACTIVE,
            with_plan(),
            "2026-04-14 08:00",
            {"hours_per_week": 20},
        )


# --- doctor_statement, doctor_statement_minimum, doctor_statement_by_first_talk ------------------
# Sygedagpengeloven § 11 a, § 11 c (only when necessary or wished); BEK 1710/2024 § 11, stk. 3
# (14 days from the request to the GP, at least 8, there by the first talk). Ole: request Tue
# 2026-03-24, first talk due Tue 2026-04-07.

ALWAYS = Policy.from_mapping({"doctor_statement_always": True})
STATEMENT = StepKind.DOCTOR_STATEMENT


def asked(due: str) -> StepState:
    return StepState(STATEMENT, 1, StepStatus.PENDING, at(due))


def test_doctor_statement_is_no_step_of_a_new_case_unless_the_policy_always_asks() -> None:
    # § 11 a: «hvis kommunen vurderer, at det er nødvendigt».
    default = opening_steps(
        DEFAULT,
        OLE_REQUEST,
        OLE_FIRST_ABSENCE,
        None,
        CALENDAR,
        notice_at=OLE_REQUEST,
        consent=ASK,
    )
    assert STATEMENT not in {s.kind for s in default}
    always = opening_steps(
        ALWAYS, OLE_REQUEST, OLE_FIRST_ABSENCE, None, CALENDAR, notice_at=OLE_REQUEST, consent=ASK
    )
    assert PlannedStep(STATEMENT, at("2026-04-07 23:59:59")) in always


def test_doctor_statement_by_first_talk_shortens_the_14_days_to_the_talk() -> None:
    # Asked on 2026-03-25: 14 days would be 2026-04-08, after the talk; 8 days (2026-04-02) fit.
    steps = marked(opened(), StepStatus.DONE, StepKind.ACCEPTANCE)
    requested = recorded(
        EventKind.DOCTOR_STATEMENT_REQUESTED, CaseStatus.ACCEPTED, steps, "2026-03-25 10:00", {}
    )
    assert requested.create == (PlannedStep(STATEMENT, at("2026-04-07 23:59:59")),)
    assert requested.event_data == {"due": "2026-04-07", "after_first_talk": False}
    assert requested.warnings == ()


def test_doctor_statement_is_14_days_from_the_gp_request_when_the_talk_is_later() -> None:
    # After a decline the talk is due at the end of week 8 (2026-04-27).
    steps = marked(opened(), StepStatus.DONE, StepKind.ACCEPTANCE)
    steps = [s if s.kind != StepKind.FIRST_FOLLOWUP else asked_talk(s) for s in steps]
    requested = recorded(
        EventKind.DOCTOR_STATEMENT_REQUESTED, CaseStatus.DECLINED, steps, "2026-04-01 10:00", {}
    )
    assert requested.create == (PlannedStep(STATEMENT, at("2026-04-15 23:59:59")),)


def asked_talk(talk: StepState) -> StepState:
    return StepState(talk.kind, talk.seq, talk.status, at("2026-04-27 23:59:59"))


def test_doctor_statement_minimum_of_8_days_wins_over_the_talk_with_a_warning() -> None:
    # Asked on 2026-04-01: 8 days end on 2026-04-09, after the talk's 2026-04-07.
    steps = marked(opened(), StepStatus.DONE, StepKind.ACCEPTANCE)
    requested = recorded(
        EventKind.DOCTOR_STATEMENT_REQUESTED, CaseStatus.ACCEPTED, steps, "2026-04-01 10:00", {}
    )
    assert requested.create == (PlannedStep(STATEMENT, at("2026-04-09 23:59:59")),)
    assert requested.event_data["after_first_talk"] is True
    assert "efter fristen for første opfølgningssamtale (2026-04-07)" in requested.warnings[0]


def test_doctor_statement_minimum_refuses_a_given_deadline_under_8_days() -> None:
    steps = marked(opened(), StepStatus.DONE, StepKind.ACCEPTANCE)
    with pytest.raises(EventRefused, match=r"mindst 8 dage.*tidligst være 2026-04-02"):
        recorded(
            EventKind.DOCTOR_STATEMENT_REQUESTED,
            CaseStatus.ACCEPTED,
            steps,
            "2026-03-25 10:00",
            {"due": "2026-04-01"},
        )


def test_doctor_statement_given_deadline_after_the_talk_is_kept_with_a_warning() -> None:
    steps = marked(opened(), StepStatus.DONE, StepKind.ACCEPTANCE)
    requested = recorded(
        EventKind.DOCTOR_STATEMENT_REQUESTED,
        CaseStatus.ACCEPTED,
        steps,
        "2026-03-25 10:00",
        {"due": "2026-04-08"},
    )
    assert requested.create == (PlannedStep(STATEMENT, at("2026-04-08 23:59:59")),)
    assert len(requested.warnings) == 1


def test_doctor_statement_asked_again_moves_its_deadline() -> None:
    steps = [*marked(opened(ALWAYS), StepStatus.DONE, StepKind.ACCEPTANCE)]
    requested = recorded(
        EventKind.DOCTOR_STATEMENT_REQUESTED,
        CaseStatus.ACCEPTED,
        steps,
        "2026-03-25 10:00",
        {"due": "2026-04-03"},
        policy=ALWAYS,
    )
    assert (requested.move, requested.create) == (
        (Move(StepRef(STATEMENT), at("2026-04-03 23:59:59")),),
        (),
    )


def test_doctor_statement_not_needed_stops_waiting_for_it() -> None:
    # § 11 a and BEK § 5, nr. 1: «hvis det vurderes nødvendigt».
    steps = [*marked(opened(), StepStatus.DONE, StepKind.ACCEPTANCE), asked("2026-04-07 23:59:59")]
    judged = recorded(
        EventKind.DOCTOR_STATEMENT_NOT_NEEDED,
        CaseStatus.ACCEPTED,
        steps,
        "2026-03-26 10:00",
        {"reason": "Diagnosen er kendt fra sygehuset"},
    )
    assert judged.cancel == (StepRef(STATEMENT),)


def test_doctor_statement_always_policy_refuses_not_needed() -> None:
    steps = marked(opened(ALWAYS), StepStatus.DONE, StepKind.ACCEPTANCE)
    with pytest.raises(EventRefused, match="altid at indhente en lægeattest"):
        recorded(
            EventKind.DOCTOR_STATEMENT_NOT_NEEDED,
            CaseStatus.ACCEPTED,
            steps,
            "2026-03-26 10:00",
            {"reason": "Ikke nødvendig"},
            policy=ALWAYS,
        )


def test_doctor_statement_moves_with_the_talk_after_a_decline() -> None:
    # LAW.md § 4, defect 3(a): the statement is for the talk, now due at the end of week 8.
    steps = [*opened(), asked("2026-04-07 23:59:59")]
    declined = effects(
        EventKind.DECLINED, CaseStatus.AWAITING_ACCEPTANCE, steps, "2026-03-25 10:00"
    )
    assert set(declined.move) == {
        Move(StepRef(StepKind.FIRST_FOLLOWUP), at("2026-04-27 23:59:59")),
        Move(StepRef(STATEMENT), at("2026-04-27 23:59:59")),
    }


# --- reassessment, reassessment_lookback: sygedagpengeloven § 24, stk. 1 (L 720/2014) ------------


def test_reassessment_is_due_at_the_end_of_the_month_22_weeks_are_passed() -> None:
    # LAW.md § 4, defect 5: Ole, first absence 2026-03-03; by 2026-07-31 151 days (not over 154),
    # so the limit is passed in August.
    assert reassessment_month_end(OLE_FIRST_ABSENCE) == date(2026, 8, 31)


def test_reassessment_counts_an_earlier_spell_in_the_9_months() -> None:
    # 28 days in December 2025 + 151 days to 2026-07-31 = 179 > 154: July.
    december = Spell(date(2025, 12, 1), date(2025, 12, 28))
    assert reassessment_month_end(OLE_FIRST_ABSENCE, [december]) == date(2026, 7, 31)


def test_reassessment_lookback_ignores_a_spell_older_than_9_months() -> None:
    # A spell in May 2025 lies outside every window from March 2026 (June 2025 onwards).
    may = Spell(date(2025, 5, 1), date(2025, 5, 28))
    assert reassessment_month_end(OLE_FIRST_ABSENCE, [may]) == date(2026, 8, 31)


def test_reassessment_replaces_the_22_week_closure_step() -> None:
    steps = opening_steps(
        DEFAULT,
        OLE_REQUEST,
        OLE_FIRST_ABSENCE,
        None,
        CALENDAR,
        notice_at=OLE_REQUEST,
        consent=ASK,
    )
    kinds = {s.kind for s in steps}
    assert StepKind.REASSESSMENT in kinds and StepKind.CLOSURE not in kinds


def reassessment_pending() -> list[StepState]:
    return [
        *with_plan(),
        StepState(StepKind.REASSESSMENT, 1, StepStatus.PENDING, at("2026-08-31 23:59")),
    ]


def test_reassessment_extended_under_section_27_sets_the_next_reassessment() -> None:
    extended = recorded(
        EventKind.REASSESSED,
        CaseStatus.PLAN_ACTIVE,
        reassessment_pending(),
        "2026-08-20 10:00",
        {"outcome": "extended", "ground": "medical_treatment", "next_reassessment": "2026-11-30"},
    )
    assert extended.complete == (StepRef(StepKind.REASSESSMENT),)
    assert extended.create == (PlannedStep(StepKind.REASSESSMENT, at("2026-11-30 23:59:59"), 2),)


def test_reassessment_ending_in_job_clarification_completes_the_step_only() -> None:
    done = recorded(
        EventKind.REASSESSED,
        CaseStatus.PLAN_ACTIVE,
        reassessment_pending(),
        "2026-08-20 10:00",
        {"outcome": "job_clarification"},
    )
    assert (done.complete, done.create, done.status) == (
        (StepRef(StepKind.REASSESSMENT),),
        (),
        CaseStatus.PLAN_ACTIVE,
    )


def test_closing_a_case_opened_before_the_reassessment_completes_its_closure_step() -> None:
    # Cases opened before issue 11 keep their 22-week closure step; closing completes it.
    legacy = [
        *with_plan(),
        StepState(StepKind.CLOSURE, 1, StepStatus.PENDING, at("2026-08-04 23:59")),
    ]
    closed = recorded(
        EventKind.CLOSED,
        CaseStatus.PLAN_ACTIVE,
        legacy,
        "2026-05-04 10:00",
        {"outcome": "full_return"},
    )
    assert closed.complete == (StepRef(StepKind.CLOSURE),)


# --- short_course_return_check: § 13 f (2025 reform; enacted text not seen, 13 weeks unverified) --


def talk_held(on: str) -> list[StepState]:
    """Ole's case after an acceptance and the first talk held on `on`."""
    return [
        StepState(s.kind, s.seq, StepStatus.DONE, s.due_at, at(on))
        if s.kind in (StepKind.ACCEPTANCE, StepKind.FIRST_FOLLOWUP)
        else s
        for s in opened()
    ]


def test_short_course_return_check_is_due_at_the_expected_return() -> None:
    short = recorded(
        EventKind.SHORT_UNCOMPLICATED,
        CaseStatus.FOLLOWUP_HELD,
        talk_held("2026-04-01 10:00"),
        "2026-04-01 11:00",
        {"expected_return": "2026-05-04"},
    )
    assert short.create == (PlannedStep(StepKind.RETURN_CHECK, at("2026-05-04 23:59:59")),)
    assert short.cancel == (StepRef(StepKind.ROUNDTABLE),)  # no talks beyond the first
    assert short.warnings == ()


def test_short_course_return_check_is_at_the_latest_13_weeks_after_the_first_talk() -> None:
    # Talk 2026-04-01 + 13 weeks = 2026-07-01.
    short = recorded(
        EventKind.SHORT_UNCOMPLICATED,
        CaseStatus.FOLLOWUP_HELD,
        talk_held("2026-04-01 10:00"),
        "2026-04-02 09:00",
        {"expected_return": "2026-08-15"},
    )
    assert short.create == (PlannedStep(StepKind.RETURN_CHECK, at("2026-07-01 23:59:59")),)
    assert "senest 2026-07-01" in short.warnings[0]


def test_short_course_return_check_applies_from_2025_only() -> None:
    old = Situation(
        case=CaseSnapshot(CaseStatus.FOLLOWUP_HELD, tuple(talk_held("2026-04-01 10:00"))),
        requested_at=OLE_REQUEST,
        first_absence_day=date(2024, 12, 20),
        policy=DEFAULT,
        calendar=CALENDAR,
        at=at("2026-04-01 11:00"),
    )
    with pytest.raises(EventRefused, match="fra 2025-01-01"):
        effects_of(EventKind.SHORT_UNCOMPLICATED, old, {"expected_return": "2026-05-04"})


def test_short_course_is_recorded_after_the_first_talk_and_stops_the_roundtable() -> None:
    before_talk = CaseSnapshot(CaseStatus.ACCEPTED, tuple(opened()))
    assert "efter første opfølgningssamtale" in (
        refusal(EventKind.SHORT_UNCOMPLICATED, before_talk) or ""
    )
    check = StepState(StepKind.RETURN_CHECK, 1, StepStatus.PENDING, at("2026-05-04 23:59"))
    short = CaseSnapshot(CaseStatus.FOLLOWUP_HELD, (*talk_held("2026-04-01 10:00"), check))
    assert "§ 13 f" in (refusal(EventKind.ROUNDTABLE_BOOKED, short) or "")


def test_closing_a_short_course_completes_its_return_check() -> None:
    check = StepState(StepKind.RETURN_CHECK, 1, StepStatus.PENDING, at("2026-05-04 23:59"))
    closed = recorded(
        EventKind.CLOSED,
        CaseStatus.FOLLOWUP_HELD,
        [*talk_held("2026-04-01 10:00"), check],
        "2026-05-04 10:00",
        {"outcome": "full_return"},
    )
    assert closed.complete == (StepRef(StepKind.RETURN_CHECK),)
