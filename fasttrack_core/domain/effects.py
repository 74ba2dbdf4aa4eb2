"""What a recorded event does to a case (SPEC §4): one pure function per event kind.

Each takes the situation (where the case stands, the facts of its request, the job centre's
policy and calendar, the business time of the event) and the event's data as it is recorded
(JSON), and returns the effects: the steps to complete, cancel, move, book and create, what
changes on the case, what the event's record adds, and warnings. Data that makes the event
impossible raises `EventRefused` with the Danish reason. The service checks `refusal` first and
applies the effects in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import partial
from typing import Any

from fasttrack_core.domain.calendar import HolidayCalendar, end_of_day, local_date
from fasttrack_core.domain.law import (
    DOCTOR_STATEMENT_MINIMUM,
    PARTIAL_ABSENCE_MINIMUM,
    REFORM_2025_FROM,
    SHORT_COURSE_RETURN_CHECK,
)
from fasttrack_core.domain.pause import (
    LONGEST_PAUSE_DAYS,
    RUNS_ON,
    Pause,
    PauseReason,
    days_paused,
    shifted,
    stops,
)
from fasttrack_core.domain.policy import Policy
from fasttrack_core.domain.schedule import (
    PlannedStep,
    declined_followup_due,
    doctor_statement_due,
    latest_review_date,
    next_review_due,
    roundtable_due_after,
)
from fasttrack_core.domain.specialists import (
    SpecialistContact,
    specialist_took_part,
    with_team_addresses,
)
from fasttrack_core.domain.transitions import CaseSnapshot, StepRef
from fasttrack_core.domain.vocabulary import (
    STEP_LABELS,
    CaseStatus,
    EventKind,
    MeetingMode,
    Outcome,
    ReassessmentOutcome,
    StepKind,
    StepStatus,
)


class EventRefused(ValueError):
    """An event whose data cannot be recorded on the case; the message is Danish."""


@dataclass(frozen=True)
class Situation:
    """What an event meets: the case, its request's facts, the rules, and the event's time."""

    case: CaseSnapshot
    requested_at: datetime
    first_absence_day: date
    policy: Policy
    calendar: HolidayCalendar
    at: datetime
    # The data of the earlier events of the same kind, oldest first (read for EARLIER_READ).
    earlier: Sequence[Mapping[str, Any]] = ()
    # The employee's normal weekly working hours, when the request or an earlier event gave them.
    normal_hours_per_week: float | None = None
    # The job centre's interdisciplinary team, and the member its policy suggests for the case's
    # cause (read for a roundtable's booking: issue 14 item 8).
    team: Sequence[SpecialistContact] = ()
    suggested: SpecialistContact | None = None

    def first(self, kind: StepKind) -> StepRef:
        """The outstanding step of `kind` the event concerns (`refusal` made sure there is one)."""
        return self.case.outstanding(kind)[0].ref

    def all_outstanding(self, *kinds: StepKind) -> tuple[StepRef, ...]:
        return tuple(s.ref for kind in kinds for s in self.case.outstanding(kind))


@dataclass(frozen=True)
class Move:
    step: StepRef
    due_at: datetime


@dataclass(frozen=True)
class Booking:
    """A meeting's time set on its step; None when the meeting is cancelled."""

    step: StepRef
    starts_at: datetime | None


@dataclass(frozen=True)
class Placement:
    """Where the employee and the employer place the employee on the staircase."""

    employee: int
    employer: int

    @classmethod
    def recorded(cls, data: Mapping[str, Any]) -> Placement:
        return cls(employee=int(data["employee"]), employer=int(data["employer"]))

    @property
    def differs(self) -> bool:
        # Helsingør's first goal: when the placements differ the plan must address it.
        return self.employee != self.employer


@dataclass(frozen=True)
class Meeting:
    """One version of a booked meeting, as a booking event records it."""

    starts_at: datetime
    minutes: int
    location: str | None
    participants: tuple[Mapping[str, Any], ...]

    @classmethod
    def recorded(cls, data: Mapping[str, Any]) -> Meeting:
        return cls(
            starts_at=datetime.fromisoformat(data["starts_at"]),
            minutes=data.get("minutes", 60),
            location=data.get("location"),
            participants=tuple(data.get("participants", [])),
        )


@dataclass(frozen=True)
class Invitation:
    """A meeting to invite to (or to cancel): the calendar invitation's SEQUENCE is `sequence`."""

    step: StepKind
    meeting: Meeting
    sequence: int
    cancelled: bool


