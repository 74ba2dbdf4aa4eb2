"""The rule sets: the law's rules by the period they are in force, chosen per case."""

from datetime import date

import pytest

from fasttrack_core.domain import law
from fasttrack_core.domain.law import Anchor, Unit
from fasttrack_core.domain.policy import Policy
from fasttrack_core.domain.rulesets import (
    RULESET_IDS,
    as_applied_by,
    rule_of_step,
    ruleset_named,
    ruleset_on,
)
from fasttrack_core.domain.vocabulary import StepKind


def test_the_2025_rule_set_is_in_force_from_the_reform_and_the_earlier_one_before_it() -> None:
    # The reform and BEK 1710/2024 took effect on 1 January 2025 (LAW.md § 0).
    assert ruleset_on(date(2024, 12, 31)).id == "before-2025"
    assert ruleset_on(date(2025, 1, 1)).id == "2025"
    assert ruleset_on(date(2026, 3, 24)).effective_from == date(2025, 1, 1)


@pytest.mark.parametrize("ruleset_id", RULESET_IDS)
def test_each_rule_set_has_each_rule_id_once_with_a_source(ruleset_id: str) -> None:
    rules = ruleset_named(ruleset_id).rules
    assert len({r.id for r in rules}) == len(rules)
    assert all(r.source.strip() for r in rules)


def test_every_rule_in_rules_is_in_some_rule_set() -> None:
    # Also the rules engineers add at the end of law.py: the sets are built from law.RULES.
    in_sets = {r for ruleset_id in RULESET_IDS for r in ruleset_named(ruleset_id).rules}
    assert set(law.RULES) <= in_sets


def test_the_acceptance_rule_before_2025_cites_the_earlier_order_with_the_same_value() -> None:
    # BEK 1710/2024 § 4 from 2025; BEK 473/2021 before (its paragraph not verified).
    before, after = (
        ruleset_named("before-2025").rule("acceptance"),
        ruleset_on(date(2025, 1, 1)).rule("acceptance"),
    )
    assert before is not None and after is not None
    assert (before.value, before.unit) == (after.value, after.unit) == (2, Unit.BANK_DAYS)
    assert before.source.startswith("BEK 473/2021") and after.source.startswith("BEK 1710/2024")


def test_followups_first_half_year_from_2025_names_the_section_13_f_exception() -> None:
    # § 13 b, stk. 1 «jf. dog § 13 f» (draft bill; the enacted text not verified).
    rule = ruleset_named("2025").rule("followups_first_half_year")
    earlier = ruleset_named("before-2025").rule("followups_first_half_year")
    assert rule is not None and earlier is not None
    assert "§ 13 f" in rule.source and "§ 13 f" not in earlier.source
    assert (rule.value, rule.unit, rule.anchor) == (4, Unit.FOLLOWUPS, Anchor.FIRST_ABSENCE_DAY)


def test_a_policy_changes_only_the_rules_it_sets_otherwise_and_names_itself() -> None:
    roskilde = Policy.from_mapping({"roundtable": "10d", "review_interval": "4w"})
    applied = as_applied_by(ruleset_named("2025"), roskilde, "Jobcenter Roskilde")
    roundtable = applied.rule("roundtable")
    assert roundtable is not None
    assert (roundtable.value, roundtable.unit, roundtable.anchor) == (
        10,
        Unit.CALENDAR_DAYS,
        Anchor.FIRST_FOLLOWUP,
    )
    assert roundtable.source.startswith("Jobcenter Roskilde's policy; the default's source:")
    assert applied.rule("review_interval") == law.REVIEW_INTERVAL
    assert applied.as_dict()["municipality"] == "Jobcenter Roskilde"


def test_a_policys_roundtable_anchor_is_the_rules_anchor() -> None:
    policy = Policy.from_mapping({"roundtable": "21d", "roundtable_after": "request"})
    roundtable = as_applied_by(ruleset_named("2025"), policy, "X").rule("roundtable")
    assert roundtable is not None and roundtable.anchor is Anchor.REQUEST


def test_each_step_names_the_rule_that_sets_its_deadline() -> None:
    assert rule_of_step("first_followup", declined=False) == "first_followup"
    assert rule_of_step("first_followup", declined=True) == "declined_first_followup"
    assert rule_of_step("review", declined=False) == "review_interval"
    assert rule_of_step("acceptance", declined=False) == "acceptance"


@pytest.mark.parametrize("kind", list(StepKind))
def test_every_step_kind_names_a_rule_of_the_set_it_can_occur_in(kind: StepKind) -> None:
    # A short course (the 2025 reform) exists only in the 2025 set; every other step in both.
    sets = ["2025"] if kind is StepKind.RETURN_CHECK else list(RULESET_IDS)
    for ruleset_id in sets:
        for declined in (False, True):
            assert ruleset_named(ruleset_id).rule(rule_of_step(kind, declined)) is not None
