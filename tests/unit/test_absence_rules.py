"""Hjørring's absence alert rules on their edges (issue 16): 6 and 7 days in a row, 3 spells in
92 days (calendar months, not a number of days), spells bridged by a weekend or a holiday."""

from __future__ import annotations

from datetime import date

import pytest

from fasttrack_core.danish_calendar import DanishCalendar
from fasttrack_core.domain.absence_file import check_rows, header_problem
from fasttrack_core.domain.absence_rules import (
    AlertRule,
    AlertRules,
    Spell,
    add_months,
    answer_due,
    current,
    spells_of,
    triggers,
)
from fasttrack_core.domain.policy import Policy, PolicyError

CALENDAR = DanishCalendar()
HJORRING = AlertRules.of(Policy())


def d(text: str) -> date:
    return date.fromisoformat(text)


def alerts(*registrations: tuple[str, str], rules: AlertRules = HJORRING) -> list[tuple[str, str]]:
    spells = spells_of([Spell(d(a), d(b)) for a, b in registrations], CALENDAR)
    return [(t.rule.value, t.day.isoformat()) for t in triggers(spells, rules)]


def test_the_default_rules_are_hjorrings() -> None:
    assert (HJORRING.consecutive_days, HJORRING.spells, HJORRING.window_months) == (7, 3, 3)
    assert HJORRING.answer_working_days == 3


def test_six_days_in_a_row_raise_no_alert() -> None:
    assert alerts(("2026-03-02", "2026-03-07")) == []  # Monday to Saturday


def test_seven_days_in_a_row_raise_an_alert_on_the_seventh_day() -> None:
    assert alerts(("2026-03-02", "2026-03-08")) == [("consecutive_days", "2026-03-08")]


def test_a_weekend_between_two_registrations_makes_one_spell() -> None:
    # Monday-Friday, then Monday-Tuesday: one spell of 9 calendar days.
    spells = spells_of(
        [Spell(d("2026-03-02"), d("2026-03-06")), Spell(d("2026-03-09"), d("2026-03-10"))],
        CALENDAR,
    )
    assert spells == [Spell(d("2026-03-02"), d("2026-03-10"))]
    assert alerts(("2026-03-02", "2026-03-06"), ("2026-03-09", "2026-03-10")) == [
        ("consecutive_days", "2026-03-08")
    ]


def test_spells_over_easter_are_one_spell() -> None:
    # Absent Monday to Wednesday before Easter, back ill the Tuesday after Easter Monday: Maundy
    # Thursday, Good Friday, the weekend and Easter Monday bridge them (10 days in a row).
    registrations = (("2026-03-30", "2026-04-01"), ("2026-04-07", "2026-04-08"))
    assert alerts(*registrations) == [("consecutive_days", "2026-04-05")]
    # The same two registrations a fortnight earlier, with working days between: two spells.
    assert alerts(("2026-03-09", "2026-03-11"), ("2026-03-17", "2026-03-18")) == []


def test_a_holiday_bridge_counts_one_spell_not_two_towards_three_spells() -> None:
    registrations = (
        ("2026-03-30", "2026-04-01"),  # before Easter
        ("2026-04-07", "2026-04-07"),  # after Easter: the same spell (5 days here in all)
        ("2026-04-20", "2026-04-21"),
    )
    spells = spells_of([Spell(d(a), d(b)) for a, b in registrations], CALENDAR)
    assert len(spells) == 2
    assert ("repeated_spells", "2026-04-20") not in alerts(*registrations)


def test_three_spells_within_92_days_of_summer_raise_an_alert() -> None:
    # 1 June to 31 August is three calendar months: 92 days, the last on day 91.
    found = alerts(
        ("2026-06-01", "2026-06-02"), ("2026-07-15", "2026-07-15"), ("2026-08-31", "2026-08-31")
    )
    assert found == [("repeated_spells", "2026-08-31")]


def test_a_third_spell_on_day_92_is_outside_three_months() -> None:
    found = alerts(
        ("2026-06-01", "2026-06-02"), ("2026-07-15", "2026-07-15"), ("2026-09-01", "2026-09-01")
    )
    assert found == []


