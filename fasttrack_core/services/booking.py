"""Booking a meeting in the consultant's free times without calling (issue 15): the employee
books the first talk; where the job centre's policy allows it (`leader_books_roundtable`,
Varde), the employer side books the roundtable the same way.

A meeting can be booked in a free time (services.free_times) that ends by its deadline, moved
or cancelled until the job centre's `change_until` before it. It is recorded as the booker's own
`followup_booked` / `roundtable_booked` event, so the invitation (.ics) goes to every
participant at once; it is then written to the consultant's own calendar, where one is
configured (services.caldav_calendar). Asking again for the time already booked (a double
click) changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import AuditAction
from fasttrack_core.domain.booking import Span
from fasttrack_core.domain.vocabulary import (
    CaseStatus,
    EventKind,
    ParticipantRole,
    StepKind,
    StepStatus,
)
from fasttrack_core.models import Case, Consultant, Step
from fasttrack_core.presentation.language import Language
from fasttrack_core.presentation.texts.citizen import Problem
from fasttrack_core.services.audit import log
from fasttrack_core.services.caldav_calendar import (
    CalDavAccount,
    busy_times,
    meeting_uid,
    write_meeting,
)
from fasttrack_core.services.citizen_access import (
    OWN_ACCESS,
    CitizenAction,
    CitizenGrant,
    CitizenRefused,
)
from fasttrack_core.services.free_times import consultant_free_times, own_calendar
from fasttrack_core.services.notices.recording import MEETINGS
from fasttrack_core.services.own_case import (
    OwnCase,
    audit_actor,
    events_of,
    load_own_case,
    record_own,
)
from fasttrack_core.services.timeline import outstanding, steps_of

# Who books which meeting, and the event it is recorded as.
BOOKS: dict[StepKind, CitizenAction] = {
    StepKind.FIRST_FOLLOWUP: CitizenAction.BOOK_FIRST_TALK,
    StepKind.ROUNDTABLE: CitizenAction.BOOK_ROUNDTABLE,
}
_EVENT: dict[StepKind, EventKind] = {
    StepKind.FIRST_FOLLOWUP: EventKind.FOLLOWUP_BOOKED,
    StepKind.ROUNDTABLE: EventKind.ROUNDTABLE_BOOKED,
}


@dataclass(frozen=True)
class BookableMeeting:
    kind: StepKind
    due_at: datetime
    starts_at: datetime | None
    minutes: int
    may_change: bool  # it may still be booked, moved or cancelled here
    free: tuple[datetime, ...]


@dataclass(frozen=True)
class EmployerView:
    """What the employer side sees through its link: the case's reference, the job centre, the
    consultant's name and the roundtable. Nothing about the employee's health or answers."""

    reference: str
    job_centre: str
    consultant: str | None
    roundtable: BookableMeeting | None  # None: not to be booked here (held, declined, ...)
    change_until_hours: int


def own_calendar_busy(
    ctx: AppContext, grant: CitizenGrant, kind: StepKind, now: datetime
) -> tuple[CalDavAccount | None, list[Span]]:
    """The consultant's own calendar, where configured, and its busy times until the meeting's
    deadline: read before the use case's transaction, as it goes over the network."""
    with ctx.unit_of_work() as session:
        case = session.get(Case, grant.case_id)
        if case is None or case.consultant_id is None:
            return None, []
        account = CalDavAccount.of(own_calendar(session, case.consultant_id))
        step = outstanding(steps_of(session, case), kind)
    if account is None or not step:
        return account, []
    return account, busy_times(account, now, step[0].due_at)


def _refused_here(own: OwnCase, kind: StepKind) -> bool:
    """A meeting that cannot be booked here: held, no consultant, or a roundtable the case will
    not have (declined; a short course, § 13 f)."""
    if not outstanding(own.steps, kind) or own.consultant is None:
        return True
    return kind is StepKind.ROUNDTABLE and (
        own.case.status == CaseStatus.DECLINED
        or bool(outstanding(own.steps, StepKind.RETURN_CHECK))
    )


def bookable_meeting(
    ctx: AppContext,
    session: Session,
    own: OwnCase,
    kind: StepKind,
    now: datetime,
    elsewhere: Sequence[Span] = (),
) -> BookableMeeting | None:
    """The meeting as it can be booked now, with the consultant's free times; None when it
    cannot be booked here."""
    if _refused_here(own, kind):
        return None
    assert own.consultant is not None and own.consultant.id is not None and own.case.id
    step, rules = outstanding(own.steps, kind)[0], own.rules
    may_change = step.scheduled_at is None or rules.may_change(step.scheduled_at, now)
    free: list[datetime] = []
    if may_change:
        free = consultant_free_times(
            ctx,
            session,
            consultant_id=own.consultant.id,
            rules=rules,
            kind=kind,
            deadline=step.due_at,
            now=now,
            leave_out=(own.case.id, kind),
            elsewhere=elsewhere,
        )
    return BookableMeeting(
        kind,
        step.due_at,
        step.scheduled_at,
        rules.minutes(kind),
        may_change,
        tuple(t for t in free if t != step.scheduled_at),
    )


def is_held(own: OwnCase, kind: StepKind) -> bool:
    return any(s.kind == kind and s.status == StepStatus.DONE for s in own.steps)


