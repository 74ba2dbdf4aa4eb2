"""Deadlines of SPEC §4, computed from a municipality's policy."""

from datetime import date

import pytest

from fasttrack_core.danish_calendar import DanishCalendar
from fasttrack_core.domain.law import Unit
from fasttrack_core.domain.policy import Offset, Policy, PolicyError, RoundtableAnchor
from fasttrack_core.domain.schedule import (
    declined_followup_due,
    opening_steps,
    reminder_at,
    roundtable_due_after,
)
from fasttrack_core.domain.vocabulary import Cause, StepKind
from tests.conftest import at

CALENDAR = DanishCalendar()
OLE_REQUEST = at("2026-03-24 09:30")  # a Tuesday
OLE_FIRST_ABSENCE = date(2026, 3, 3)


def due(
    policy: Policy, requested: str = "2026-03-24 09:30", cause: Cause | None = None
) -> dict[StepKind, str]:
    steps = opening_steps(policy, at(requested), OLE_FIRST_ABSENCE, cause, CALENDAR)
    return {s.kind: s.due_at.strftime("%Y-%m-%d %H:%M") for s in steps}


def test_default_deadlines_follow_the_law() -> None:
    deadlines = due(Policy())
    assert deadlines[StepKind.NOTICE] == "2026-03-24 23:59"  # leaflet: the same day
    assert deadlines[StepKind.ACCEPTANCE] == "2026-03-26 23:59"  # BEK 1710/2024 § 4: 2 bank days
    assert deadlines[StepKind.DOCTOR_STATEMENT] == "2026-04-07 23:59"  # leaflet; BEK § 11: 14 days
    assert deadlines[StepKind.FIRST_FOLLOWUP] == "2026-04-07 23:59"  # § 13 b, stk. 2: 2 weeks
    assert deadlines[StepKind.ROUNDTABLE] == "2026-04-14 23:59"  # seeds: a week after the talk
    assert deadlines[StepKind.CLOSURE] == "2026-08-04 23:59"  # 22 weeks after the first absence day
    assert StepKind.EMPOWERMENT_TALK not in deadlines


def test_acceptance_counts_bank_days_over_easter() -> None:
    # BEK 1710/2024 § 4: Maundy Thursday, Good Friday, the weekend and Easter Monday are not
    # bank days.
    assert due(Policy(), "2026-04-01 10:00")[StepKind.ACCEPTANCE] == "2026-04-08 23:59"


def test_friday_after_ascension_is_no_bank_day() -> None:
    assert due(Policy(), "2026-05-13 10:00")[StepKind.ACCEPTANCE] == "2026-05-19 23:59"


def test_declined_fast_track_moves_the_first_talk_to_the_end_of_week_8() -> None:
    # § 13 b, stk. 3: day 0 is the first day of absence; week 8 ends on day 55.
    assert declined_followup_due(OLE_FIRST_ABSENCE).strftime("%Y-%m-%d %H:%M") == "2026-04-27 23:59"


def test_a_deadline_in_hours_counts_from_the_exact_time_of_the_request() -> None:
    # The arithmetic only: the 48 h first talk is refused as a policy (the doctor statement could
    # not be due by it; tests/unit/test_policy_floors.py).
    within_48_hours = Policy(first_followup=Offset(48, Unit.HOURS))
    assert due(within_48_hours)[StepKind.FIRST_FOLLOWUP] == "2026-03-26 09:30"


def test_a_roundtable_anchored_on_the_request_does_not_move_with_the_talk() -> None:
    # The arithmetic only: with the 14-day first talk, the 7 days are refused as a policy.
    varde = Policy(
        roundtable=Offset(7, Unit.CALENDAR_DAYS), roundtable_after=RoundtableAnchor.REQUEST
    )
    assert due(varde)[StepKind.ROUNDTABLE] == "2026-03-31 23:59"
    moved = roundtable_due_after(varde, OLE_REQUEST, at("2026-03-27 10:00"), CALENDAR)
    assert moved.strftime("%Y-%m-%d") == "2026-03-31"


def test_roskilde_roundtable_within_ten_days_of_the_talk() -> None:
    roskilde = Policy.from_mapping({"roundtable": "10d", "suggest_specialist": True})
    held = roundtable_due_after(roskilde, OLE_REQUEST, at("2026-04-01 10:00"), CALENDAR)
    assert held.strftime("%Y-%m-%d") == "2026-04-11"


def test_lyngby_taarbaek_adds_an_empowerment_talk_for_stress() -> None:
    ltk = Policy.from_mapping({"empowerment_talk_causes": ["stress", "mental", "work_related"]})
    assert StepKind.EMPOWERMENT_TALK in due(ltk, cause=Cause.STRESS)
    assert StepKind.EMPOWERMENT_TALK not in due(ltk, cause=Cause.MUSCULOSKELETAL)


def test_reminder_comes_two_working_days_before_skipping_easter() -> None:
    deadline = at("2026-04-07 23:59")
    reminder = reminder_at(deadline, OLE_REQUEST, Policy(), CALENDAR)
    assert reminder is not None
    assert reminder.strftime("%Y-%m-%d %H:%M") == "2026-03-31 07:00"


def test_no_reminder_when_its_time_has_already_passed() -> None:
    assert reminder_at(at("2026-03-26 23:59"), OLE_REQUEST, Policy(), CALENDAR) is None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"first_followup": "15d"}, "senest 14 dage"),  # § 13 b, stk. 2
        ({"doctor_statement": "7d"}, "mindst 8 dage"),  # BEK 1710/2024 § 11
        ({"first_followup": "two weeks"}, "Ugyldig frist"),
        ({"coffee_breaks": 3}, "Ukendte politikfelter"),
    ],
)
def test_policy_cannot_break_the_law_or_be_misspelt(
    overrides: dict[str, object], message: str
) -> None:
    with pytest.raises(PolicyError, match=message):
        Policy.from_mapping(overrides)
