"""The statutory numbers and default deadlines as data: each once, each with its source."""

import re
from datetime import date

import pytest

from fasttrack_core.domain.law import (
    ACCEPTANCE,
    DECLINED_FIRST_FOLLOWUP,
    EMPLOYER_REQUEST_WINDOW,
    FIRST_FOLLOWUP,
    REMINDER_LEAD,
    RULES,
    Anchor,
    Unit,
)
from fasttrack_core.domain.policy import Offset, Policy
from fasttrack_core.presentation.danish import ANCHOR_NAMES, UNIT_NAMES


def test_a_rule_id_is_in_force_once_on_any_day_and_every_rule_names_its_source() -> None:
    for day in (date(2024, 12, 31), date(2025, 1, 1)):
        in_force = [rule.id for rule in RULES if rule.in_force_on(day)]
        assert len(set(in_force)) == len(in_force)
    assert all(rule.source.strip() for rule in RULES)


def test_every_rule_has_its_source_in_danish_for_the_staff_who_read_it() -> None:
    # Issue 11 item 1: the case page and `rules show` show the source; staff read Danish.
    for rule in RULES:
        assert rule.source_da.strip(), rule.id
        assert "the " not in rule.source_da.lower(), rule.id  # no English left in it
    assert FIRST_FOLLOWUP.source_da.startswith("Sygedagpengeloven § 13 b, stk. 2: «senest 2 uger")


def test_the_employers_window_ends_on_day_34_after_the_first_absence_day() -> None:
    # § 7 c: "inden for de første 5 uger af fraværet"; the first absence day is day 0.
    assert EMPLOYER_REQUEST_WINDOW.last_day(date(2026, 3, 2)) == date(2026, 4, 5)


def test_week_8_of_absence_ends_on_day_55() -> None:
    # § 13 b, stk. 3: "senest inden udgangen af ottende uge regnet fra første fraværsdag".
    assert DECLINED_FIRST_FOLLOWUP.last_day(date(2026, 9, 7)) == date(2026, 11, 1)


def test_the_first_talk_counts_14_calendar_days_from_the_request() -> None:
    # § 13 b, stk. 2: "senest 2 uger efter at ... arbejdsgiveren har anmodet".
    assert FIRST_FOLLOWUP.calendar_days() == 14
    assert FIRST_FOLLOWUP.last_day(date(2026, 3, 24)) == date(2026, 4, 7)


def test_bank_days_cannot_be_counted_without_a_calendar() -> None:
    with pytest.raises(ValueError, match="bank_days"):
        ACCEPTANCE.calendar_days()


def test_a_policy_without_overrides_has_the_rules_values() -> None:
    policy = Policy()
    assert policy.first_followup == Offset(14, Unit.CALENDAR_DAYS)
    assert policy.acceptance == Offset(2, Unit.BANK_DAYS)
    assert policy.closure == Offset(22, Unit.WEEKS)
    assert policy.reminder_working_days == REMINDER_LEAD.value == 2


def test_a_policy_offset_is_written_as_the_configuration_writes_it() -> None:
    assert Policy().to_mapping()["acceptance"] == "2bd"
    assert Offset.parse("48h") == Offset(48, Unit.HOURS)
    assert Offset.parse("4w").describe() == "4 uger"


def test_a_policy_offset_cannot_be_in_working_days() -> None:
    with pytest.raises(ValueError, match="working_days"):
        Offset(2, Unit.WORKING_DAYS)


def test_every_rule_has_a_row_in_contributings_where_each_rule_lives() -> None:
    # CONTRIBUTING.md: a new rule gets a row in the table; each rule is named by its constant.
    from pathlib import Path

    text = (Path(__file__).parents[2] / "CONTRIBUTING.md").read_text("utf-8")
    table = text[text.index("| rule | where | source |") :]
    table = table.split("\n\n", 1)[0]  # to the end of the table (or of the file)
    named = set(re.findall(r"\b[A-Z][A-Z0-9_]+\b", table))
    missing = sorted({r.id for r in RULES if r.id.upper() not in named})
    assert not missing, f"rules without a row in CONTRIBUTING.md: {missing}"


def test_every_unit_and_anchor_has_a_danish_name_for_rules_show() -> None:
    # A rule added with a new unit or anchor must not break `rules show`'s text (issue 16's rules).
    assert set(UNIT_NAMES) == set(Unit)
    assert set(ANCHOR_NAMES) == set(Anchor)
