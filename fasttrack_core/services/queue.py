"""The team's queue (issue 14, item 2): the open cases that need an owner, and the moves that
give them one.

A case is in its job centre's queue when it has no owner (none, or a consultant no longer
active), when its consultant carries more open cases than their capacity (the newest cases above
it), or when its consultant handed it back. The team lead and the consultant on duty that day see
the queue; a consultant takes a case over, hands their own back with a reason, and the team lead
assigns one from the queue. Each move is an event, an audit entry and an email to whoever the
case now waits for, in one transaction.

A handed-back case stays in its consultant's name until someone takes it (no case is left
without an owner: SPEC §5); the queue shows it until then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ColumnElement, Select, func, literal, or_
from sqlalchemy import case as when
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import AuditAction
from fasttrack_core.domain.calendar import local_date
from fasttrack_core.domain.vocabulary import OUTSTANDING, CaseStatus, EventKind
from fasttrack_core.errors import Refused
from fasttrack_core.models import Case, Consultant, Event, JobCentre, Step
from fasttrack_core.schemas import Strict, Text, parse
from fasttrack_core.services.assignment import on_duty
from fasttrack_core.services.audit import Actor, log
from fasttrack_core.services.notices.case_mail import CaseMail
from fasttrack_core.services.notices.escalation import contacts_of, escalation_recipient
from fasttrack_core.services.notices.moves import (
    Move,
    queue_handed_back_notice,
    queue_new_owner_notice,
)
from fasttrack_core.services.policies import policy_of
from fasttrack_core.services.timeline import add_event, steps_of
from fasttrack_core.services.workload import PAGE_SIZE, Colleague, Paging, colleagues


class QueueReason(StrEnum):
    NO_OWNER = "no_owner"
    HANDED_BACK = "handed_back"
    OVER_CAPACITY = "over_capacity"


QUEUE_REASON_LABELS: dict[QueueReason, str] = {
    QueueReason.NO_OWNER: "Uden konsulent",
    QueueReason.HANDED_BACK: "Lagt tilbage i køen",
    QueueReason.OVER_CAPACITY: "Konsulenten er over kapacitet",
}

# The events that give a case its owner; the last of them says whether it was handed back.
OWNERSHIP_EVENTS = (
    EventKind.ASSIGNED,
    EventKind.REASSIGNED,
    EventKind.TAKEN_OVER,
    EventKind.HANDED_BACK,
    EventKind.TRANSFERRED,
)


class HandBack(Strict):
    reason: Text


class TakeOver(Strict):
    reason: Text | None = None


@dataclass(frozen=True)
class QueueItem:
    reference: str
    status: CaseStatus
    reason: QueueReason
    consultant: str | None  # the owner's name, if any
    opened_at: datetime
    next_due: datetime | None


@dataclass
class TeamQueue:
    centre: str
    items: list[QueueItem]  # one page, the most urgent reason first, then the oldest case
    counts: dict[QueueReason, int]
    paging: Paging
    colleagues: list[Colleague]  # whom the team lead may assign to


# --- who may see the queue ---------------------------------------------------------------------


def on_duty_email(ctx: AppContext, centre_id: int, *, as_of: datetime) -> str | None:
    """The e-mail of the consultant on the roster today (None: no roster entry for today)."""
    with ctx.unit_of_work() as session:
        centre = session.get_one(JobCentre, centre_id)
        consultant_id = on_duty(session, centre, local_date(as_of))
        if consultant_id is None:
            return None
        return session.get_one(Consultant, consultant_id).email


# --- the queue ---------------------------------------------------------------------------------


def _last_ownership_kind() -> ColumnElement[str]:
    """The kind of the case's last ownership event (correlated)."""
    moves = aliased(Event)
    last_id = (
        sa_select(func.max(col(moves.id)))
        .where(col(moves.case_id) == col(Case.id), col(moves.kind).in_(OWNERSHIP_EVENTS))
        .correlate(Case)
        .scalar_subquery()
    )
    kind: ColumnElement[str] = (
        sa_select(col(Event.kind)).where(col(Event.id) == last_id).correlate(Case).scalar_subquery()
    )
    return kind