@dataclass(frozen=True)
class Effects:
    status: CaseStatus
    complete: tuple[StepRef, ...] = ()
    cancel: tuple[StepRef, ...] = ()
    move: tuple[Move, ...] = ()
    book: tuple[Booking, ...] = ()
    create: tuple[PlannedStep, ...] = ()
    staircase: Placement | None = None
    partial_return_hours: float | None = None
    normal_hours_per_week: float | None = None
    outcome: Outcome | None = None  # the case closes with it
    roundtable_specialist: bool | None = None  # a specialist took part in the roundtable
    event_data: Mapping[str, Any] = field(default_factory=dict)  # added to the event's record
    invitation: Invitation | None = None
    warnings: tuple[str, ...] = ()
    freeze: tuple[StepRef, ...] = ()  # no reminder or escalation until thawed (after `move`)
    thaw: tuple[StepRef, ...] = ()  # checked by the sweep again (after `move`)
    pause: Pause | None = None  # the case is paused from now on
    resume_days: int | None = None  # the case's pause ends; its days are added to the case's


def completed(kind: StepKind, s: Situation, data: Mapping[str, Any]) -> Effects:
    """The step is done; nothing else follows (the doctor's statement, the empowerment talk)."""
    return Effects(status=s.case.status, complete=(s.first(kind),))


def accepted(s: Situation, data: Mapping[str, Any]) -> Effects:
    return Effects(status=CaseStatus.ACCEPTED, complete=(s.first(StepKind.ACCEPTANCE),))


def declined(s: Situation, data: Mapping[str, Any]) -> Effects:
    """§ 13 b, stk. 3: without Fast track the first talk is due by the end of week 8, and there
    is no roundtable. A doctor's statement asked for moves with the talk (it is for the talk)."""
    due = declined_followup_due(s.first_absence_day)
    moved = s.all_outstanding(StepKind.FIRST_FOLLOWUP, StepKind.DOCTOR_STATEMENT)
    return Effects(
        status=CaseStatus.DECLINED,
        complete=(s.first(StepKind.ACCEPTANCE),),
        move=tuple(Move(ref, due) for ref in moved),
        cancel=s.all_outstanding(StepKind.ROUNDTABLE, StepKind.EMPOWERMENT_TALK),
    )


def doctor_statement_requested(s: Situation, data: Mapping[str, Any]) -> Effects:
    """The GP is asked for a statement now (the consultant judged it necessary, or the employee
    wished it: § 11 a, § 11 c). Its deadline (law.DOCTOR_STATEMENT_BY_FIRST_TALK) is the one the
    consultant gave the GP, else 14 days shortened to the first talk; at least 8 days either way.
    A statement the talk cannot wait for is a warning. Asked again, the deadline moves."""
    talk = s.case.outstanding(StepKind.FIRST_FOLLOWUP)
    talk_due = talk[0].due_at if talk else None
    if data.get("due") is not None:
        due = end_of_day(date.fromisoformat(data["due"]))
        shortest = DOCTOR_STATEMENT_MINIMUM.last_day(local_date(s.at))
        if local_date(due) < shortest:
            raise EventRefused(
                f"Lægen skal have mindst {DOCTOR_STATEMENT_MINIMUM.value} dage til lægeattesten: "
                f"fristen kan tidligst være {shortest.isoformat()} (BEK 1710/2024 § 11, stk. 3)."
            )
        after_talk = talk_due is not None and due > talk_due
    else:
        deadline = doctor_statement_due(s.policy, s.at, talk_due, s.calendar)
        due, after_talk = deadline.due_at, deadline.after_first_talk
    asked = s.case.outstanding(StepKind.DOCTOR_STATEMENT)
    seq = 1 + max(
        (st.seq for st in s.case.steps if st.kind == StepKind.DOCTOR_STATEMENT), default=0
    )
    warning = (
        f"Lægeattesten har frist {local_date(due).isoformat()}, efter fristen for første "
        f"opfølgningssamtale ({local_date(talk_due).isoformat()}); den skal foreligge senest ved "
        "samtalen (BEK 1710/2024 § 11, stk. 3). Flyt samtalen, eller registrér at attesten ikke "
        "er nødvendig."
        if after_talk and talk_due is not None
        else None
    )
    return Effects(
        status=s.case.status,
        move=(Move(asked[0].ref, due),) if asked else (),
        create=() if asked else (PlannedStep(StepKind.DOCTOR_STATEMENT, due, seq),),
        event_data={"due": local_date(due).isoformat(), "after_first_talk": after_talk},
        warnings=(warning,) if warning else (),
    )


