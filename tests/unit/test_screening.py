"""The leader's screening tool (issue 16): a plain suggestion and why, per job centre's policy."""

from __future__ import annotations

from fasttrack_core.domain.policy import Policy
from fasttrack_core.domain.screening import INDICATORS, Suggestion, asked, screen


def test_no_indicator_suggests_nothing_yet() -> None:
    result = screen(Policy(), [])
    assert (result.suggestion, result.score, result.reasons) == (Suggestion.NOTHING_YET, 0, ())


def test_the_thresholds_decide_early_intervention_and_fast_track() -> None:
    assert screen(Policy(), ["earlier_long_absence"]).suggestion is Suggestion.NOTHING_YET  # 1
    assert screen(Policy(), ["work_factors"]).suggestion is Suggestion.EARLY_INTERVENTION  # 2
    assert screen(Policy(), ["expects_over_8_weeks", "tasks_hard_to_adapt"]).suggestion is (
        Suggestion.FAST_TRACK  # 3 + 1
    )


def test_the_reasons_are_the_yes_answers_heaviest_first_and_unknown_ids_ignored() -> None:
    result = screen(Policy(), ["tasks_hard_to_adapt", "expects_over_8_weeks", "made_up"])
    assert [r.id for r in result.reasons] == ["expects_over_8_weeks", "tasks_hard_to_adapt"]
    assert all(r.why and r.source for r in result.reasons)


def test_a_job_centre_may_ask_fewer_questions_and_move_the_thresholds() -> None:
    policy = Policy.from_mapping(
        {"screening_indicators": ["repeated_absence", "work_factors"], "screening_fast_track": 4}
    )
    assert [i.id for i in asked(policy)] == ["repeated_absence", "work_factors"]
    assert screen(policy, ["expects_over_8_weeks"]).score == 0  # not asked there
    assert screen(policy, ["repeated_absence", "work_factors"]).suggestion is Suggestion.FAST_TRACK


def test_every_indicator_names_its_source() -> None:
    assert len({i.id for i in INDICATORS}) == len(INDICATORS)
    assert all(i.source and i.weight > 0 and i.question.endswith("?") for i in INDICATORS)
