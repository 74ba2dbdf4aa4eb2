"""A municipality's policy may be stricter than the law, never looser (issue 11 item 1)."""

import pytest

from fasttrack_core.domain.policy import Policy, PolicyError


def refusal(overrides: dict[str, object]) -> str:
    with pytest.raises(PolicyError) as refused:
        Policy.from_mapping(overrides)
    return str(refused.value)


@pytest.mark.parametrize("acceptance", ["0d", "1bd", "2d", "48h"])
def test_acceptance_floor_refuses_less_than_two_bank_days(acceptance: str) -> None:
    # BEK 1710/2024 § 4, stk. 1: «senest 2 bankdage efter afsendelsen af brevet».
    assert "mindst 2 bankdage" in refusal({"acceptance": acceptance})


def test_acceptance_floor_allows_more_than_two_bank_days() -> None:
    assert str(Policy.from_mapping({"acceptance": "3bd"}).acceptance) == "3bd"


@pytest.mark.parametrize("interval", ["26w", "9w"])
def test_followups_first_half_year_floor_refuses_an_interval_too_long_for_four(
    interval: str,
) -> None:
    # § 13 b, stk. 1: «mindst fire gange inden for det første halve år regnet fra første
    # fraværsdag». A request on day 34, first talk by day 48, roundtable by day 55, then two
    # reviews: 9 weeks puts the fourth on day 181, past the shortest half-year's day 180.
    assert "4 opfølgninger inden for det første halve år" in refusal({"review_interval": interval})


def test_followups_first_half_year_floor_allows_eight_weeks() -> None:
    # 55 + 2 × 56 = day 167.
    assert str(Policy.from_mapping({"review_interval": "8w"}).review_interval) == "8w"


def test_doctor_statement_floor_refuses_a_statement_asked_at_intake_due_after_the_first_talk() -> (
    None
):
    # BEK 1710/2024 § 11, stk. 3: the statement is there «senest samtidig med
    # opfølgningssamtalen».
    assert "Lægeattesten" in refusal({"first_followup": "10d", "doctor_statement_always": True})
    assert "Lægeattesten" in refusal({"first_followup": "48h", "doctor_statement_always": True})


def test_doctor_statement_floor_allows_a_statement_due_with_the_talk() -> None:
    policy = Policy.from_mapping(
        {"first_followup": "10d", "doctor_statement": "9d", "doctor_statement_always": True}
    )
    assert str(policy.doctor_statement) == "9d"


def test_doctor_statement_floor_leaves_a_statement_asked_for_later_to_the_schedule() -> None:
    # Asked for by event, its deadline is shortened to the first talk's
    # (schedule.doctor_statement_due), so a shorter first talk is no breach.
    policy = Policy.from_mapping({"first_followup": "7d"})
    assert str(policy.first_followup) == "7d"


def test_roundtable_floor_refuses_a_request_anchored_roundtable_before_the_first_talk() -> None:
    # SPEC §4: the roundtable follows the first talk; counted from the request (Varde's seed) its
    # deadline cannot come before the talk's latest date (14 days, § 13 b, stk. 2).
    reason = refusal({"roundtable_after": "request", "roundtable": "7d"})
    assert "Rundbordssamtalen (7 dage efter anmodningen)" in reason


def test_roundtable_floor_allows_a_request_anchored_roundtable_after_the_first_talk() -> None:
    policy = Policy.from_mapping({"roundtable_after": "request", "roundtable": "21d"})
    assert str(policy.roundtable) == "21d"


def test_closure_floor_refuses_a_closure_past_the_section_24_limit() -> None:
    # § 24, stk. 1: more than 22 weeks of benefit within 9 months.
    assert "varighedsgrænsen på 22 uger" in refusal({"closure": "60w"})


def test_closure_floor_allows_an_earlier_closure() -> None:
    assert str(Policy.from_mapping({"closure": "20w"}).closure) == "20w"


def test_every_floor_a_policy_breaks_is_named_at_once() -> None:
    reason = refusal({"acceptance": "1bd", "closure": "60w"})
    assert "bankdage" in reason and "varighedsgrænsen" in reason


def test_the_default_policy_keeps_every_floor() -> None:
    Policy().check_legal_limits()