def doctor_statement_not_needed(s: Situation, data: Mapping[str, Any]) -> Effects:
    """The consultant judges no statement necessary (§ 11 a; BEK § 5, nr. 1): a statement asked
    for is no longer awaited. Where the policy asks for one in every case, that is refused."""
    if s.policy.doctor_statement_always:
        raise EventRefused(
            "Jobcentrets politik er altid at indhente en lægeattest; den kan ikke fravælges på "
            "den enkelte sag."
        )
    return Effects(status=s.case.status, cancel=s.all_outstanding(StepKind.DOCTOR_STATEMENT))


def booked(kind: StepKind, s: Situation, data: Mapping[str, Any]) -> Effects:
    """A meeting booked, moved or cancelled: each booking is one more version of the meeting."""
    step = s.case.outstanding(kind)[0]
    sequence = len(s.earlier)
    previous = next(
        (Meeting.recorded(d) for d in reversed(s.earlier) if not d.get("cancelled")), None
    )
    if data.get("cancelled"):
        return Effects(
            status=s.case.status,
            book=(Booking(step.ref, None),),
            event_data={"sequence": sequence},
            invitation=Invitation(kind, previous, sequence, True) if previous else None,
        )
    meeting = Meeting.recorded(data)
    if not meeting.participants and previous is not None:
        # A moved meeting keeps its participants unless new ones are given.
        meeting = replace(meeting, participants=previous.participants)
    warnings = []
    if meeting.starts_at > step.due_at:
        warnings.append(f"Mødet ligger efter fristen ({local_date(step.due_at).isoformat()}).")
    if kind is StepKind.ROUNDTABLE:
        invited = tuple(with_team_addresses(meeting.participants, s.team))
        meeting = replace(meeting, participants=invited)
        if s.suggested is not None and not specialist_took_part(invited):
            warnings.append(_specialist_offer(s.suggested))
    return Effects(
        status=s.case.status,
        book=(Booking(step.ref, meeting.starts_at),),
        event_data={"sequence": sequence, "participants": list(meeting.participants)},
        invitation=Invitation(kind, meeting, sequence, False),
        warnings=tuple(warnings),
    )


def _specialist_offer(suggested: SpecialistContact) -> str:
    """Roskilde's practice: the consultant is offered the team's specialist for the cause."""
    return (
        f"Jobcentrets tværfaglige team foreslår en {suggested.profession} til "
        f"rundbordssamtalen: {suggested.name} <{suggested.email}>. Inviter med deltageren "
        f'{{"role": "specialist", "profession": "{suggested.profession}"}}.'
    )


def first_talk_in_person(data: Mapping[str, Any]) -> None:
    """The first follow-up talk is held in person unless a reason is given.

    Sygedagpengeloven § 13 b, stk. 1 [verified, 2023 text]: «Den første opfølgning sker ved en
    individuel samtale med personligt fremmøde, jf. dog stk. 4 og 5». Stk. 5 is the standby
    scheme for serious illness (BEK 1710/2024 kapitel 5 cites it); the text of stk. 4 was not
    seen. Which exception applies is the consultant's judgement: the reason is recorded with
    the talk, not checked against a list.
    """
    mode = MeetingMode(data.get("mode", MeetingMode.IN_PERSON))
    if mode is not MeetingMode.IN_PERSON and not data.get("reason"):
        raise EventRefused(
            "Første opfølgningssamtale holdes ved personligt fremmøde (sygedagpengeloven § 13 b, "
            "stk. 1). Angiv en begrundelse (reason) for at holde den som telefon- eller "
            "videosamtale (stk. 4 og 5)."
        )


def followup_held(s: Situation, data: Mapping[str, Any]) -> Effects:
    """The roundtable (and the empowerment talk before it) are now due from the talk held.
    After a decline the ordinary follow-up goes on (§ 13 b, stk. 1 and 3): the next
    follow-up is due one review interval later. In person unless a reason is given."""
    first_talk_in_person(data)
    if s.case.status is CaseStatus.DECLINED:
        return Effects(
            status=CaseStatus.DECLINED,
            complete=(s.first(StepKind.FIRST_FOLLOWUP),),
            create=(
                PlannedStep(StepKind.REVIEW, next_review_due(s.policy, s.at, None, s.calendar)),
            ),
        )
    due = roundtable_due_after(s.policy, s.requested_at, s.first_absence_day, s.at, s.calendar)
    return Effects(
        status=CaseStatus.FOLLOWUP_HELD,
        complete=(s.first(StepKind.FIRST_FOLLOWUP),),
        move=tuple(
            Move(ref, due)
            for ref in s.all_outstanding(StepKind.ROUNDTABLE, StepKind.EMPOWERMENT_TALK)
        ),
    )


