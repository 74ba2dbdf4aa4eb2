"""The rule sets: the rules of `law` grouped by the period they are in force, and chosen per case.

A rule set holds every rule of `law.RULES` in force on its first day; a municipality's policy may
make a deadline stricter (`domain/policy.py` refuses one that is looser), and the rule set as that
job centre applies it names the policy as the source of each rule the policy changes.

Which set a case follows: the one in force on the local date of its request (`requested_at`). The
Fast track procedure starts with the request: the notice, the acceptance letter (BEK 1710/2024
§ 4) and the first talk (§ 13 b, stk. 2) all run from it, and the executive order in force when
the request is made governs that letter. A case requested before 2025-01-01 keeps the earlier set
for its whole course: no transitional provision of the reform was found that moves running cases
to the new rules (LAW.md § 0), so a legal adviser's safe reading is that the rules a case was
opened under stay its rules; the first absence day was not chosen because a case requested in
January 2025 for an absence that began in December 2024 is a case under the new executive order.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta
from typing import Any

from fasttrack_core.domain import law
from fasttrack_core.domain.calendar import local_date
from fasttrack_core.domain.law import REFORM_2025, Anchor, Rule
from fasttrack_core.domain.policy import Offset, Policy
from fasttrack_core.domain.vocabulary import StepKind


@dataclass(frozen=True)
class RuleSet:
    id: str
    effective_from: date | None  # None: the earliest set fasttrack knows, no lower bound
    effective_until: date | None  # exclusive; None: in force now
    rules: tuple[Rule, ...]
    applied_by: str | None = None  # the job centre whose policy is applied, if any

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "ruleset": self.id,
            "effective_from": self.effective_from.isoformat() if self.effective_from else None,
            "effective_until": self.effective_until.isoformat() if self.effective_until else None,
            **({"municipality": self.applied_by} if self.applied_by else {}),
            "rules": [
                {
                    "id": r.id,
                    "value": r.value,
                    "unit": str(r.unit),
                    "anchor": str(r.anchor),
                    "source": r.source,
                }
                for r in self.rules
            ],
        }


# (id, first day, first day no longer in force), oldest first.
_PERIODS: tuple[tuple[str, date | None, date | None], ...] = (
    ("before-2025", None, REFORM_2025),
    ("2025", REFORM_2025, None),
)
RULESET_IDS = tuple(period[0] for period in _PERIODS)


def _build(ruleset_id: str, starts: date | None, ends: date | None) -> RuleSet:
    # Every day of a period has the same rules in force: take its first, else its last.
    if starts is not None:
        day = starts
    else:
        assert ends is not None  # only one set is open-ended at each side
        day = ends - timedelta(days=1)
    return RuleSet(ruleset_id, starts, ends, tuple(r for r in law.RULES if r.in_force_on(day)))


def ruleset_on(day: date) -> RuleSet:
    """The rule set in force on a day."""
    for ruleset_id, starts, ends in _PERIODS:
        if (starts is None or starts <= day) and (ends is None or day < ends):
            return _build(ruleset_id, starts, ends)
    raise AssertionError("the periods cover every day")


def ruleset_for_request(requested_at: datetime) -> RuleSet:
    """The rule set a case follows: the one in force on the Danish date of its request."""
    return ruleset_on(local_date(requested_at))


def ruleset_named(ruleset_id: str) -> RuleSet:
    for period in _PERIODS:
        if period[0] == ruleset_id:
            return _build(*period)
    raise KeyError(ruleset_id)


def as_applied_by(ruleset: RuleSet, policy: Policy, job_centre: str) -> RuleSet:
    """The rule set with a job centre's policy applied: each deadline the policy sets otherwise
    than the law's default takes the policy's value, unit and anchor, and names the policy."""
    changed: dict[str, Rule] = {}
    for rule in ruleset.rules:
        value, unit, anchor = _policy_terms(policy, rule)
        if (value, unit, anchor) != (rule.value, rule.unit, rule.anchor):
            changed[rule.id] = replace(
                rule,
                value=value,
                unit=unit,
                anchor=anchor,
                source=f"{job_centre}'s policy; the default's source: {rule.source}",
                source_da=f"{job_centre}s politik; standardens kilde: {rule.source_da}",
            )
    rules = tuple(changed.get(r.id, r) for r in ruleset.rules)
    return replace(ruleset, rules=rules, applied_by=job_centre)


def _policy_terms(policy: Policy, rule: Rule) -> tuple[int, law.Unit, Anchor]:
    offsets = {f.name: getattr(policy, f.name) for f in fields(policy)}
    offset = offsets.get(rule.id)
    anchor = rule.anchor
    if rule.id == law.ROUNDTABLE.id:
        anchor = Anchor(str(policy.roundtable_after))
    if rule.id == law.REMINDER_LEAD.id:
        return policy.reminder_working_days, rule.unit, anchor
    if isinstance(offset, Offset):
        return offset.amount, offset.unit, anchor
    return rule.value, rule.unit, anchor


def rule_of_step(kind: str, declined: bool) -> str:
    """The id of the rule that sets a step's deadline (after a decline, the first talk's is the
    end of week 8)."""
    if kind == StepKind.FIRST_FOLLOWUP and declined:
        return law.DECLINED_FIRST_FOLLOWUP.id
    if kind == StepKind.REVIEW:
        return law.REVIEW_INTERVAL.id
    if kind == StepKind.RETURN_CHECK:
        return law.SHORT_COURSE_RETURN_CHECK.id
    return kind
