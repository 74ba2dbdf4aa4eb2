"""Deadlines of SPEC §4, computed from a municipality's policy."""

from datetime import date

import pytest

from fasttrack_core.danish_calendar import DanishCalendar
from fasttrack_core.domain.policy import Policy, PolicyError
from fasttrack_core.domain.schedule import (
    Consent,
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
    policy: Policy,
    requested: str = "2026-03-24 09:30",
    cause: Cause | None = None,
    *,
    notice: str | None = None,
    consent: Consent = Consent.ASKED,
    first_absence: date = OLE_FIRST_ABSENCE,
) -> dict[StepKind, str]:
    steps = opening_steps(
        policy,
        at(requested),
        first_absence,
        cause,
        CALENDAR,
        notice_at=at(notice or requested),
        consent=consent,
    )
    return {s.kind: s.due_at.strftime("%Y-%m-%d %H:%M") for s in steps}


def test_default_deadlines_follow_the_law() -> None:
    deadlines = due(Policy())
    assert deadlines[StepKind.NOTICE] == "2026-03-24 23:59"  # leaflet: the same day
    assert deadlines[StepKind.ACCEPTANCE] == "2026-03-26 23:59"  # BEK 1710/2024 § 4: 2 bank days
    assert StepKind.DOCTOR_STATEMENT not in deadlines  # only when needed (§ 11 a)
    assert deadlines[StepKind.FIRST_FOLLOWUP] == "2026-04-07 23:59"  # § 13 b, stk. 2: 2 weeks
    assert deadlines[StepKind.ROUNDTABLE] == "2026-04-14 23:59"  # seeds: a week after the talk
    # § 24: 2026-03-03 to 2026-07-31 is 151 days, not over 22 weeks; August goes over.
    assert deadlines[StepKind.REASSESSMENT] == "2026-08-31 23:59"
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


def test_helsingor_holds_the_roundtable_within_48_working_hours_of_the_first_talk() -> None:
    # Helsingør's seed: «planlægges et møde indenfor 48 timer», the retention (roundtable)
    # meeting; working hours skip the weekend: Friday 16:00 + 48 is Tuesday 16:00.
    helsingor = Policy.from_mapping({"roundtable": "48wh", "roundtable_after": "first_followup"})
    held = roundtable_due_after(
        helsingor, OLE_REQUEST, OLE_FIRST_ABSENCE, at("2026-09-11 16:00"), CALENDAR
    )
    assert held.strftime("%Y-%m-%d %H:%M") == "2026-09-15 16:00"
    assert due(helsingor)[StepKind.FIRST_FOLLOWUP] == "2026-04-07 23:59"  # § 13 b, stk. 2


def test_working_hours_skip_easter() -> None:
    # Wednesday 16:00 before Easter 2026: Maundy Thursday to Easter Monday are no working days.
    helsingor = Policy.from_mapping({"roundtable": "48wh"})
    held = roundtable_due_after(
        helsingor, OLE_REQUEST, OLE_FIRST_ABSENCE, at("2026-04-01 16:00"), CALENDAR
    )
    assert held.strftime("%Y-%m-%d %H:%M") == "2026-04-08 16:00"


def test_varde_holds_the_roundtable_within_a_week_of_the_request() -> None:
    # Varde's seed: «indenfor en uge»; the first talk must then come within the week too.
    varde = Policy.from_mapping(
        {"first_followup": "7d", "roundtable": "7d", "roundtable_after": "request"}
    )
    assert due(varde)[StepKind.ROUNDTABLE] == "2026-03-31 23:59"
    # The talk does not move Varde's roundtable: it is anchored on the request.
    moved = roundtable_due_after(
        varde, OLE_REQUEST, OLE_FIRST_ABSENCE, at("2026-03-27 10:00"), CALENDAR
    )
    assert moved.strftime("%Y-%m-%d") == "2026-03-31"


def test_roskilde_roundtable_within_ten_days_of_the_first_contact() -> None:
    # Roskilde's seed: «indenfor en uge til halvanden efter den første henvendelse».
    roskilde = Policy.from_mapping(
        {"first_followup": "10d", "roundtable": "10d", "roundtable_after": "request"}
    )
    assert due(roskilde, "2026-09-10 10:00")[StepKind.ROUNDTABLE] == "2026-09-20 23:59"