def _queued(centre_id: int, capacity_per_fte: int) -> Select[tuple[str, str, str, str, datetime]]:
    """The centre's open cases in the queue: reference, status, reason, owner name, opened."""
    rank = (
        func.row_number()
        .over(partition_by=col(Case.consultant_id), order_by=(col(Case.opened_at), col(Case.id)))
        .label("rank")
    )
    ranked = (
        sa_select(
            col(Case.id).label("case_id"),
            col(Case.reference).label("reference"),
            col(Case.status).label("status"),
            col(Case.opened_at).label("opened_at"),
            col(Consultant.name).label("consultant"),
            col(Consultant.active).label("active"),
            col(Consultant.fte).label("fte"),
            rank,
            _last_ownership_kind().label("last_move"),
        )
        .select_from(Case)
        .outerjoin(Consultant, col(Consultant.id) == col(Case.consultant_id))
        .where(col(Case.job_centre_id) == centre_id, col(Case.status) != CaseStatus.CLOSED)
        .subquery()
    )
    no_owner = or_(ranked.c.consultant.is_(None), ranked.c.active.is_(False))
    reason = when(
        (no_owner, literal(QueueReason.NO_OWNER.value)),
        (ranked.c.last_move == EventKind.HANDED_BACK, literal(QueueReason.HANDED_BACK.value)),
        (
            ranked.c.rank > ranked.c.fte * capacity_per_fte,
            literal(QueueReason.OVER_CAPACITY.value),
        ),
        else_=literal(None),
    ).label("reason")
    inner = sa_select(
        ranked.c.case_id,
        ranked.c.reference,
        ranked.c.status,
        reason,
        ranked.c.consultant,
        ranked.c.opened_at,
    ).subquery()
    return sa_select(
        inner.c.reference, inner.c.status, inner.c.reason, inner.c.consultant, inner.c.opened_at
    ).where(inner.c.reason.is_not(None))


_ORDER = {QueueReason.NO_OWNER: 0, QueueReason.HANDED_BACK: 1, QueueReason.OVER_CAPACITY: 2}


def team_queue(
    ctx: AppContext, centre_id: int, *, as_of: datetime, page: int = 1, page_size: int = PAGE_SIZE
) -> TeamQueue:
    """One page of the job centre's queue, with how many cases are in it for each reason."""
    with ctx.unit_of_work() as session:
        centre = session.get_one(JobCentre, centre_id)
        queued = _queued(centre_id, policy_of(centre).capacity_per_fte).subquery()
        counts = {
            QueueReason(reason): int(number)
            for reason, number in session.execute(
                sa_select(queued.c.reason, func.count()).group_by(queued.c.reason)
            ).tuples()
        }
        paging = Paging(max(page, 1), page_size, sum(counts.values()))
        priority = when(
            *((queued.c.reason == reason.value, order) for reason, order in _ORDER.items())
        )
        rows = session.execute(
            sa_select(queued)
            .order_by(priority, queued.c.opened_at, queued.c.reference)
            .limit(page_size)
            .offset(paging.offset)
        ).all()
        due = _next_due(session, [row.reference for row in rows])
        team = colleagues(session, centre_id)
    items = [
        QueueItem(
            row.reference,
            CaseStatus(row.status),
            QueueReason(row.reason),
            row.consultant,
            row.opened_at,
            due.get(row.reference),
        )
        for row in rows
    ]
    return TeamQueue(centre.name, items, counts, paging, team)


def _next_due(session: Session, references: list[str]) -> dict[str, datetime]:
    if not references:
        return {}
    rows = session.execute(
        sa_select(col(Case.reference), func.min(col(Step.due_at)))
        .join(Step, col(Step.case_id) == col(Case.id))
        .where(col(Case.reference).in_(references), col(Step.status).in_(OUTSTANDING))
        .group_by(col(Case.reference))
    ).tuples()
    return {reference: due for reference, due in rows if due is not None}


# --- the moves ---------------------------------------------------------------------------------


@dataclass
class _Open:
    case: Case
    centre: JobCentre
    owner: Consultant | None


def _open_case(session: Session, reference: str) -> _Open:
    found = session.exec(
        select(Case, JobCentre, Consultant)
        .join(JobCentre, col(JobCentre.id) == col(Case.job_centre_id))
        .outerjoin(Consultant, col(Consultant.id) == col(Case.consultant_id))
        .where(col(Case.reference) == reference.strip().upper())
    ).first()
    if found is None:
        raise Refused(f"Sagen {reference} findes ikke.")
    case, centre, owner = found
    if case.status == CaseStatus.CLOSED:
        raise Refused("Sagen er afsluttet og kan ikke flyttes.")
    return _Open(case, centre, owner)


def _consultant(session: Session, centre: JobCentre, email: str) -> Consultant:
    """The active consultant of the case's job centre with this e-mail."""
    found = session.exec(
        select(Consultant).where(func.lower(col(Consultant.email)) == email.strip().lower())
    ).first()
    if found is None or not found.active or found.job_centre_id != centre.id:
        raise Refused(f"{email} er ikke en aktiv konsulent i {centre.name}.")
    return found


def _mail(ctx: AppContext, opened: _Open) -> CaseMail:
    assert opened.case.id is not None
    return CaseMail(opened.case.id, opened.case.reference, opened.centre.name, ctx.base_url)