def employer_view(ctx: AppContext, grant: CitizenGrant, now: datetime) -> EmployerView:
    """The employer side's page (audited as a view of the case)."""
    _, elsewhere = own_calendar_busy(ctx, grant, StepKind.ROUNDTABLE, now)
    with ctx.unit_of_work() as session:
        own = load_own_case(session, grant, CitizenAction.BOOK_ROUNDTABLE)
        view = EmployerView(
            reference=own.case.reference,
            job_centre=own.centre.name,
            consultant=own.consultant.name if own.consultant else None,
            roundtable=bookable_meeting(ctx, session, own, StepKind.ROUNDTABLE, now, elsewhere),
            change_until_hours=int(own.rules.change_until.total_seconds() // 3600),
        )
        log(session, audit_actor(grant), AuditAction.VIEW, now, own.case.id, purpose=OWN_ACCESS)
        session.commit()
        return view


def _lock_consultant(session: Session, case_id: int) -> None:
    """Take the consultant's row (PostgreSQL) or the write lock (SQLite) before reading their
    calendar, so that two bookings of the same free time cannot both see it free."""
    owner = select(Case.consultant_id).where(col(Case.id) == case_id).scalar_subquery()
    session.execute(
        update(Consultant).where(col(Consultant.id) == owner).values(active=Consultant.active)
    )


def _participants(own: OwnCase, kind: StepKind) -> list[dict[str, Any]]:
    assert own.consultant is not None
    people: list[tuple[ParticipantRole, str | None]] = [
        (ParticipantRole.EMPLOYEE, own.case.employee_email)
    ]
    if kind is StepKind.ROUNDTABLE:
        people += [(ParticipantRole.LEADER, own.case.leader_email)]
    people += [(ParticipantRole.CONSULTANT, own.consultant.email)]
    return [{"role": role, "email": email} for role, email in people if email]


def _bookable_step(own: OwnCase, kind: StepKind) -> Step:
    if _refused_here(own, kind):
        raise CitizenRefused(Problem.NOT_BOOKABLE)
    return outstanding(own.steps, kind)[0]


def _may_change(own: OwnCase, step: Step, now: datetime) -> None:
    if step.scheduled_at is not None and not own.rules.may_change(step.scheduled_at, now):
        hours = int(own.rules.change_until.total_seconds() // 3600)
        raise CitizenRefused(Problem.TOO_LATE_TO_CHANGE, hours=hours)


def book_meeting(
    ctx: AppContext,
    grant: CitizenGrant,
    *,
    kind: StepKind,
    starts_at: datetime | None,
    now: datetime,
) -> str:
    """Book (or move) the meeting to `starts_at`, one of the consultant's free times ending by
    its deadline; returns the text key of what happened."""
    account, elsewhere = own_calendar_busy(ctx, grant, kind, now)
    with ctx.unit_of_work() as session:
        _lock_consultant(session, grant.case_id)
        own = load_own_case(session, grant, BOOKS[kind])
        step = _bookable_step(own, kind)
        moving = step.scheduled_at is not None
        if starts_at is None:
            raise CitizenRefused(Problem.NO_TIME_CHOSEN)
        if step.scheduled_at == starts_at:
            return "flash.booked"  # a double click: booked as asked
        _may_change(own, step, now)
        minutes = own.rules.minutes(kind)
        if starts_at + timedelta(minutes=minutes) > step.due_at:
            raise CitizenRefused(Problem.AFTER_DEADLINE, due=step.due_at)
        meeting = bookable_meeting(ctx, session, own, kind, now, elsewhere)
        if meeting is None or starts_at not in meeting.free:
            raise CitizenRefused(Problem.SLOT_TAKEN)
        data: dict[str, Any] = {"starts_at": starts_at.isoformat(), "minutes": minutes}
        if not moving:
            data["participants"] = _participants(own, kind)
        record_own(ctx, session, grant, BOOKS[kind], own.case, _EVENT[kind], now, data)
        session.commit()
    _to_own_calendar(account, own.case.reference, kind, starts_at, minutes, now)
    return "flash.moved" if moving else "flash.booked"


def cancel_meeting(ctx: AppContext, grant: CitizenGrant, *, kind: StepKind, now: datetime) -> str:
    """Cancel the booked meeting (until `change_until` before it); everyone invited is told."""
    account, _ = own_calendar_busy(ctx, grant, kind, now)
    with ctx.unit_of_work() as session:
        own = load_own_case(session, grant, BOOKS[kind])
        step = _bookable_step(own, kind)
        if step.scheduled_at is None:
            assert own.case.id is not None
            booked = events_of(session, own.case.id, _EVENT[kind])
            if booked and booked[-1].data.get("cancelled"):
                return "flash.cancelled"  # a double click
            raise CitizenRefused(Problem.NOTHING_TO_CANCEL)
        _may_change(own, step, now)
        data: dict[str, Any] = {"cancelled": True}
        record_own(ctx, session, grant, BOOKS[kind], own.case, _EVENT[kind], now, data)
        session.commit()
    _to_own_calendar(account, own.case.reference, kind, None, own.rules.minutes(kind), now)
    return "flash.cancelled"


def _to_own_calendar(
    account: CalDavAccount | None,
    reference: str,
    kind: StepKind,
    starts_at: datetime | None,
    minutes: int,
    now: datetime,
) -> None:
    """The booking (or its cancellation) in the consultant's own calendar, after it committed."""
    if account is not None:
        summary = f"{MEETINGS[Language.DA][kind].capitalize()} · {reference}"  # staff: Danish
        write_meeting(account, meeting_uid(reference, kind), summary, starts_at, minutes, now)