def test_three_months_are_calendar_months_not_92_days() -> None:
    # 1 December to 28 February is only 90 days: a spell on 1 March (day 90) is outside.
    outside = alerts(
        ("2025-12-01", "2025-12-01"), ("2026-01-15", "2026-01-15"), ("2026-03-01", "2026-03-01")
    )
    inside = alerts(
        ("2025-12-01", "2025-12-01"), ("2026-01-15", "2026-01-15"), ("2026-02-28", "2026-02-28")
    )
    assert outside == []
    assert inside == [("repeated_spells", "2026-02-28")]


def test_spells_that_raised_an_alert_are_used_up() -> None:
    days = ["2026-01-05", "2026-01-19", "2026-02-02", "2026-02-16", "2026-03-02", "2026-03-16"]
    found = alerts(*[(day, day) for day in days])
    assert found == [("repeated_spells", "2026-02-02"), ("repeated_spells", "2026-03-16")]


def test_a_job_centre_may_configure_its_own_rules() -> None:
    rules = AlertRules.of(Policy.from_mapping({"absence_alert_days": 5, "absence_alert_spells": 2}))
    assert alerts(("2026-03-02", "2026-03-06"), rules=rules) == [("consecutive_days", "2026-03-06")]
    assert alerts(("2026-03-02", "2026-03-02"), ("2026-03-10", "2026-03-10"), rules=rules) == [
        ("repeated_spells", "2026-03-10")
    ]


def test_unknown_screening_questions_and_crossed_thresholds_are_refused() -> None:
    with pytest.raises(PolicyError, match="Ukendte screeningsspørgsmål: mood"):
        Policy.from_mapping({"screening_indicators": ["mood"]})
    with pytest.raises(PolicyError, match="tidlig indsats"):
        Policy.from_mapping({"screening_early_intervention": 5, "screening_fast_track": 4})


def test_a_rule_of_zero_is_refused() -> None:
    with pytest.raises(PolicyError, match="absence_alert_days"):
        Policy.from_mapping({"absence_alert_days": 0})


def test_only_alerts_within_the_employers_five_week_window_are_current() -> None:
    spells = [Spell(d("2026-03-02"), d("2026-03-20"))]
    found = triggers(spells, HJORRING)
    assert [t.rule for t in current(found, d("2026-04-05"))] == [
        AlertRule.CONSECUTIVE_DAYS
    ]  # day 34
    assert current(found, d("2026-04-06")) == []  # day 35: too late to ask for Fast track
    assert current(found, d("2026-03-07")) == []  # not met yet


def test_the_answer_is_due_three_working_days_after_the_alert() -> None:
    assert answer_due(d("2026-03-06"), HJORRING, CALENDAR) == d("2026-03-11")  # Friday: Wednesday
    # Raised on the Wednesday before Easter: Tuesday, Wednesday and Thursday after it.
    assert answer_due(d("2026-04-01"), HJORRING, CALENDAR) == d("2026-04-09")


def test_add_months_keeps_the_day_or_takes_the_months_last() -> None:
    assert add_months(d("2026-06-01"), 3) == d("2026-09-01")
    assert add_months(d("2025-11-30"), 3) == d("2026-02-28")


def test_a_bad_header_is_named() -> None:
    assert header_problem(["employee", "cvr"]) is not None
    assert (
        header_problem(["employee_id", "cvr", "workplace", "leader_email", "first_day", "last_day"])
        is None
    )


def test_each_bad_row_gets_a_danish_reason_with_its_line() -> None:
    good = {
        "employee_id": "L-1",
        "cvr": "29189595",
        "workplace": "Ældreplejen",
        "leader_email": "leder@hjorring.example.dk",
        "first_day": "2026-03-02",
        "last_day": "2026-03-04",
    }
    rows = [
        (2, good),
        (3, {**good, "first_day": "2026-13-01"}),
        (4, {**good, "cvr": "12345678"}),
        (5, {**good, "last_day": "2026-03-01"}),
        (6, {**good, "last_day": "2026-04-01"}),
        (7, {**good, "employee_id": "0304782678"}),
        (8, {**good, "leader_email": "ikke en adresse"}),
    ]
    accepted, problems = check_rows(rows, d("2026-03-24"))
    assert [row.line for row in accepted] == [2]
    assert [p.split(":")[0] for p in problems] == [f"Linje {n}" for n in range(3, 9)]
    assert "ikke en dato" in problems[0]
    assert "CVR-nummeret" in problems[1]
    assert "før første fraværsdag" in problems[2]
    assert "efter importdagen" in problems[3]
    assert "CPR-nummer" in problems[4]
    assert "e-mail" in problems[5]
