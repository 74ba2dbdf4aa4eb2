"""A rule set as a job centre's policy applies it (the policy read from the database)."""

from __future__ import annotations

from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.rulesets import RuleSet, as_applied_by
from fasttrack_core.errors import Refused
from fasttrack_core.models import JobCentre
from fasttrack_core.services.policies import policy_of


def as_applied_by_job_centre(ctx: AppContext, ruleset: RuleSet, municipality: str) -> RuleSet:
    with ctx.unit_of_work() as session:
        centre = session.exec(
            select(JobCentre).where(col(JobCentre.municipality_code) == municipality)
        ).first()
        if centre is None:
            raise Refused(f"Kommune {municipality} har intet jobcenter i denne installation.")
        return as_applied_by(ruleset, policy_of(centre), centre.name)