def short_uncomplicated(s: Situation, data: Mapping[str, Any]) -> Effects:
    """The 2025 reform (law.SHORT_COURSE_RETURN_CHECK): after the first talk the consultant
    judges the course short and uncomplicated; no talks follow (roundtable, empowerment talk and
    reviews are dropped) and the return is checked at the expected return, at the latest 13 weeks
    after the first talk (a later expected return is checked then, with a warning)."""
    if s.first_absence_day < REFORM_2025_FROM:
        raise EventRefused(
            "Reglen om korte og ukomplicerede forløb gælder sygefravær fra "
            f"{REFORM_2025_FROM.isoformat()} (2025-reformen)."
        )
    expected = date.fromisoformat(data["expected_return"])
    if expected <= local_date(s.at):
        raise EventRefused("Den forventede tilbagevenden (expected_return) skal ligge efter i dag.")
    talk = next(
        st.completed_at or st.due_at
        for st in s.case.steps
        if st.kind == StepKind.FIRST_FOLLOWUP and st.status == StepStatus.DONE
    )
    latest = SHORT_COURSE_RETURN_CHECK.last_day(local_date(talk))
    check = min(expected, latest)
    return Effects(
        status=s.case.status,
        cancel=s.all_outstanding(StepKind.ROUNDTABLE, StepKind.EMPOWERMENT_TALK, StepKind.REVIEW),
        create=(PlannedStep(StepKind.RETURN_CHECK, end_of_day(check)),),
        event_data={"return_check": check.isoformat()},
        warnings=(
            f"Den forventede tilbagevenden ligger senere end {SHORT_COURSE_RETURN_CHECK.value} "
            f"uger efter første samtale; tilbagevenden tjekkes senest {latest.isoformat()}.",
        )
        if expected > latest
        else (),
    )


def roundtable_held(s: Situation, data: Mapping[str, Any]) -> Effects:
    """The plan: its actions become steps, and the first review is due."""
    next_review = _next_review(s, data)
    actions = data.get("actions", [])
    for action in actions:
        if date.fromisoformat(action["due"]) < local_date(s.at):
            raise EventRefused(f"Handlingen '{action['what']}' har en frist før rundbordssamtalen.")
    placement = staircase_placement(s.policy, data, required=True)
    first_seq = 1 + max((st.seq for st in s.case.steps if st.kind == StepKind.ACTION), default=0)
    planned = [
        PlannedStep(
            StepKind.ACTION,
            end_of_day(date.fromisoformat(action["due"])),
            seq,
            owner=action["owner"],
            title=action["what"],
        )
        for seq, action in enumerate(actions, start=first_seq)
    ]
    review_due = next_review_due(s.policy, s.at, next_review, s.calendar)
    return Effects(
        status=CaseStatus.PLAN_ACTIVE,
        complete=(s.first(StepKind.ROUNDTABLE),),
        create=(*planned, PlannedStep(StepKind.REVIEW, review_due, seq=1)),
        staircase=placement,
        roundtable_specialist=specialist_took_part(data["participants"]),
        event_data={"staircase_differs": placement.differs} if placement else {},
    )


def review_held(s: Situation, data: Mapping[str, Any]) -> Effects:
    """The next review: the date agreed at the meeting, else one review interval later."""
    next_review = _next_review(s, data)
    current = s.case.outstanding(StepKind.REVIEW)[0]
    placement = staircase_placement(s.policy, data, required=False)
    review_due = next_review_due(s.policy, s.at, next_review, s.calendar)
    return Effects(
        status=s.case.status,
        complete=(current.ref,),
        create=(PlannedStep(StepKind.REVIEW, review_due, seq=current.seq + 1),),
        staircase=placement,
        event_data={"staircase_differs": placement.differs} if placement else {},
    )


