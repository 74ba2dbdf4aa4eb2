"""The rule set in force on a day, as the law has it or as a job centre's policy applies it."""

from __future__ import annotations

from datetime import date

from sqlmodel import col, select

from fasttrack_core.db import Context
from fasttrack_core.domain.rulesets import RuleSet, as_applied_by, ruleset_on
from fasttrack_core.errors import Refused
from fasttrack_core.models import JobCentre
from fasttrack_core.services.policies import policy_of


def rules_in_force(ctx: Context, *, on: date, municipality: str | None = None) -> RuleSet:
    ruleset = ruleset_on(on)
    if municipality is None:
        return ruleset
    with ctx.unit_of_work() as session:
        centre = session.exec(
            select(JobCentre).where(col(JobCentre.municipality_code) == municipality)
        ).first()
        if centre is None:
            raise Refused(f"Kommune {municipality} har intet jobcenter i denne installation.")
        return as_applied_by(ruleset, policy_of(centre), centre.name)
