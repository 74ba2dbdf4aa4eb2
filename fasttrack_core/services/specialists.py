"""A job centre's interdisciplinary team as configured (issue 14 item 8), read for a case."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from fasttrack_core.domain.policy import Policy
from fasttrack_core.domain.specialists import SpecialistContact, specialist_for_case
from fasttrack_core.models import Specialist

_TEAM = (
    select(Specialist)
    .where(col(Specialist.job_centre_id) == bindparam("job_centre_id"))
    .order_by(col(Specialist.id))
)


def team_of(session: Session, job_centre_id: int) -> tuple[SpecialistContact, ...]:
    """The job centre's specialists, in the order the configuration lists them."""
    rows = session.exec(_TEAM, params={"job_centre_id": job_centre_id})
    return tuple(SpecialistContact(r.profession, r.name, r.email) for r in rows)


@dataclass(frozen=True)
class RoundtablePractice:
    """How a case's job centre holds its roundtables: with Helsingør's staircase or not, and the
    specialist its policy suggests for the case's cause (the simulator acts on both)."""

    staircase: bool
    specialist: SpecialistContact | None


def roundtable_practice(
    policy: Policy, team: Sequence[SpecialistContact], cause: str | None
) -> RoundtablePractice:
    """The practice of a job centre (its policy and team) for a case of this cause."""
    return RoundtablePractice(policy.staircase, specialist_for_case(policy, cause, team))
