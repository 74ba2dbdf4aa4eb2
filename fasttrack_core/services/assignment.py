"""Assigning cases to consultants, and moving them when a consultant is absent (SPEC §5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, bindparam, func, or_, select
from sqlmodel import Session

from fasttrack_core.db import Context
from fasttrack_core.domain.assignment import (
    Candidate,
    Choice,
    NoConsultants,
    choose_consultant,
)
from fasttrack_core.domain.calendar import local_date
from fasttrack_core.domain.policy import AssignmentRule, Policy
from fasttrack_core.domain.vocabulary import CaseStatus, EventKind
from fasttrack_core.errors import Refused
from fasttrack_core.models import (
    Case,
    Consultant,
    ConsultantAbsence,
    JobCentre,
    RosterEntry,
    Workplace,
)
from fasttrack_core.services.policies import policy_of
from fasttrack_core.services.timeline import add_event

SYSTEM_ACTOR = "system"


# Built once: intake runs this for every request (bind parameters: centre_id, day).
_OPEN_CASES = (
    select(func.count())
    .where(Case.consultant_id == Consultant.id, Case.status != CaseStatus.CLOSED)
    .scalar_subquery()
)
_ABSENT = (
    select(ConsultantAbsence.id)
    .where(
        ConsultantAbsence.consultant_id == Consultant.id,
        ConsultantAbsence.starts_on <= bindparam("day"),
        ConsultantAbsence.ends_on >= bindparam("day"),
    )
    .exists()
)
_CANDIDATES = select(Consultant.id, Consultant.fte, _OPEN_CASES, _ABSENT).where(
    Consultant.job_centre_id == bindparam("centre_id"), Consultant.active
)


def candidates(
    session: Session, centre: JobCentre, day: date, exclude: int | None = None
) -> list[Candidate]:
    """The job centre's active consultants with their open caseload and presence on `day`."""
    rows = session.execute(_CANDIDATES, {"centre_id": centre.id, "day": day}).all()
    return [
        Candidate(consultant_id, fte, count, available=not is_absent)
        for consultant_id, fte, count, is_absent in rows
        if consultant_id != exclude
    ]


def on_duty(session: Session, centre: JobCentre, day: date) -> int | None:
    """The roster's consultant for `day`: a dated entry wins over the weekday's."""
    rows = session.execute(
        select(RosterEntry.day, RosterEntry.consultant_id).where(
            RosterEntry.job_centre_id == centre.id,
            or_(RosterEntry.day == day, RosterEntry.weekday == day.weekday()),
        )
    ).all()
    by_date = [consultant for entry_day, consultant in rows if entry_day is not None]
    return (by_date or [consultant for _, consultant in rows] or [None])[0]


def fixed_for(session: Session, cvr: str, workplace: str) -> int | None:
    return session.scalar(
        select(Workplace.consultant_id).where(Workplace.cvr == cvr, Workplace.name == workplace)
    )


def choose_for_new_case(
    session: Session,
    centre: JobCentre,
    policy: Policy,
    cvr: str,
    workplace: str,
    at: datetime,
) -> Choice:
    day = local_date(at)
    rule = policy.assignment
    try:
        return choose_consultant(
            policy,
            candidates(session, centre, day),
            on_duty=on_duty(session, centre, day) if rule is AssignmentRule.DUTY_ROTATION else None,
            fixed=fixed_for(session, cvr, workplace)
            if rule is AssignmentRule.FIXED_WORKPLACE
            else None,
        )
    except NoConsultants:
        raise Refused(
            f"{centre.name} har ingen konsulenter sat op i fasttrack endnu; "
            "kontakt jobcentret direkte."
        ) from None


def choice_data(choice: Choice) -> dict[str, object]:
    return {
        "consultant_id": choice.consultant_id,
        "rule": choice.rule,
        "over_capacity": choice.over_capacity,
        "unavailable": choice.unavailable,
    }


@dataclass(frozen=True)
class AbsenceResult:
    consultant: str
    reassigned: list[str]


def mark_absent(
    ctx: Context, email: str, starts_on: date, ends_on: date, now: datetime
) -> AbsenceResult:
    """Record an absence and hand every open case of the consultant to a colleague at once."""
    if ends_on < starts_on:
        raise Refused("Fraværet slutter før det begynder.")
    with ctx.unit_of_work() as session:
        consultant = session.scalar(select(Consultant).where(Consultant.email == email))
        if consultant is None:
            raise Refused(f"Der findes ingen konsulent med e-mailen {email}.")
        centre = session.get_one(JobCentre, consultant.job_centre_id)
        policy = policy_of(centre)
        session.add(
            ConsultantAbsence(consultant_id=consultant.id, starts_on=starts_on, ends_on=ends_on)
        )
        session.flush()
        open_cases = list(
            session.scalars(
                select(Case)
                .where(
                    and_(
                        Case.consultant_id == consultant.id,
                        Case.status != CaseStatus.CLOSED,
                    )
                )
                .order_by(Case.id)
            )
        )
        moved = []
        for case in open_cases:
            pool = candidates(
                session, centre, max(starts_on, local_date(now)), exclude=consultant.id
            )
            if not pool:
                raise Refused(
                    f"{consultant.name} er den eneste konsulent i {centre.name}; sagerne kan ikke "
                    "flyttes. Teamlederen må tilføje en kollega først."
                )
            choice = choose_consultant(policy, pool)
            case.consultant_id = choice.consultant_id
            add_event(
                session,
                case,
                EventKind.REASSIGNED,
                now,
                ctx.clock.now(),
                SYSTEM_ACTOR,
                {
                    **choice_data(choice),
                    "from_consultant_id": consultant.id,
                    "reason": "absence",
                },
            )
            session.flush()
            moved.append(case.reference)
        session.commit()
        return AbsenceResult(consultant=consultant.email, reassigned=moved)
