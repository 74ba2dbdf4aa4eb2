"""The case a citizen's grant opens (issue 15): loading it for one of the grant's actions, and
recording what the citizen does as their own event, through the consultant's recording, in the
caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.booking import BookingRules
from fasttrack_core.domain.vocabulary import CaseStatus, EventKind
from fasttrack_core.errors import Refused
from fasttrack_core.models import Case, Consultant, Event, JobCentre, Step
from fasttrack_core.presentation.texts.citizen import Problem
from fasttrack_core.services.audit import Actor
from fasttrack_core.services.citizen_access import (
    CitizenAction,
    CitizenGrant,
    CitizenRefused,
)
from fasttrack_core.services.free_times import rules_for_centre
from fasttrack_core.services.recording import record_in
from fasttrack_core.services.timeline import steps_of

# The actor of the events a citizen records (the consultant's timeline names them).
EMPLOYEE_ACTOR = "employee"
EMPLOYER_ACTOR = "employer"
_ACTOR_OF = {CitizenAction.BOOK_ROUNDTABLE: EMPLOYER_ACTOR}


@dataclass
class OwnCase:
    case: Case
    centre: JobCentre
    consultant: Consultant | None
    steps: list[Step]
    rules: BookingRules


def audit_actor(grant: CitizenGrant) -> Actor:
    return Actor(f"borger: {grant.method}")


def load_own_case(session: Session, grant: CitizenGrant, action: CitizenAction) -> OwnCase:
    """The grant's case for `action`; refused when the grant does not allow it, or the case is
    closed (the session has then ended)."""
    if action not in grant.actions:
        raise CitizenRefused(Problem.NOT_ALLOWED)
    found = session.exec(
        select(Case, JobCentre)
        .join(JobCentre, col(JobCentre.id) == col(Case.job_centre_id))
        .where(col(Case.id) == grant.case_id)
    ).first()
    if found is None or found[0].status == CaseStatus.CLOSED:
        raise CitizenRefused(Problem.SESSION_ENDED)
    case, centre = found
    consultant = session.get(Consultant, case.consultant_id) if case.consultant_id else None
    assert centre.id is not None
    rules = rules_for_centre(session, centre.id)
    return OwnCase(case, centre, consultant, steps_of(session, case), rules)


def events_of(session: Session, case_id: int, *kinds: EventKind) -> list[Event]:
    return list(
        session.exec(
            select(Event)
            .where(col(Event.case_id) == case_id, col(Event.kind).in_(kinds))
            .order_by(col(Event.occurred_at), col(Event.id))
        )
    )


def record_own(
    ctx: AppContext,
    session: Session,
    grant: CitizenGrant,
    action: CitizenAction,
    case: Case,
    kind: EventKind,
    now: datetime,
    data: dict[str, Any] | None = None,
) -> None:
    """The citizen's event, recorded as a consultant's is (refused for the same reasons: then
    `Problem.NOT_ALLOWED`, nothing written), and audited."""
    actor = _ACTOR_OF.get(action, EMPLOYEE_ACTOR)
    try:
        record_in(
            ctx, session, case.reference, kind, now, data,
            as_of=now, actor=actor, audit=audit_actor(grant),
        )  # fmt: skip
    except Refused:
        raise CitizenRefused(Problem.NOT_ALLOWED) from None
