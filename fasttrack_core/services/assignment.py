"""Assigning cases to consultants, and moving them when a consultant is absent (SPEC §5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import and_, bindparam, func, or_
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import AuditAction
from fasttrack_core.domain.assignment import (
    Candidate,
    Choice,
    NoConsultants,
    choose_consultant,
    choose_preferred,
)
from fasttrack_core.domain.calendar import local_date
from fasttrack_core.domain.policy import AssignmentRule, PhoneRequestOwner, Policy
from fasttrack_core.domain.vocabulary import OPEN_CASE_STATUSES, CaseStatus, EventKind
from fasttrack_core.errors import Refused
from fasttrack_core.models import (
    Case,
    Consultant,
    ConsultantAbsence,
    JobCentre,
    RosterEntry,
    Workplace,
)
from fasttrack_core.services.audit import Actor, log
from fasttrack_core.services.notices.case_mail import CaseMail
from fasttrack_core.services.notices.moves import Move, queue_new_owner_notice
from fasttrack_core.services.policies import policy_of
from fasttrack_core.services.timeline import add_event, steps_of

SYSTEM_ACTOR = "system"


# Built once: intake runs these for every request (bind parameters: centre_id, day, ...). The open
# statuses listed, so that each count searches ix_case_consultant_status's open entries only.
_OPEN_CASES = (
    select(func.count())
    .where(
        col(Case.consultant_id) == col(Consultant.id),
        col(Case.status).in_(OPEN_CASE_STATUSES),
    )
    .scalar_subquery()
)
_ABSENT = (
    select(col(ConsultantAbsence.id))
    .where(
        col(ConsultantAbsence.consultant_id) == col(Consultant.id),
        col(ConsultantAbsence.starts_on) <= bindparam("day"),
        col(ConsultantAbsence.ends_on) >= bindparam("day"),
    )
    .exists()
)
_CANDIDATES = select_columns(
    col(Consultant.id),
    col(Consultant.fte),
    _OPEN_CASES,
    _ABSENT,
    col(Consultant.name),
    col(Consultant.email),
).where(col(Consultant.job_centre_id) == bindparam("centre_id"), col(Consultant.active))


@dataclass(frozen=True)
class Assigned:
    """Whom a new case goes to (the choice and why), and how to tell them: read with the
    candidates, so that telling them costs no query of its own."""

    choice: Choice
    name: str
    email: str


class _Pool(NamedTuple):
    candidates: list[Candidate]
    contacts: dict[int, tuple[str, str]]  # name and e-mail by consultant id

    def assigned(self, choice: Choice) -> Assigned:
        return Assigned(choice, *self.contacts[choice.consultant_id])


def _pool(session: Session, centre: JobCentre, day: date, exclude: int | None = None) -> _Pool:
    rows = session.connection().execute(_CANDIDATES, {"centre_id": centre.id, "day": day}).all()
    pool = _Pool([], {})
    for consultant_id, fte, count, is_absent, name, email in rows:
        assert consultant_id is not None  # a primary key
        if consultant_id != exclude:
            pool.candidates.append(Candidate(consultant_id, fte, count, available=not is_absent))
            pool.contacts[consultant_id] = (name, email)
    return pool


def candidates(
    session: Session, centre: JobCentre, day: date, exclude: int | None = None
) -> list[Candidate]:
    """The job centre's active consultants with their open caseload and presence on `day`."""
    return _pool(session, centre, day, exclude).candidates


_ROSTER = select(col(RosterEntry.day), col(RosterEntry.consultant_id)).where(
    col(RosterEntry.job_centre_id) == bindparam("centre_id"),
    or_(col(RosterEntry.day) == bindparam("day"), col(RosterEntry.weekday) == bindparam("weekday")),
)
_FIXED = select(col(Workplace.consultant_id)).where(
    col(Workplace.cvr) == bindparam("cvr"), col(Workplace.name) == bindparam("workplace")
)


def on_duty(session: Session, centre: JobCentre, day: date) -> int | None:
    """The roster's consultant for `day`: a dated entry wins over the weekday's."""
    rows = session.connection().execute(
        _ROSTER, {"centre_id": centre.id, "day": day, "weekday": day.weekday()}
    )
    entries = rows.all()
    by_date = [consultant for entry_day, consultant in entries if entry_day is not None]
    chosen = by_date or [consultant for _, consultant in entries]
    return chosen[0] if chosen else None


def fixed_for(session: Session, cvr: str, workplace: str) -> int | None:
    consultant: int | None = (
        session.connection().execute(_FIXED, {"cvr": cvr, "workplace": workplace}).scalar()
    )
    return consultant


def choose_for_new_case(
    session: Session,
    centre: JobCentre,
    policy: Policy,
    cvr: str | None,
    workplace: str | None,
    at: datetime,
) -> Assigned:
    """`cvr` and `workplace` are None for a request without an employer (§ 7 e)."""
    day = local_date(at)
    rule = policy.assignment
    pool = _pool(session, centre, day)
    try:
        choice = choose_consultant(
            policy,
            pool.candidates,
            on_duty=on_duty(session, centre, day) if rule is AssignmentRule.DUTY_ROTATION else None,
            fixed=fixed_for(session, cvr, workplace)
            if rule is AssignmentRule.FIXED_WORKPLACE and cvr is not None and workplace is not None
            else None,
        )
    except NoConsultants:
        raise _no_consultants(centre) from None
    return pool.assigned(choice)