def staircase_placement(
    policy: Policy, data: Mapping[str, Any], *, required: bool
) -> Placement | None:
    """The staircase placements a meeting records, where the job centre uses the staircase.

    The staircase is Helsingør's conversation tool, not a statutory model (issue 11 item 2): a job
    centre that has not switched it on gets a placement refused rather than silently dropped, so
    the caller learns that nothing of it was kept, and no assessment of the employee is stored
    that the job centre does not use (data minimisation). Where it is on, the roundtable needs
    both placements (`required`); a review may update them."""
    given = data.get("staircase")
    if not policy.staircase:
        if given:
            raise EventRefused(
                "Jobcentret bruger ikke trappemodellen (Helsingørs samtaleværktøj, ikke et krav i "
                "loven): udelad placeringen på trappen (staircase)."
            )
        return None
    if not given:
        if required:
            raise EventRefused(
                "Jobcentret bruger trappemodellen: angiv medarbejderens og arbejdsgiverens "
                "placering på trappen (staircase)."
            )
        return None
    return Placement.recorded(given)


def _next_review(s: Situation, data: Mapping[str, Any]) -> date | None:
    """The agreed next review, if any, after the meeting and within the review interval."""
    if data.get("next_review") is None:
        return None
    requested = date.fromisoformat(data["next_review"])
    if requested <= local_date(s.at):
        raise EventRefused("Næste opfølgning skal ligge efter mødet.")
    latest = latest_review_date(s.policy, s.at, s.calendar)
    if requested > latest:
        # § 13 b, stk. 1 and the municipality's review interval.
        raise EventRefused(
            f"Næste opfølgning skal ligge senest {latest.isoformat()} "
            f"({s.policy.review_interval.describe()} efter mødet)."
        )
    return requested


def action_completed(s: Situation, data: Mapping[str, Any]) -> Effects:
    return Effects(status=s.case.status, complete=(StepRef(StepKind.ACTION, data["action"]),))


def partial_return(s: Situation, data: Mapping[str, Any]) -> Effects:
    """The hours worked a week from now on; the absence must be at least
    law.PARTIAL_ABSENCE_MINIMUM (4 hours a week) for reduced sickness benefit (§ 53)."""
    worked = float(data["hours_per_week"])
    normal = data.get("normal_hours_per_week", s.normal_hours_per_week)
    if normal is None:
        raise EventRefused(
            "Medarbejderens normale ugentlige arbejdstid kendes ikke: angiv den i hændelsen "
            "(normal_hours_per_week), så fraværet kan beregnes."
        )
    absence = float(normal) - worked
    minimum = PARTIAL_ABSENCE_MINIMUM.value
    if absence < minimum:
        raise EventRefused(
            f"Fraværet er {_hours(absence)} timer om ugen ({_hours(float(normal))} normale timer, "
            f"{_hours(worked)} arbejdede). Delvis raskmelding kræver mindst {minimum} timers "
            "fravær om ugen (sygedagpengeloven § 53)."
        )
    return Effects(
        status=s.case.status,
        partial_return_hours=worked,
        normal_hours_per_week=float(normal),
        event_data={"normal_hours_per_week": float(normal), "absence_hours_per_week": absence},
    )


