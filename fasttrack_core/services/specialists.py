"""A job centre's interdisciplinary team as configured (issue 14 item 8), read for a case."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.specialists import SpecialistContact, specialist_for_case
from fasttrack_core.models import Case, JobCentre, Specialist
from fasttrack_core.services.policies import policy_of


def team_of(session: Session, job_centre_id: int) -> tuple[SpecialistContact, ...]:
    """The job centre's specialists, in the order the configuration lists them."""
    rows = session.exec(
        select(Specialist)
        .where(col(Specialist.job_centre_id) == job_centre_id)
        .order_by(col(Specialist.id))
    )
    return tuple(SpecialistContact(r.profession, r.name, r.email) for r in rows)


@dataclass(frozen=True)
class RoundtablePractice:
    """How a case's job centre holds its roundtables: with Helsingør's staircase or not, and the
    specialist its policy suggests for the case's cause (the simulator acts on both)."""

    staircase: bool
    specialist: SpecialistContact | None


def roundtable_practice(ctx: AppContext, reference: str) -> RoundtablePractice:
    with ctx.unit_of_work() as session:
        case, centre = session.exec(
            select(Case, JobCentre)
            .join(JobCentre, col(JobCentre.id) == col(Case.job_centre_id))
            .where(col(Case.reference) == reference)
        ).one()
        policy = policy_of(centre)
        team = team_of(session, case.job_centre_id)
        return RoundtablePractice(
            policy.staircase, specialist_for_case(policy, case.cause_category, team)
        )