def _give(
    ctx: AppContext,
    session: Session,
    opened: _Open,
    to: Consultant,
    kind: EventKind,
    data: dict[str, object],
    *,
    move: Move,
    actor: Actor,
    as_of: datetime,
) -> None:
    """The case to `to`: the event, the audit entry, the new owner's email."""
    case = opened.case
    previous = case.consultant_id
    case.consultant_id = to.id
    add_event(
        session,
        case,
        kind,
        as_of,
        ctx.clock.now(),
        actor.label,
        {**data, "consultant_id": to.id, "from_consultant_id": previous},
    )
    log(session, actor, AuditAction.CHANGE, as_of, case.id, f"{kind}: til {to.email}")
    queue_new_owner_notice(
        session,
        _mail(ctx, opened),
        move=move,
        consultant_name=to.name,
        consultant_email=to.email,
        steps=steps_of(session, case),
        now=as_of,
    )


def take_over(
    ctx: AppContext,
    reference: str,
    *,
    consultant_email: str,
    reason: str | None = None,
    actor: Actor,
    as_of: datetime,
) -> str:
    """The consultant with `consultant_email` takes the open case over (event `taken_over`);
    returns the reference."""
    parsed = parse(TakeOver, {"reason": reason} if reason and reason.strip() else {})
    with ctx.unit_of_work() as session:
        opened = _open_case(session, reference)
        taker = _consultant(session, opened.centre, consultant_email)
        if opened.case.consultant_id == taker.id and not _handed_back(session, opened.case):
            raise Refused(f"Sagen ligger allerede hos {taker.name}.")
        data: dict[str, object] = {"reason": parsed.reason} if parsed.reason else {}
        _give(
            ctx,
            session,
            opened,
            taker,
            EventKind.TAKEN_OVER,
            data,
            move=Move.TAKEN_OVER,
            actor=actor,
            as_of=as_of,
        )
        session.commit()
        return opened.case.reference


def assign_from_queue(
    ctx: AppContext, reference: str, consultant_id: int, *, actor: Actor, as_of: datetime
) -> str:
    """A team lead gives the open case to a consultant of its job centre (event `reassigned`,
    reason `queue`); returns the consultant's name."""
    with ctx.unit_of_work() as session:
        opened = _open_case(session, reference)
        target = session.get(Consultant, consultant_id)
        if target is None or not target.active or target.job_centre_id != opened.centre.id:
            message = "Vælg en aktiv konsulent fra sagens eget jobcenter."
            raise Refused(message, fields={"consultant_id": message})
        if target.id == opened.case.consultant_id and not _handed_back(session, opened.case):
            raise Refused(f"Sagen ligger allerede hos {target.name}.")
        _give(
            ctx,
            session,
            opened,
            target,
            EventKind.REASSIGNED,
            {"reason": "queue"},
            move=Move.ASSIGNED,
            actor=actor,
            as_of=as_of,
        )
        session.commit()
        return target.name


def hand_back(
    ctx: AppContext,
    reference: str,
    *,
    consultant_email: str,
    reason: str,
    actor: Actor,
    as_of: datetime,
) -> str:
    """The case's own consultant puts it back in the team's queue with a reason (event
    `handed_back`); the team lead (else whoever escalations go to) is told. Returns the
    reference."""
    parsed = parse(HandBack, {"reason": reason})
    with ctx.unit_of_work() as session:
        opened = _open_case(session, reference)
        owner = opened.owner
        if owner is None or owner.email.lower() != consultant_email.strip().lower():
            raise Refused("Kun sagens egen konsulent kan lægge den tilbage i køen.")
        if _handed_back(session, opened.case):
            raise Refused("Sagen ligger allerede i teamets kø.")
        case = opened.case
        add_event(
            session,
            case,
            EventKind.HANDED_BACK,
            as_of,
            ctx.clock.now(),
            actor.label,
            {"reason": parsed.reason, "consultant_id": owner.id},
        )
        log(session, actor, AuditAction.CHANGE, as_of, case.id, "lagt tilbage i teamets kø")
        assert opened.centre.id is not None
        contacts = contacts_of(session, [opened.centre.id])[opened.centre.id]
        queue_handed_back_notice(
            session,
            _mail(ctx, opened),
            consultant_name=owner.name,
            team_lead=escalation_recipient(contacts, ctx.admin_email),
            now=as_of,
        )
        session.commit()
        return case.reference


def _handed_back(session: Session, case: Case) -> bool:
    last = session.exec(
        select(col(Event.kind))
        .where(col(Event.case_id) == case.id, col(Event.kind).in_(OWNERSHIP_EVENTS))
        .order_by(col(Event.id).desc())
        .limit(1)
    ).first()
    return last == EventKind.HANDED_BACK