def _hours(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def reassessed(s: Situation, data: Mapping[str, Any]) -> Effects:
    """The § 24 reassessment is done. An extension under § 27 (its ground is in the data) may
    set the next reassessment; job clarification (§ 24 a) or the end of benefit are recorded as
    they are, and the case is closed with its own outcome (`closed`)."""
    current = s.case.outstanding(StepKind.REASSESSMENT)[0]
    outcome = ReassessmentOutcome(data["outcome"])
    following: tuple[PlannedStep, ...] = ()
    if outcome is ReassessmentOutcome.EXTENDED and data.get("next_reassessment"):
        next_day = date.fromisoformat(data["next_reassessment"])
        if next_day <= local_date(s.at):
            raise EventRefused("Næste revurdering skal ligge efter denne.")
        following = (PlannedStep(StepKind.REASSESSMENT, end_of_day(next_day), current.seq + 1),)
    return Effects(status=s.case.status, complete=(current.ref,), create=following)


def closed(s: Situation, data: Mapping[str, Any]) -> Effects:
    """The closure step (of cases opened before the reassessment rule) and the return check of a
    short course are done; every other outstanding step is cancelled. A pause ends with it. The
    record keeps the status and the steps it ended, for a reopening."""
    still_open = [st for st in s.case.steps if st.is_outstanding]
    ends = (StepKind.CLOSURE, StepKind.RETURN_CHECK)
    pause = s.case.pause
    return Effects(
        status=CaseStatus.CLOSED,
        complete=tuple(st.ref for st in still_open if st.kind in ends),
        cancel=tuple(st.ref for st in still_open if st.kind not in ends),
        outcome=Outcome(data["outcome"]),
        resume_days=days_paused(pause, s.at) if pause else None,
        # What a reopening brings back (domain/corrections.py).
        event_data={
            "status_before": s.case.status.value,
            "ended": [[st.kind.value, st.seq] for st in still_open],
        },
    )


def paused(s: Situation, data: Mapping[str, Any]) -> Effects:
    """The deadlines the pause may stop (domain/pause.py: by its reason and the law) move to
    after the planned resume date and are frozen; a statutory deadline that runs on is a
    warning, with its source."""
    reason = PauseReason(data["reason"])
    resume_on = date.fromisoformat(data["resume_on"])
    today = local_date(s.at)
    if resume_on <= today:
        raise EventRefused("Genoptagelsesdatoen (resume_on) skal ligge efter pausens start.")
    if (resume_on - today).days > LONGEST_PAUSE_DAYS:
        raise EventRefused(
            f"En pause kan højst vare {LONGEST_PAUSE_DAYS} dage ad gangen; genoptag og sæt sagen "
            "i bero igen for at forlænge den."
        )
    pause = Pause(s.at, reason, resume_on)
    waiting = [st for st in s.case.steps if st.status is StepStatus.PENDING and st.due_at > s.at]
    stopped = [st for st in waiting if stops(reason, st.kind)]
    running = sorted({st.kind for st in waiting if not stops(reason, st.kind)} & RUNS_ON.keys())
    return Effects(
        status=s.case.status,
        move=tuple(Move(st.ref, shifted(st.due_at, pause.planned_days)) for st in stopped),
        freeze=tuple(st.ref for st in stopped),
        pause=pause,
        event_data={"stopped": len(stopped), "planned_days": pause.planned_days},
        warnings=tuple(
            f"Fristen for «{STEP_LABELS[kind]}» følger loven ({RUNS_ON[kind]}) og løber videre "
            "under pausen."
            for kind in running
        ),
    )


def resumed(s: Situation, data: Mapping[str, Any]) -> Effects:
    """The frozen deadlines run again, moved by the days the pause really lasted (they were moved
    by the planned days: a pause ended early moves them back)."""
    pause = s.case.pause
    assert pause is not None  # refusal: only a paused case is resumed
    days = days_paused(pause, s.at)
    frozen = [st for st in s.case.steps if st.frozen]
    return Effects(
        status=s.case.status,
        move=tuple(Move(st.ref, shifted(st.due_at, days - pause.planned_days)) for st in frozen),
        thaw=tuple(st.ref for st in frozen),
        resume_days=days,
        event_data={"paused_days": days},
    )


EFFECTS: dict[EventKind, Callable[[Situation, Mapping[str, Any]], Effects]] = {
    EventKind.ACCEPTED: accepted,
    EventKind.DECLINED: declined,
    EventKind.DOCTOR_STATEMENT_REQUESTED: doctor_statement_requested,
    EventKind.DOCTOR_STATEMENT_NOT_NEEDED: doctor_statement_not_needed,
    EventKind.DOCTOR_STATEMENT_RECEIVED: partial(completed, StepKind.DOCTOR_STATEMENT),
    EventKind.FOLLOWUP_BOOKED: partial(booked, StepKind.FIRST_FOLLOWUP),
    EventKind.FOLLOWUP_HELD: followup_held,
    EventKind.SHORT_UNCOMPLICATED: short_uncomplicated,
    EventKind.EMPOWERMENT_TALK_HELD: partial(completed, StepKind.EMPOWERMENT_TALK),
    EventKind.ROUNDTABLE_BOOKED: partial(booked, StepKind.ROUNDTABLE),
    EventKind.ROUNDTABLE_HELD: roundtable_held,
    EventKind.ACTION_COMPLETED: action_completed,
    EventKind.REVIEW_HELD: review_held,
    EventKind.PARTIAL_RETURN: partial_return,
    EventKind.REASSESSED: reassessed,
    EventKind.CLOSED: closed,
    EventKind.PAUSED: paused,
    EventKind.RESUMED: resumed,
}
# Kinds whose effects read the earlier events of the same kind (`Situation.earlier`).
EARLIER_READ = frozenset({EventKind.FOLLOWUP_BOOKED, EventKind.ROUNDTABLE_BOOKED})


def effects_of(kind: EventKind, situation: Situation, data: Mapping[str, Any]) -> Effects:
    """What recording `kind` with `data` does to the case."""
    return EFFECTS[kind](situation, data)