def test_kolding_roundtable_within_7_days_of_the_call_to_the_retention_phone() -> None:
    # Kolding's seed: «1-7 dage efter opkaldet»; the demo configuration's policy for 621.
    import tomllib

    from fasttrack_core.services.configuration import demo_config_text

    centres = tomllib.loads(demo_config_text())["job_centre"]
    kolding = Policy.from_mapping(next(c for c in centres if c["municipality"] == "621")["policy"])
    deadlines = due(kolding, "2026-03-24 09:30")  # the call, a Tuesday
    assert deadlines[StepKind.FIRST_FOLLOWUP] == "2026-03-31 23:59"
    assert deadlines[StepKind.ROUNDTABLE] == "2026-03-31 23:59"


def test_hjorring_roundtable_in_the_second_week_of_absence() -> None:
    # Hjørring's seed: «allerede i anden sygeuge»: by day 13 from the first absence day; when
    # the first talk comes later, a week after it (law.ROUNDTABLE, SPEC §4's default).
    hjorring = Policy.from_mapping({"roundtable": "13d", "roundtable_after": "first_absence_day"})
    talk_held_early = roundtable_due_after(
        hjorring, at("2026-09-08 10:00"), date(2026, 9, 7), at("2026-09-10 10:00"), CALENDAR
    )
    assert talk_held_early.strftime("%Y-%m-%d") == "2026-09-20"
    talk_held_late = roundtable_due_after(
        hjorring, at("2026-09-08 10:00"), date(2026, 9, 7), at("2026-09-22 10:00"), CALENDAR
    )
    assert talk_held_late.strftime("%Y-%m-%d") == "2026-09-29"


def test_a_request_anchored_roundtable_before_the_first_talk_is_refused() -> None:
    # Holding the roundtable needs the first talk (§ 13 b, stk. 2: within 14 days).
    with pytest.raises(PolicyError, match="før første opfølgningssamtale"):
        Policy.from_mapping({"roundtable": "7d", "roundtable_after": "request"})


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


def test_acceptance_counts_2_bank_days_from_the_dispatch_of_the_notice() -> None:
    # law.ACCEPTANCE, BEK 1710/2024 § 4, stk. 1: «senest 2 bankdage efter afsendelsen af
    # brevet». A phone request of Monday registered on Thursday: the notice goes on Thursday.
    deadlines = due(Policy(), "2026-09-07 09:00", notice="2026-09-10 14:00")
    assert deadlines[StepKind.ACCEPTANCE] == "2026-09-14 23:59"


def test_no_deadline_falls_before_the_acceptance_deadline() -> None:
    # law.AFTER_ACCEPTANCE: Varde's 7-day talk for a request registered 8 days late would be due
    # before the employee has had 2 bank days to answer.
    varde = Policy.from_mapping(
        {"first_followup": "7d", "roundtable": "7d", "roundtable_after": "request"}
    )
    deadlines = due(
        varde, "2026-09-01 09:00", notice="2026-09-09 10:00", first_absence=date(2026, 8, 31)
    )
    assert deadlines[StepKind.ACCEPTANCE] == "2026-09-11 23:59"
    assert deadlines[StepKind.FIRST_FOLLOWUP] == "2026-09-11 23:59"
    # The roundtable cannot come before the talk: a week after it (law.ROUNDTABLE).
    assert deadlines[StepKind.ROUNDTABLE] == "2026-09-18 23:59"


def test_the_employees_own_request_has_no_acceptance_step() -> None:
    # BEK 1710/2024 § 4 is in Kapitel 3, «Sager, hvor en arbejdsgiver anmoder».
    deadlines = due(Policy(), consent=Consent.OWN_REQUEST)
    assert StepKind.ACCEPTANCE not in deadlines
    assert deadlines[StepKind.FIRST_FOLLOWUP] == "2026-04-07 23:59"


def test_an_answer_given_with_the_request_completes_the_acceptance() -> None:
    steps = opening_steps(
        Policy(),
        OLE_REQUEST,
        OLE_FIRST_ABSENCE,
        None,
        CALENDAR,
        notice_at=OLE_REQUEST,
        consent=Consent.AGREED,
    )
    assert [s.kind for s in steps if s.done] == [StepKind.NOTICE, StepKind.ACCEPTANCE]
    assert StepKind.ROUNDTABLE in {s.kind for s in steps}


def test_a_decline_given_with_the_request_opens_the_ordinary_follow_up() -> None:
    # § 13 b, stk. 3 (secondary: pav.medst.dk): the first talk by the end of week 8 of absence,
    # and no roundtable.
    deadlines = due(
        Policy(),
        "2026-09-10 13:00",
        cause=Cause.STRESS,
        consent=Consent.DECLINED,
        first_absence=date(2026, 9, 7),
    )
    assert deadlines[StepKind.FIRST_FOLLOWUP] == "2026-11-01 23:59"
    assert StepKind.ROUNDTABLE not in deadlines
    assert StepKind.EMPOWERMENT_TALK not in deadlines