def _no_consultants(centre: JobCentre) -> Refused:
    return Refused(
        f"{centre.name} har ingen konsulenter sat op i fasttrack endnu; kontakt jobcentret direkte."
    )


PHONE_TAKER_RULE = "phone_taker"


def choose_for_phone_request(
    session: Session,
    centre: JobCentre,
    policy: Policy,
    cvr: str | None,
    workplace: str | None,
    *,
    called_at: datetime,
    taker_email: str,
) -> Assigned:
    """A request taken at the retention phone (issue 14, item 3): the consultant who took the
    call where the policy says so (`phone_request_owner = "taker"`, and they are one of the
    centre's consultants), else the consultant on duty on the day of the call, not of its
    registration (LAW.md § 5: Kolding's duty consultant); below capacity and present, as
    `choose_consultant` says. Without either, the centre's own rule."""
    day = local_date(called_at)
    preferred, rule = None, str(AssignmentRule.DUTY_ROTATION)
    if policy.phone_request_owner is PhoneRequestOwner.TAKER:
        preferred = session.exec(
            select(col(Consultant.id)).where(
                func.lower(col(Consultant.email)) == taker_email.lower(),
                col(Consultant.job_centre_id) == centre.id,
            )
        ).first()
        rule = PHONE_TAKER_RULE
    if preferred is None:
        preferred, rule = on_duty(session, centre, day), str(AssignmentRule.DUTY_ROTATION)
    if preferred is None:
        return choose_for_new_case(session, centre, policy, cvr, workplace, called_at)
    pool = _pool(session, centre, day)
    try:
        return pool.assigned(choose_preferred(policy, pool.candidates, preferred, rule))
    except NoConsultants:
        raise _no_consultants(centre) from None


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
    ctx: AppContext, email: str, starts_on: date, ends_on: date, *, as_of: datetime
) -> AbsenceResult:
    """Record an absence and hand every open case of the consultant to a colleague at once."""
    if ends_on < starts_on:
        raise Refused("Fraværet slutter før det begynder.")
    with ctx.unit_of_work() as session:
        consultant = session.exec(select(Consultant).where(col(Consultant.email) == email)).first()
        if consultant is None:
            raise Refused(f"Der findes ingen konsulent med e-mailen {email}.")
        assert consultant.id is not None
        centre = session.get_one(JobCentre, consultant.job_centre_id)
        policy = policy_of(centre)
        session.add(
            ConsultantAbsence(consultant_id=consultant.id, starts_on=starts_on, ends_on=ends_on)
        )
        session.flush()
        open_cases = list(
            session.exec(
                select(Case)
                .where(
                    and_(
                        col(Case.consultant_id) == consultant.id,
                        col(Case.status) != CaseStatus.CLOSED,
                    )
                )
                .order_by(col(Case.id))
            )
        )
        moved = []
        for case in open_cases:
            pool = candidates(
                session, centre, max(starts_on, local_date(as_of)), exclude=consultant.id
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
                as_of,
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


def reassign(
    ctx: AppContext, reference: str, consultant_id: int, *, actor: Actor, as_of: datetime
) -> str:
    """Move an open case to another active consultant of its job centre (a team lead's or a
    consultant's decision); the event, the audit entry and the new owner's email (`case_moved`)
    commit with the change. Returns the new consultant's name."""
    with ctx.unit_of_work() as session:
        case = session.exec(select(Case).where(col(Case.reference) == reference)).first()
        if case is None:
            raise Refused(f"Sagen {reference} findes ikke.")
        if case.status == CaseStatus.CLOSED:
            raise Refused("Sagen er afsluttet og kan ikke flyttes.")
        target = session.get(Consultant, consultant_id)
        if target is None or not target.active or target.job_centre_id != case.job_centre_id:
            message = "Vælg en aktiv konsulent fra sagens eget jobcenter."
            raise Refused(message, fields={"consultant_id": message})
        if target.id == case.consultant_id:
            raise Refused(f"Sagen ligger allerede hos {target.name}.")
        previous = case.consultant_id
        case.consultant_id = target.id
        add_event(
            session,
            case,
            EventKind.REASSIGNED,
            as_of,
            ctx.clock.now(),
            actor.label,
            {"consultant_id": target.id, "from_consultant_id": previous, "reason": "manual"},
        )
        log(session, actor, AuditAction.CHANGE, as_of, case.id, "flyttet til anden konsulent")
        assert case.id is not None
        centre = session.get_one(JobCentre, case.job_centre_id)
        queue_new_owner_notice(
            session,
            CaseMail(case.id, case.reference, centre.name, ctx.base_url),
            move=Move.ASSIGNED,
            consultant_name=target.name,
            consultant_email=target.email,
            steps=steps_of(session, case),
            now=as_of,
        )
        session.commit()
        return target.name
