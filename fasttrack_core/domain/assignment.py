"""Who owns a case (SPEC §5): duty rotation, fixed consultant per workplace, or least loaded."""

from __future__ import annotations

from dataclasses import dataclass

from fasttrack_core.domain.policy import AssignmentRule, Policy


@dataclass(frozen=True)
class Candidate:
    consultant_id: int
    fte: float
    open_cases: int
    available: bool  # not absent on the day

    def capacity(self, policy: Policy) -> float:
        return policy.capacity_per_fte * self.fte

    def load(self, policy: Policy) -> float:
        return self.open_cases / self.capacity(policy) if self.fte > 0 else float("inf")

    def has_room(self, policy: Policy) -> bool:
        return self.available and self.open_cases < self.capacity(policy)


@dataclass(frozen=True)
class Choice:
    consultant_id: int
    rule: str  # the rule that decided: the policy's own, or "least_loaded" as fallback
    over_capacity: bool
    unavailable: bool


class NoConsultants(Exception):
    """The job centre has no consultants configured."""


def choose_consultant(
    policy: Policy,
    candidates: list[Candidate],
    on_duty: int | None = None,
    fixed: int | None = None,
) -> Choice:
    """The preferred consultant when present and below capacity; else the least loaded.

    Nobody is ever left without an owner: when every consultant is absent or full, the least
    loaded one still takes the case and the choice says so (the team lead must act).
    """
    preferred = {
        AssignmentRule.DUTY_ROTATION: on_duty,
        AssignmentRule.FIXED_WORKPLACE: fixed,
    }.get(policy.assignment)
    return choose_preferred(policy, candidates, preferred, str(policy.assignment))


def choose_preferred(
    policy: Policy, candidates: list[Candidate], preferred: int | None, rule: str
) -> Choice:
    """`preferred` (decided by `rule`) when present and below capacity; else the least loaded,
    as `choose_consultant` says."""
    if not candidates:
        raise NoConsultants
    by_id = {c.consultant_id: c for c in candidates}
    if preferred in by_id and by_id[preferred].has_room(policy):
        return Choice(preferred, rule, over_capacity=False, unavailable=False)

    def rank(c: Candidate) -> tuple[bool, bool, float, int]:
        return (
            not c.available,
            not c.has_room(policy),
            c.load(policy),
            c.consultant_id,
        )

    best = min(candidates, key=rank)
    return Choice(
        best.consultant_id,
        str(AssignmentRule.LEAST_LOADED),
        over_capacity=not best.has_room(policy) and best.available,
        unavailable=not best.available,
    )
