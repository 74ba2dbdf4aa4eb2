"""Recording what a consultant did (SPEC §4): one event, its steps, one transaction."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import AuditAction
from fasttrack_core.domain.calendar import end_of_day, local_date
from fasttrack_core.domain.policy import Policy, suggested_specialist
from fasttrack_core.domain.schedule import (
    PlannedStep,
    declined_followup_due,
    latest_review_date,
    next_review_due,
    roundtable_due_after,
)
from fasttrack_core.domain.transitions import CaseSnapshot, refusal, status_after
from fasttrack_core.domain.vocabulary import (
    CONSULTANT_EVENTS,
    EVENT_LABELS,
    OUTSTANDING,
    CaseStatus,
    EventKind,
    StepKind,
    StepStatus,
)
from fasttrack_core.errors import Refused
from fasttrack_core.models import Case, Consultant, Event, JobCentre, Step
from fasttrack_core.notify.messages import (
    CaseMail,
    MeetingVersion,
    accepted_messages,
    declined_messages,
    invitation_messages,
    roundtable_messages,
)
from fasttrack_core.notify.outbox import Outgoing
from fasttrack_core.schemas import (
    ActionCompleted,
    Booking,
    Closed,
    FollowupHeld,
    Note,
    PartialReturn,
    ReviewHeld,
    RoundtableHeld,
    Strict,
    parse,
)
from fasttrack_core.services.audit import Actor, log
from fasttrack_core.services.policies import policy_of
from fasttrack_core.services.timeline import (
    add_event,
    add_step,
    cancel,
    complete,
    outstanding,
    set_deadline,
    steps_of,
)

DATA_SCHEMAS: dict[EventKind, type[Strict]] = {
    EventKind.ACCEPTED: Note,
    EventKind.DECLINED: Note,
    EventKind.DOCTOR_STATEMENT_RECEIVED: Note,
    EventKind.FOLLOWUP_BOOKED: Booking,
    EventKind.FOLLOWUP_HELD: FollowupHeld,
    EventKind.EMPOWERMENT_TALK_HELD: Note,
    EventKind.ROUNDTABLE_BOOKED: Booking,
    EventKind.ROUNDTABLE_HELD: RoundtableHeld,
    EventKind.ACTION_COMPLETED: ActionCompleted,
    EventKind.REVIEW_HELD: ReviewHeld,
    EventKind.PARTIAL_RETURN: PartialReturn,
    EventKind.CLOSED: Closed,
}


# Built once (recording is hot): the case, its job centre, and whether this exact event is
# already in the timeline (bind parameters: reference, dedupe_key).
_CASE_WITH_CENTRE = (
    select(
        Case,
        JobCentre,
        Consultant,
        select(col(Event.id)).where(col(Event.dedupe_key) == bindparam("dedupe_key")).exists(),
    )
    .join(JobCentre, col(JobCentre.id) == col(Case.job_centre_id))
    .outerjoin(Consultant, col(Consultant.id) == col(Case.consultant_id))
    .where(col(Case.reference) == bindparam("reference"))
)

_EARLIER_BOOKINGS = (
    select(col(Event.data))
    .where(col(Event.case_id) == bindparam("case_id"), col(Event.kind) == bindparam("kind"))
    .order_by(col(Event.id))
)


@dataclass
class RecordResult:
    reference: str
    kind: str
    status: str
    duplicate: bool = False
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Change:
    """What a handler works on: the case, its steps, and the facts of the event."""

    ctx: AppContext
    session: Session
    case: Case
    steps: list[Step]
    policy: Policy
    at: datetime
    now: datetime
    data: Any
    event_data: dict[str, Any]
    mail: CaseMail
    consultant: Consultant | None
    warnings: list[str] = field(default_factory=list)
    messages: list[Outgoing] = field(default_factory=list)

    @property
    def consultant_email(self) -> str | None:
        return self.consultant.email if self.consultant else None

    def only(self, kind: StepKind) -> Step:
        return outstanding(self.steps, kind)[0]

    def new_step(self, planned: PlannedStep) -> Step:
        step = add_step(self.session, self.case, planned, self.policy, self.ctx.calendar, self.now)
        self.steps.append(step)
        return step


def parse_kind(kind: str) -> EventKind:
    try:
        event_kind = EventKind(kind)
    except ValueError:
        event_kind = None
    if event_kind not in CONSULTANT_EVENTS:
        known = ", ".join(sorted(CONSULTANT_EVENTS))
        raise Refused(f"Ukendt hændelse '{kind}'. Mulige hændelser: {known}.")
    return event_kind


def record_event(
    ctx: AppContext,
    reference: str,
    kind: str,
    at: datetime,
    data: dict[str, Any] | None,
    *,
    as_of: datetime,
    actor: str = "konsulent",
    audit: Actor | None = None,
) -> RecordResult:
    """Record `kind` (with its `data`, parsed here against the kind's schema) on the case as
    happened at `at`, at business time `as_of`; refuse moves that make no sense.

    With `audit` (a signed-in user), the change is also in the audit log, in the same
    transaction.
    """
    event_kind = parse_kind(kind)
    parsed = parse(DATA_SCHEMAS[event_kind], data or {})
    if at > as_of:
        raise Refused("Tidspunktet for hændelsen ligger i fremtiden.")
    canonical = json.dumps(parsed.model_dump(mode="json", exclude_none=True), sort_keys=True)
    dedupe_key = _dedupe_key(reference, event_kind, at, canonical)
    with ctx.unit_of_work() as session:
        found = session.exec(
            _CASE_WITH_CENTRE, params={"reference": reference, "dedupe_key": dedupe_key}
        ).one_or_none()
        if found is None:
            raise Refused(f"Sagen {reference} findes ikke.")
        case, centre, consultant, already_recorded = found
        if already_recorded:
            return RecordResult(reference, event_kind, case.status, duplicate=True)
        if at < case.requested_at:
            raise Refused("Tidspunktet ligger før anmodningen om Fast track.")
        steps = steps_of(session, case)
        action_seq = parsed.action if isinstance(parsed, ActionCompleted) else None
        reason = refusal(event_kind, _snapshot(case, steps), action_seq)
        if reason:
            raise Refused(reason)
        change = _Change(
            ctx=ctx,
            session=session,
            case=case,
            steps=steps,
            policy=policy_of(centre),
            at=at,
            now=as_of,
            data=parsed,
            event_data=json.loads(canonical),
            mail=CaseMail(_id(case), case.reference, centre.name, ctx.base_url),
            consultant=consultant,
        )
        HANDLERS[event_kind](change)
        case.status = status_after(event_kind, CaseStatus(case.status))
        add_event(
            session,
            case,
            event_kind,
            at,
            ctx.clock.now(),
            actor,
            change.event_data,
            dedupe_key,
        )
        change.mail.queue(session, change.messages, as_of)
        if audit is not None:
            detail = f"registrerede: {EVENT_LABELS[event_kind]}"
            log(session, audit, AuditAction.CHANGE, as_of, case.id, detail)
        session.commit()
        return RecordResult(reference, event_kind, case.status, warnings=change.warnings)


def _dedupe_key(reference: str, kind: EventKind, at: datetime, canonical: str) -> str:
    digest = hashlib.sha256(f"{at.isoformat()}|{canonical}".encode()).hexdigest()[:32]
    return f"{reference}:{kind}:{digest}"


def _snapshot(case: Case, steps: list[Step]) -> CaseSnapshot:
    pending: dict[StepKind, set[int]] = {}
    for step in steps:
        if step.status in OUTSTANDING:
            pending.setdefault(StepKind(step.kind), set()).add(step.seq)
    return CaseSnapshot(
        status=CaseStatus(case.status),
        outstanding={kind: frozenset(seqs) for kind, seqs in pending.items()},
        done=frozenset(StepKind(s.kind) for s in steps if s.status == StepStatus.DONE),
    )


# --- one handler per event kind -----------------------------------------------------------------


def _complete(kind: StepKind) -> Callable[[_Change], None]:
    def handler(change: _Change) -> None:
        complete(change.only(kind), change.at)

    return handler


def _accepted(change: _Change) -> None:
    complete(change.only(StepKind.ACCEPTANCE), change.at)
    followup = outstanding(change.steps, StepKind.FIRST_FOLLOWUP)
    statement = outstanding(change.steps, StepKind.DOCTOR_STATEMENT)
    change.messages += accepted_messages(
        change.mail,
        change.consultant_email,
        followup[0].due_at if followup else None,
        statement[0].due_at if statement else None,
    )


def _declined(change: _Change) -> None:
    complete(change.only(StepKind.ACCEPTANCE), change.at)
    # § 13 b, stk. 3: without Fast track the first talk is due before the end of week 8.
    for step in outstanding(change.steps, StepKind.FIRST_FOLLOWUP):
        due = declined_followup_due(change.case.first_absence_day)
        set_deadline(step, due, change.policy, change.ctx.calendar, change.now)
        change.messages += declined_messages(change.mail, change.consultant_email, due)
    for kind in (StepKind.ROUNDTABLE, StepKind.EMPOWERMENT_TALK):
        for step in outstanding(change.steps, kind):
            cancel(step)


def _booked(kind: StepKind, event_kind: EventKind) -> Callable[[_Change], None]:
    def handler(change: _Change) -> None:
        booking: Booking = change.data
        step = change.only(kind)
        earlier = list(
            change.session.exec(
                _EARLIER_BOOKINGS, params={"case_id": change.case.id, "kind": event_kind}
            )
        )
        # The calendar invitation's SEQUENCE: 0 for the first booking, then one more per change.
        sequence = len(earlier)
        change.event_data["sequence"] = sequence
        previous = next((_version(d) for d in reversed(earlier) if not d.get("cancelled")), None)
        if booking.cancelled:
            step.scheduled_at = None
            version = previous
        else:
            assert booking.starts_at is not None
            step.scheduled_at = booking.starts_at
            if booking.starts_at > step.due_at:
                change.warnings.append(
                    f"Mødet ligger efter fristen ({local_date(step.due_at).isoformat()})."
                )
            participants = change.event_data.get("participants") or (
                previous.participants if previous else []
            )
            # A moved meeting keeps its participants unless new ones are given.
            change.event_data["participants"] = participants
            version = MeetingVersion(
                booking.starts_at, booking.minutes, booking.location, participants
            )
        if version is not None:
            change.messages += invitation_messages(
                change.mail,
                kind,
                version,
                sequence,
                booking.cancelled,
                change.ctx.sender,
                change.now,
            )

    return handler


def _followup_held(change: _Change) -> None:
    complete(change.only(StepKind.FIRST_FOLLOWUP), change.at)
    due = roundtable_due_after(
        change.policy, change.case.requested_at, change.at, change.ctx.calendar
    )
    for kind in (StepKind.ROUNDTABLE, StepKind.EMPOWERMENT_TALK):
        for step in outstanding(change.steps, kind):
            set_deadline(step, due, change.policy, change.ctx.calendar, change.now)
    roundtable = outstanding(change.steps, StepKind.ROUNDTABLE)
    if roundtable:  # not after a decline: then there is no roundtable
        empowerment = outstanding(change.steps, StepKind.EMPOWERMENT_TALK)
        change.messages += roundtable_messages(
            change.mail,
            change.consultant_email,
            roundtable[0].due_at,
            suggested_specialist(change.policy, change.case.cause_category),
            empowerment[0].due_at if empowerment else None,
        )


def _version(data: dict[str, Any]) -> MeetingVersion:
    """A meeting as an earlier booking event recorded it."""
    return MeetingVersion(
        starts_at=datetime.fromisoformat(data["starts_at"]),
        minutes=data.get("minutes", 60),
        location=data.get("location"),
        participants=data.get("participants", []),
    )


def _id(case: Case) -> int:
    assert case.id is not None
    return case.id


def _roundtable_held(change: _Change) -> None:
    held: RoundtableHeld = change.data
    _check_next_review(change, held.next_review)
    for action in held.actions:
        if action.due < local_date(change.at):
            raise Refused(f"Handlingen '{action.what}' har en frist før rundbordssamtalen.")
    complete(change.only(StepKind.ROUNDTABLE), change.at)
    case = change.case
    case.staircase_employee = held.staircase.employee
    case.staircase_employer = held.staircase.employer
    # Helsingør's first goal: when the placements differ the record says so (the plan must
    # address it).
    change.event_data["staircase_differs"] = held.staircase.employee != held.staircase.employer
    first_seq = 1 + max((s.seq for s in change.steps if s.kind == StepKind.ACTION), default=0)
    for seq, action in enumerate(held.actions, start=first_seq):
        planned = PlannedStep(
            StepKind.ACTION,
            end_of_day(action.due),
            seq,
            owner=action.owner,
            title=action.what,
        )
        change.new_step(planned)
    review_due = next_review_due(change.policy, change.at, held.next_review, change.ctx.calendar)
    change.new_step(PlannedStep(StepKind.REVIEW, review_due, seq=1))


def _review_held(change: _Change) -> None:
    held: ReviewHeld = change.data
    _check_next_review(change, held.next_review)
    current = change.only(StepKind.REVIEW)
    complete(current, change.at)
    if held.staircase is not None:
        change.case.staircase_employee = held.staircase.employee
        change.case.staircase_employer = held.staircase.employer
        change.event_data["staircase_differs"] = held.staircase.employee != held.staircase.employer
    due = next_review_due(change.policy, change.at, held.next_review, change.ctx.calendar)
    change.new_step(PlannedStep(StepKind.REVIEW, due, seq=current.seq + 1))


def _check_next_review(change: _Change, requested: Any) -> None:
    if requested is None:
        return
    if requested <= local_date(change.at):
        raise Refused("Næste opfølgning skal ligge efter mødet.")
    latest = latest_review_date(change.policy, change.at, change.ctx.calendar)
    if requested > latest:
        # § 13 b, stk. 1 and the municipality's review interval.
        raise Refused(
            f"Næste opfølgning skal ligge senest {latest.isoformat()} "
            f"({change.policy.review_interval.describe()} efter mødet)."
        )


def _action_completed(change: _Change) -> None:
    done: ActionCompleted = change.data
    step = next(s for s in outstanding(change.steps, StepKind.ACTION) if s.seq == done.action)
    complete(step, change.at)


def _partial_return(change: _Change) -> None:
    returned: PartialReturn = change.data
    change.case.partial_return_hours = returned.hours_per_week


def _closed(change: _Change) -> None:
    closed: Closed = change.data
    for step in change.steps:
        if step.status in OUTSTANDING:
            if step.kind == StepKind.CLOSURE:
                complete(step, change.at)
            else:
                cancel(step)
    case = change.case
    case.outcome = closed.outcome
    case.closed_at = change.at
    case.open_cpr_hash = None  # a new request for the employee may now open a new case


HANDLERS: dict[EventKind, Callable[[_Change], None]] = {
    EventKind.ACCEPTED: _accepted,
    EventKind.DECLINED: _declined,
    EventKind.DOCTOR_STATEMENT_RECEIVED: _complete(StepKind.DOCTOR_STATEMENT),
    EventKind.FOLLOWUP_BOOKED: _booked(StepKind.FIRST_FOLLOWUP, EventKind.FOLLOWUP_BOOKED),
    EventKind.FOLLOWUP_HELD: _followup_held,
    EventKind.EMPOWERMENT_TALK_HELD: _complete(StepKind.EMPOWERMENT_TALK),
    EventKind.ROUNDTABLE_BOOKED: _booked(StepKind.ROUNDTABLE, EventKind.ROUNDTABLE_BOOKED),
    EventKind.ROUNDTABLE_HELD: _roundtable_held,
    EventKind.ACTION_COMPLETED: _action_completed,
    EventKind.REVIEW_HELD: _review_held,
    EventKind.PARTIAL_RETURN: _partial_return,
    EventKind.CLOSED: _closed,
}
