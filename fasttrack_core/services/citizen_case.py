"""What the employee sees and does on their own page (issue 15), once a sign-in has given a
`CitizenGrant` for their case.

What they see is a citizen-safe projection (`CitizenView`): the job centre, their consultant's
name, their answer and its deadline, the doctor's statement (asked, due, received), the first
talk (deadline, booked time, free times), and a timeline of what is agreed and what comes next:
kinds of events and steps, their dates and meeting times. Never shown: the cause, the answers
to the three questions, notes, meeting places (free text), the plan's actions and placements,
the employer's and leader's details, who else was involved. Every view is in the audit log.

What they do is recorded as their own events (actor `employee`), through the same recording as
a consultant's (`services.recording.record_in`), in one transaction with the checks here:
- accept or decline Fast track, until the acceptance step's deadline (then read-only);
- wish a doctor's statement (§ 11 c): recorded as `doctor_statement_requested` by the
  employee, which makes the statement a step with its deadline; the consultant is told to ask
  the GP (and records `doctor_statement_requested` again with the GP's deadline, if it differs);
- book the first talk in a free time of their consultant ending by its deadline, move or cancel
  it until the job centre's `change_until` before it; the invitation (.ics) goes at once.
Asking again for what is already so (a double click) changes nothing and answers as the first.
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
from fasttrack_core.domain.booking import BookingRules, Span
from fasttrack_core.domain.vocabulary import (
    OUTSTANDING,
    CaseStatus,
    EventKind,
    ParticipantRole,
    StepKind,
    StepStatus,
)
from fasttrack_core.models import Case, Consultant, Event, JobCentre, Step
from fasttrack_core.notify.kinds import MessageKind
from fasttrack_core.presentation.citizen_texts import Problem
from fasttrack_core.services.audit import Actor, log
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
from fasttrack_core.services.free_times import (
    consultant_free_times,
    own_calendar,
    rules_for_centre,
)
from fasttrack_core.services.notices.case_mail import CaseMail, queue_addressed
from fasttrack_core.services.notices.recording import MEETINGS
from fasttrack_core.services.recording import record_in
from fasttrack_core.services.timeline import outstanding, steps_of

EMPLOYEE_ACTOR = "employee"
_ANSWERS = (EventKind.ACCEPTED, EventKind.DECLINED)
# The events and steps the employee sees (their text keys are `event.<kind>`, `step.<kind>`).
_SHOWN_EVENTS = frozenset(
    {
        EventKind.REQUESTED,
        *_ANSWERS,
        EventKind.DOCTOR_STATEMENT_REQUESTED,
        EventKind.DOCTOR_STATEMENT_RECEIVED,
        EventKind.FOLLOWUP_BOOKED,
        EventKind.FOLLOWUP_HELD,
        EventKind.ROUNDTABLE_BOOKED,
        EventKind.ROUNDTABLE_HELD,
        EventKind.REVIEW_HELD,
        EventKind.CLOSED,
    }
)
_SHOWN_STEPS = (
    StepKind.ACCEPTANCE,
    StepKind.DOCTOR_STATEMENT,
    StepKind.FIRST_FOLLOWUP,
    StepKind.ROUNDTABLE,
    StepKind.REVIEW,
)
_MOVED_KEYS = {
    EventKind.FOLLOWUP_BOOKED: "event.followup_moved",
    EventKind.ROUNDTABLE_BOOKED: "event.roundtable_moved",
}
_CANCELLED_KEYS = {
    EventKind.FOLLOWUP_BOOKED: "event.followup_cancelled",
    EventKind.ROUNDTABLE_BOOKED: "event.roundtable_cancelled",
}


@dataclass(frozen=True)
class CitizenEvent:
    key: str  # the text key
    at: datetime
    by_employee: bool
    starts_at: datetime | None = None


@dataclass(frozen=True)
class NextStep:
    key: str  # the text key
    due_at: datetime
    scheduled_at: datetime | None


@dataclass(frozen=True)
class FirstTalk:
    due_at: datetime
    starts_at: datetime | None
    minutes: int
    may_change: bool  # the employee may still book, move or cancel it here
    free: tuple[datetime, ...]


@dataclass(frozen=True)
class CitizenView:
    reference: str
    job_centre: str
    consultant: str | None
    answer: EventKind | None  # accepted or declined
    answer_due: datetime | None  # while an answer is awaited
    may_answer: bool
    doctor: str  # "none", "asked" or "received"
    doctor_due: datetime | None
    may_wish_doctor: bool
    talk: FirstTalk | None  # None: held, or not to be booked here
    talk_held: bool
    change_until_hours: int
    events: tuple[CitizenEvent, ...]
    upcoming: tuple[NextStep, ...]


@dataclass
class _Loaded:
    case: Case
    centre: JobCentre
    consultant: Consultant | None
    steps: list[Step]
    rules: BookingRules


def _actor(grant: CitizenGrant) -> Actor:
    return Actor(f"borger: {grant.method}")


def _load(session: Session, grant: CitizenGrant, action: CitizenAction) -> _Loaded:
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
    return _Loaded(
        case, centre, consultant, steps_of(session, case), rules_for_centre(session, centre.id)
    )


def _events(session: Session, case_id: int, *kinds: EventKind) -> list[Event]:
    return list(
        session.exec(
            select(Event)
            .where(col(Event.case_id) == case_id, col(Event.kind).in_(kinds))
            .order_by(col(Event.occurred_at), col(Event.id))
        )
    )


def _answer(session: Session, case_id: int) -> EventKind | None:
    answers = _events(session, case_id, *_ANSWERS)
    return EventKind(answers[-1].kind) if answers else None


def _own_calendar(
    ctx: AppContext, grant: CitizenGrant, now: datetime
) -> tuple[CalDavAccount | None, list[Span]]:
    """The consultant's own calendar, where configured, and its busy times until the first
    talk's deadline: read before the use case's transaction, as it goes over the network."""
    with ctx.unit_of_work() as session:
        case = session.get(Case, grant.case_id)
        if case is None or case.consultant_id is None:
            return None, []
        account = CalDavAccount.of(own_calendar(session, case.consultant_id))
        talk = outstanding(steps_of(session, case), StepKind.FIRST_FOLLOWUP)
    if account is None or not talk:
        return account, []
    return account, busy_times(account, now, talk[0].due_at)


def _first_talk(
    ctx: AppContext,
    session: Session,
    loaded: _Loaded,
    now: datetime,
    elsewhere: Sequence[Span] = (),
) -> FirstTalk | None:
    talk = outstanding(loaded.steps, StepKind.FIRST_FOLLOWUP)
    if not talk or loaded.consultant is None:
        return None
    step, rules = talk[0], loaded.rules
    may_change = step.scheduled_at is None or rules.may_change(step.scheduled_at, now)
    free: list[datetime] = []
    if may_change:
        assert loaded.consultant.id is not None and loaded.case.id is not None
        free = consultant_free_times(
            ctx,
            session,
            consultant_id=loaded.consultant.id,
            rules=rules,
            kind=StepKind.FIRST_FOLLOWUP,
            deadline=step.due_at,
            now=now,
            leave_out=(loaded.case.id, StepKind.FIRST_FOLLOWUP),
            elsewhere=elsewhere,
        )
    return FirstTalk(
        step.due_at,
        step.scheduled_at,
        rules.minutes(StepKind.FIRST_FOLLOWUP),
        may_change,
        tuple(t for t in free if t != step.scheduled_at),
    )


def _timeline(session: Session, case_id: int) -> tuple[CitizenEvent, ...]:
    shown = []
    booked: set[EventKind] = set()  # meetings booked now (a new booking of one is a move)
    for event in _events(session, case_id, *_SHOWN_EVENTS):
        kind = EventKind(event.kind)
        starts = event.data.get("starts_at")
        key = f"event.{kind}"
        if kind in _CANCELLED_KEYS:
            if event.data.get("cancelled"):
                key, starts = _CANCELLED_KEYS[kind], None
                booked.discard(kind)
            elif kind in booked:
                key = _MOVED_KEYS[kind]
            else:
                booked.add(kind)
        shown.append(
            CitizenEvent(
                key,
                event.occurred_at,
                event.actor == EMPLOYEE_ACTOR,
                datetime.fromisoformat(starts) if isinstance(starts, str) else None,
            )
        )
    return tuple(shown)


def citizen_view(ctx: AppContext, grant: CitizenGrant, now: datetime) -> CitizenView:
    """The employee's own page: what they may see of their case, and what they may do now. The
    view is written to the audit log."""
    _, elsewhere = _own_calendar(ctx, grant, now)
    with ctx.unit_of_work() as session:
        loaded = _load(session, grant, CitizenAction.VIEW)
        case, steps = loaded.case, loaded.steps
        assert case.id is not None
        acceptance = outstanding(steps, StepKind.ACCEPTANCE)
        doctor_steps = [s for s in steps if s.kind == StepKind.DOCTOR_STATEMENT]
        doctor_open = [s for s in doctor_steps if s.status in OUTSTANDING]
        doctor = (
            "asked"
            if doctor_open
            else "received"
            if any(s.status == StepStatus.DONE for s in doctor_steps)
            else "none"
        )
        held = any(s.kind == StepKind.FIRST_FOLLOWUP and s.status == StepStatus.DONE for s in steps)
        upcoming = sorted(
            (
                NextStep(f"step.{s.kind}", s.due_at, s.scheduled_at)
                for s in steps
                if s.kind in _SHOWN_STEPS and s.status in OUTSTANDING
            ),
            key=lambda n: n.scheduled_at or n.due_at,
        )
        view = CitizenView(
            reference=case.reference,
            job_centre=loaded.centre.name,
            consultant=loaded.consultant.name if loaded.consultant else None,
            answer=_answer(session, case.id),
            answer_due=acceptance[0].due_at if acceptance else None,
            may_answer=bool(acceptance) and now <= acceptance[0].due_at,
            doctor=doctor,
            doctor_due=doctor_open[0].due_at if doctor_open else None,
            may_wish_doctor=doctor == "none" and bool(outstanding(steps, StepKind.FIRST_FOLLOWUP)),
            talk=_first_talk(ctx, session, loaded, now, elsewhere),
            talk_held=held,
            change_until_hours=int(loaded.rules.change_until.total_seconds() // 3600),
            events=_timeline(session, case.id),
            upcoming=tuple(upcoming),
        )
        log(session, _actor(grant), AuditAction.VIEW, now, case.id, purpose=OWN_ACCESS)
        session.commit()
        return view


def _record(
    ctx: AppContext,
    session: Session,
    grant: CitizenGrant,
    case: Case,
    kind: EventKind,
    now: datetime,
    data: dict[str, Any] | None = None,
) -> None:
    record_in(
        ctx,
        session,
        case.reference,
        kind,
        now,
        data,
        as_of=now,
        actor=EMPLOYEE_ACTOR,
        audit=_actor(grant),
    )


def answer(ctx: AppContext, grant: CitizenGrant, *, accept: bool, now: datetime) -> str:
    """The employee accepts or declines Fast track; returns the text key of what happened."""
    kind = EventKind.ACCEPTED if accept else EventKind.DECLINED
    done = "flash.accepted" if accept else "flash.declined"
    with ctx.unit_of_work() as session:
        loaded = _load(session, grant, CitizenAction.ANSWER)
        assert loaded.case.id is not None
        given = _answer(session, loaded.case.id)
        if given is kind:
            return done  # a double click: the answer stands
        if given is not None:
            raise CitizenRefused(Problem.ALREADY_ANSWERED)
        awaited = outstanding(loaded.steps, StepKind.ACCEPTANCE)
        if not awaited:
            raise CitizenRefused(Problem.NOT_ALLOWED)
        if now > awaited[0].due_at:
            raise CitizenRefused(Problem.ANSWER_CLOSED, due=awaited[0].due_at)
        _record(ctx, session, grant, loaded.case, kind, now)
        session.commit()
        return done


def wish_doctor_statement(ctx: AppContext, grant: CitizenGrant, *, now: datetime) -> str:
    """The employee wishes a doctor's statement (§ 11 c); the consultant is told to ask the GP."""
    with ctx.unit_of_work() as session:
        loaded = _load(session, grant, CitizenAction.DOCTOR_STATEMENT)
        case = loaded.case
        assert case.id is not None
        asked = outstanding(loaded.steps, StepKind.DOCTOR_STATEMENT)
        if asked or any(
            s.kind == StepKind.DOCTOR_STATEMENT and s.status == StepStatus.DONE
            for s in loaded.steps
        ):
            wishes = _events(session, case.id, EventKind.DOCTOR_STATEMENT_REQUESTED)
            if asked and wishes and wishes[-1].actor == EMPLOYEE_ACTOR:
                return "flash.doctor"  # a double click
            raise CitizenRefused(Problem.DOCTOR_ALREADY)
        if not outstanding(loaded.steps, StepKind.FIRST_FOLLOWUP):
            raise CitizenRefused(Problem.DOCTOR_CLOSED)
        _record(ctx, session, grant, case, EventKind.DOCTOR_STATEMENT_REQUESTED, now)
        step = outstanding(steps_of(session, case), StepKind.DOCTOR_STATEMENT)[0]
        mail = CaseMail(case.id, case.reference, loaded.centre.name, ctx.base_url)
        consultant = loaded.consultant.email if loaded.consultant else None
        message = mail.message(
            MessageKind.REQUEST_DOCTOR_STATEMENT,
            [consultant],
            f"{MessageKind.REQUEST_DOCTOR_STATEMENT}:employee:{step.seq}",
            due=step.due_at,
            wished_by_employee=True,
        )
        queue_addressed(session, [message], now)
        session.commit()
        return "flash.doctor"


