"""The job centres a public page may name (their code, name and policy): the leader's pages show
a job centre's own process and screening questions (issue 16). Nothing about any case."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.policy import Policy
from fasttrack_core.models import JobCentre
from fasttrack_core.services.policies import policy_of


@dataclass(frozen=True)
class JobCentreEntry:
    municipality: str
    name: str
    policy: Policy


def job_centres(ctx: AppContext) -> list[JobCentreEntry]:
    with ctx.unit_of_work() as session:
        centres = session.exec(select(JobCentre).order_by(col(JobCentre.name))).all()
        return [JobCentreEntry(c.municipality_code, c.name, policy_of(c)) for c in centres]


def job_centre(ctx: AppContext, municipality: str | None) -> JobCentreEntry | None:
    """The configured job centre of a municipality code, or None."""
    return next((e for e in job_centres(ctx) if e.municipality == municipality), None)
