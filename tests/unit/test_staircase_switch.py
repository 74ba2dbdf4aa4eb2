"""Issue 11 item 2: the roundtable's staircase is Helsingør's conversation tool, not a statutory
model; a municipal practice that a job centre's policy switches on (`staircase = true`).

Source: the Helsingør seed, «Mål for rundbordssamtalen» (a shared understanding: the employee and
the employer each place the employee on the steps); the 2025 agreement's «Trappemodellen
afskaffes» concerns a statutory model for the unemployed, not this tool (LAW.md § 6, a guess).
"""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from fasttrack_core.domain.effects import EventRefused, Placement, staircase_placement
from fasttrack_core.domain.policy import Policy, PolicyError
from fasttrack_core.services.configuration import demo_config_text

HELSINGOR = Policy.from_mapping({"staircase": True})
ISHOJ = Policy()  # the default: no staircase
PLACED = {"staircase": {"employee": 5, "employer": 4}}


def test_the_staircase_is_off_unless_a_policy_switches_it_on() -> None:
    assert Policy().staircase is False


def test_the_demo_configuration_switches_the_staircase_on_for_helsingor_only() -> None:
    centres = tomllib.loads(demo_config_text())["job_centre"]
    using = [c["municipality"] for c in centres if c.get("policy", {}).get("staircase")]
    assert using == ["217"]


def test_a_placement_is_refused_where_the_job_centre_does_not_use_the_staircase() -> None:
    for required in (True, False):  # a roundtable and a review alike
        with pytest.raises(EventRefused, match="Jobcentret bruger ikke trappemodellen"):
            staircase_placement(ISHOJ, PLACED, required=required)


def test_a_roundtable_without_placements_is_recorded_where_the_staircase_is_off() -> None:
    assert staircase_placement(ISHOJ, {}, required=True) is None


def test_a_roundtable_needs_both_placements_where_the_staircase_is_on() -> None:
    with pytest.raises(EventRefused, match="angiv medarbejderens og arbejdsgiverens placering"):
        staircase_placement(HELSINGOR, {}, required=True)
    assert staircase_placement(HELSINGOR, PLACED, required=True) == Placement(5, 4)


def test_a_review_may_leave_the_placements_unchanged_where_the_staircase_is_on() -> None:
    assert staircase_placement(HELSINGOR, {}, required=False) is None


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"staircase": "ja"}, "staircase skal være true eller false"),
        (
            {"staircase_steps": {"1": "Fuldt arbejdsdygtig"}},
            "Trappens trin \\(staircase_steps\\) skal være 1-6",
        ),
    ],
)
def test_a_staircase_setting_that_cannot_be_used_is_refused_in_danish(
    overrides: dict[str, Any], reason: str
) -> None:
    with pytest.raises(PolicyError, match=reason):
        Policy.from_mapping(overrides)
