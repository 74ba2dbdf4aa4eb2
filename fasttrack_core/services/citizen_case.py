"""What the employee sees and does on their own page (issue 15), once a sign-in has given a
`CitizenGrant` for their case.

What they see is a citizen-safe projection (`CitizenView`): the job centre, their consultant's
name, their answer and its deadline, the doctor's statement (asked, due, received), the first
talk (deadline, booked time, free times), and a timeline of what is agreed and what comes next:
kinds of events and steps, their dates and meeting times. Never shown: the cause, the answers
to the three questions, notes, meeting places (free text), the plan's actions and placements,
the employer's and leader's details, who else was involved. Every view is in the audit log.

What they do is recorded as their own events (actor `employee`), through the same recording as
a consultant's (`services.own_case.record_own`), in one transaction with the checks here:
- accept or decline Fast track, until the acceptance step's deadline (then read-only);
- wish a doctor's statement (§ 11 c): recorded as `doctor_statement_requested` by the
  employee, which makes the statement a step with its deadline; the consultant is told to ask
  the GP (and records `doctor_statement_requested` again with the GP's deadline, if it differs);
- book the first talk (services.booking).
Asking again for what is already so (a double click) changes nothing and answers as the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import AuditAction
from fasttrack_core.domain.vocabulary import OUTSTANDING, EventKind, StepKind, StepStatus
from fasttrack_core.notify.kinds import MessageKind
from fasttrack_core.presentation.texts.citizen import Problem
from fasttrack_core.services.audit import log
from fasttrack_core.services.booking import (
    BookableMeeting,
    bookable_meeting,
    is_held,
    own_calendar_busy,
)
from fasttrack_core.services.citizen_access import (
    OWN_ACCESS,
    CitizenAction,
    CitizenGrant,
    CitizenRefused,
)
from fasttrack_core.services.notices.case_mail import CaseMail, queue_addressed
from fasttrack_core.services.own_case import (
    EMPLOYEE_ACTOR,
    EMPLOYER_ACTOR,
    audit_actor,
    events_of,
    load_own_case,
    record_own,
)
from fasttrack_core.services.timeline import outstanding, steps_of

_ANSWERS = (EventKind.ACCEPTED, EventKind.DECLINED)
_BY = {EMPLOYEE_ACTOR: "you", EMPLOYER_ACTOR: "workplace"}
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
    by: str  # "you", "workplace" or "centre" (text keys `event.by_<by>`)
    starts_at: datetime | None = None


@dataclass(frozen=True)
class NextStep:
    key: str  # the text key
    due_at: datetime
    scheduled_at: datetime | None


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
    talk: BookableMeeting | None  # None: held, or not to be booked here
    talk_held: bool
    change_until_hours: int
    events: tuple[CitizenEvent, ...]
    upcoming: tuple[NextStep, ...]


def _answer(session: Session, case_id: int) -> EventKind | None:
    answers = events_of(session, case_id, *_ANSWERS)
    return EventKind(answers[-1].kind) if answers else None


def _timeline(session: Session, case_id: int) -> tuple[CitizenEvent, ...]:
    shown = []
    booked: set[EventKind] = set()  # meetings booked now (a new booking of one is a move)
    for event in events_of(session, case_id, *_SHOWN_EVENTS):
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
                _BY.get(event.actor, "centre"),
                datetime.fromisoformat(starts) if isinstance(starts, str) else None,
            )
        )
    return tuple(shown)


def citizen_view(ctx: AppContext, grant: CitizenGrant, now: datetime) -> CitizenView:
    """The employee's own page: what they may see of their case, and what they may do now. The
    view is written to the audit log."""
    _, elsewhere = own_calendar_busy(ctx, grant, StepKind.FIRST_FOLLOWUP, now)
    with ctx.unit_of_work() as session:
        loaded = load_own_case(session, grant, CitizenAction.VIEW)
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
            talk=bookable_meeting(ctx, session, loaded, StepKind.FIRST_FOLLOWUP, now, elsewhere),
            talk_held=is_held(loaded, StepKind.FIRST_FOLLOWUP),
            change_until_hours=int(loaded.rules.change_until.total_seconds() // 3600),
            events=_timeline(session, case.id),
            upcoming=tuple(upcoming),
        )
        log(session, audit_actor(grant), AuditAction.VIEW, now, case.id, purpose=OWN_ACCESS)
        session.commit()
        return view


def answer(ctx: AppContext, grant: CitizenGrant, *, accept: bool, now: datetime) -> str:
    """The employee accepts or declines Fast track; returns the text key of what happened."""
    kind = EventKind.ACCEPTED if accept else EventKind.DECLINED
    done = "flash.accepted" if accept else "flash.declined"
    with ctx.unit_of_work() as session:
        loaded = load_own_case(session, grant, CitizenAction.ANSWER)
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
        record_own(ctx, session, grant, CitizenAction.ANSWER, loaded.case, kind, now)
        session.commit()
        return done


def wish_doctor_statement(ctx: AppContext, grant: CitizenGrant, *, now: datetime) -> str:
    """The employee wishes a doctor's statement (§ 11 c); the consultant is told to ask the GP."""
    with ctx.unit_of_work() as session:
        loaded = load_own_case(session, grant, CitizenAction.DOCTOR_STATEMENT)
        case = loaded.case
        assert case.id is not None
        asked = outstanding(loaded.steps, StepKind.DOCTOR_STATEMENT)
        if asked or any(
            s.kind == StepKind.DOCTOR_STATEMENT and s.status == StepStatus.DONE
            for s in loaded.steps
        ):
            wishes = events_of(session, case.id, EventKind.DOCTOR_STATEMENT_REQUESTED)
            if asked and wishes and wishes[-1].actor == EMPLOYEE_ACTOR:
                return "flash.doctor"  # a double click
            raise CitizenRefused(Problem.DOCTOR_ALREADY)
        if not outstanding(loaded.steps, StepKind.FIRST_FOLLOWUP):
            raise CitizenRefused(Problem.DOCTOR_CLOSED)
        wish = EventKind.DOCTOR_STATEMENT_REQUESTED
        record_own(ctx, session, grant, CitizenAction.DOCTOR_STATEMENT, case, wish, now)
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