def _lock_consultant(session: Session, case_id: int) -> None:
    """Take the consultant's row (PostgreSQL) or the write lock (SQLite) before reading their
    calendar, so that two bookings of the same free time cannot both see it free."""
    owner = select(Case.consultant_id).where(col(Case.id) == case_id).scalar_subquery()
    session.execute(
        update(Consultant).where(col(Consultant.id) == owner).values(active=Consultant.active)
    )


def book_first_talk(
    ctx: AppContext, grant: CitizenGrant, *, starts_at: datetime | None, now: datetime
) -> str:
    """Book (or move) the first talk to `starts_at`, one of the consultant's free times ending by
    the talk's deadline; the invitation goes to the employee and the consultant, and the meeting
    into the consultant's own calendar where one is configured."""
    account, elsewhere = _own_calendar(ctx, grant, now)
    with ctx.unit_of_work() as session:
        _lock_consultant(session, grant.case_id)
        loaded = _load(session, grant, CitizenAction.BOOK_FIRST_TALK)
        step = _bookable(loaded)
        moving = step.scheduled_at is not None
        if starts_at is None:
            raise CitizenRefused(Problem.NO_TIME_CHOSEN)
        if step.scheduled_at == starts_at:
            return "flash.booked"  # a double click: booked as asked
        _may_change(loaded, step, now)
        minutes = loaded.rules.minutes(StepKind.FIRST_FOLLOWUP)
        if starts_at + timedelta(minutes=minutes) > step.due_at:
            raise CitizenRefused(Problem.AFTER_DEADLINE, due=step.due_at)
        talk = _first_talk(ctx, session, loaded, now, elsewhere)
        if talk is None or starts_at not in talk.free:
            raise CitizenRefused(Problem.SLOT_TAKEN)
        assert loaded.consultant is not None
        participants = [
            {"role": ParticipantRole.EMPLOYEE, "email": loaded.case.employee_email},
            {"role": ParticipantRole.CONSULTANT, "email": loaded.consultant.email},
        ]
        data: dict[str, Any] = {"starts_at": starts_at.isoformat(), "minutes": minutes}
        if not moving:
            data["participants"] = participants
        _record(ctx, session, grant, loaded.case, EventKind.FOLLOWUP_BOOKED, now, data)
        session.commit()
    _to_own_calendar(account, loaded.case.reference, starts_at, minutes, now)
    return "flash.moved" if moving else "flash.booked"


