"""Choosing a consultant (SPEC §5)."""

import pytest

from fasttrack_core.domain.assignment import Candidate, NoConsultants, choose_consultant
from fasttrack_core.domain.policy import AssignmentRule, Policy

LEAST_LOADED = Policy()
DUTY = Policy(assignment=AssignmentRule.DUTY_ROTATION)
FIXED = Policy(assignment=AssignmentRule.FIXED_WORKPLACE)


def test_least_loaded_compares_caseload_per_full_time_position() -> None:
    # Varde: about 37 cases per full-time consultant; a half-time consultant carries half.
    team = [Candidate(1, 1.0, 20, True), Candidate(2, 0.5, 12, True)]
    assert choose_consultant(LEAST_LOADED, team).consultant_id == 1  # 20/37 < 12/18.5


def test_duty_rotation_gives_the_case_to_the_consultant_on_duty() -> None:
    team = [Candidate(1, 1.0, 0, True), Candidate(2, 1.0, 30, True)]
    choice = choose_consultant(DUTY, team, on_duty=2)
    assert (choice.consultant_id, choice.rule) == (2, "duty_rotation")


def test_duty_consultant_at_capacity_hands_over_to_a_colleague() -> None:
    # Kolding: overload can be handed to a colleague.
    team = [Candidate(1, 1.0, 5, True), Candidate(2, 1.0, 37, True)]
    choice = choose_consultant(DUTY, team, on_duty=2)
    assert (choice.consultant_id, choice.rule) == (1, "least_loaded")


def test_fixed_workplace_consultant_takes_the_workplace_cases() -> None:
    team = [Candidate(1, 1.0, 0, True), Candidate(2, 1.0, 10, True)]
    assert choose_consultant(FIXED, team, fixed=2).consultant_id == 2


def test_absent_fixed_consultant_is_replaced() -> None:
    team = [Candidate(1, 1.0, 3, True), Candidate(2, 1.0, 0, False)]
    assert choose_consultant(FIXED, team, fixed=2).consultant_id == 1


def test_nobody_is_left_without_an_owner_when_everyone_is_full() -> None:
    team = [Candidate(1, 1.0, 40, True), Candidate(2, 1.0, 38, True)]
    choice = choose_consultant(LEAST_LOADED, team)
    assert choice.consultant_id == 2
    assert choice.over_capacity


def test_a_job_centre_without_consultants_cannot_assign() -> None:
    with pytest.raises(NoConsultants):
        choose_consultant(LEAST_LOADED, [])
