"""The texts a citizen or a leader reads on a page (issue 15, item 4): every group has every
text in every language, with the same placeholders, and the lookups find them."""

from __future__ import annotations

import string
from datetime import date

import pytest

from fasttrack_core.domain.absence_rules import AlertAnswer, AlertRule
from fasttrack_core.domain.concern import ConcernSource
from fasttrack_core.domain.screening import INDICATORS, Suggestion
from fasttrack_core.domain.vocabulary import Language, Measure
from fasttrack_core.presentation.texts import TABLES, Group, section, text
from fasttrack_core.presentation.texts.citizen import Problem


def _names(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("group", list(Group))
def test_every_text_of_a_group_is_in_every_language_with_the_same_placeholders(
    group: Group,
) -> None:
    assert set(TABLES[group]) == set(Language)
    danish = TABLES[group][Language.DA]
    for language, table in TABLES[group].items():
        assert table.keys() == danish.keys(), (group, language, table.keys() ^ danish.keys())
        for key, value in table.items():
            assert _names(value) == _names(danish[key]), (group, language, key)


def test_every_problem_measure_indicator_and_answer_has_a_text() -> None:
    citizen = TABLES[Group.CITIZEN][Language.EN]
    assert {f"problem.{p}" for p in Problem} <= citizen.keys()
    leader = TABLES[Group.LEADER][Language.EN]
    wanted = {
        *(f"measure.{m}" for m in Measure),
        *(f"indicator.{i.id}.question" for i in INDICATORS),
        *(f"indicator.{i.id}.why" for i in INDICATORS),
        *(f"alert.{a}" for a in (*AlertAnswer, *AlertRule)),
        *(f"concern.{s}" for s in ConcernSource),
        *(f"screening.{s}" for s in Suggestion),
        *(f"screening.{s}_text" for s in Suggestion),
    }
    assert wanted <= leader.keys(), wanted - leader.keys()


def test_a_text_is_filled_in_and_a_day_written_as_its_language_writes_it() -> None:
    due = date(2026, 4, 7)
    assert text(Language.EN, Group.LEADER, "talk.late", due=due).startswith(
        "The talk is more than 4 weeks after the first day of absence (the last day was "
        "Tuesday 7 April 2026)."
    )
    assert "tirsdag den 7. april 2026" in text(Language.DA, Group.LEADER, "talk.late", due=due)


def test_a_section_is_a_pages_texts_by_the_rest_of_their_keys() -> None:
    talk = section(Language.EN, Group.LEADER, "talk")
    assert talk["title"] == "The sickness absence talk"
    assert "leader_home" not in talk
    assert section(Language.DA, Group.LEADER, "common")["leader_home"] == "For ledere"