def _to_own_calendar(
    account: CalDavAccount | None,
    reference: str,
    starts_at: datetime | None,
    minutes: int,
    now: datetime,
) -> None:
    """The booking (or its cancellation) in the consultant's own calendar, after it committed."""
    if account is not None:
        talk = StepKind.FIRST_FOLLOWUP
        summary = f"{MEETINGS[talk].capitalize()} · {reference}"
        write_meeting(account, meeting_uid(reference, talk), summary, starts_at, minutes, now)


def cancel_first_talk(ctx: AppContext, grant: CitizenGrant, *, now: datetime) -> str:
    """Cancel the booked first talk (until `change_until` before it); the cancellation goes to
    the employee and the consultant."""
    account, _ = _own_calendar(ctx, grant, now)
    with ctx.unit_of_work() as session:
        loaded = _load(session, grant, CitizenAction.BOOK_FIRST_TALK)
        step = _bookable(loaded)
        if step.scheduled_at is None:
            assert loaded.case.id is not None
            booked = _events(session, loaded.case.id, EventKind.FOLLOWUP_BOOKED)
            if booked and booked[-1].data.get("cancelled"):
                return "flash.cancelled"  # a double click
            raise CitizenRefused(Problem.NOTHING_TO_CANCEL)
        _may_change(loaded, step, now)
        data: dict[str, Any] = {"cancelled": True}
        _record(ctx, session, grant, loaded.case, EventKind.FOLLOWUP_BOOKED, now, data)
        session.commit()
    minutes = loaded.rules.minutes(StepKind.FIRST_FOLLOWUP)
    _to_own_calendar(account, loaded.case.reference, None, minutes, now)
    return "flash.cancelled"


def _bookable(loaded: _Loaded) -> Step:
    talk = outstanding(loaded.steps, StepKind.FIRST_FOLLOWUP)
    if not talk or loaded.consultant is None:
        raise CitizenRefused(Problem.NOT_BOOKABLE)
    return talk[0]


def _may_change(loaded: _Loaded, step: Step, now: datetime) -> None:
    if step.scheduled_at is not None and not loaded.rules.may_change(step.scheduled_at, now):
        hours = int(loaded.rules.change_until.total_seconds() // 3600)
        raise CitizenRefused(Problem.TOO_LATE_TO_CHANGE, hours=hours)
