"""Recording what a consultant did (SPEC §4): one event, its steps, one transaction.

What an event does is the domain's (`domain.effects`); here it is loaded, refused or applied,
recorded, told and audited. One code path for one event and for many: `Recorder` records events
in the caller's transaction, keeping each case it loaded (a simulated day records all its events
in one transaction, its cases loaded in a few queries: `simulation.days`); `record_event` is a
recorder of one event in a transaction of its own.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, exists
from sqlalchemy.event import contains, listen, remove
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session, col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import AuditAction
from fasttrack_core.domain.effects import (
    EARLIER_READ,
    Effects,
    EventRefused,
    Situation,
    effects_of,
)
from fasttrack_core.domain.pause import Pause, PauseReason
from fasttrack_core.domain.policy import Policy, suggested_specialist
from fasttrack_core.domain.specialists import SpecialistContact, specialist_for_case
from fasttrack_core.domain.sweep import next_check_at
from fasttrack_core.domain.transitions import CaseSnapshot, StepRef, StepState, refusal
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
from fasttrack_core.presentation.language import Language
from fasttrack_core.schemas import (
    ActionCompleted,
    Booking,
    Closed,
    DoctorStatementNotNeeded,
    DoctorStatementRequested,
    FollowupHeld,
    Note,
    PartialReturn,
    Paused,
    Reassessed,
    Resumed,
    ReviewHeld,
    RoundtableHeld,
    ShortUncomplicated,
    Strict,
    parse,
)
from fasttrack_core.services.audit import Actor, log
from fasttrack_core.services.citizen_access import revoke_links
from fasttrack_core.services.notices.case_mail import CaseMail
from fasttrack_core.services.notices.recording import queue_event_notices
from fasttrack_core.services.policies import policy_of
from fasttrack_core.services.specialists import team_of
from fasttrack_core.services.timeline import (
    add_events,
    add_step,
    cancel,
    complete,
    event_row,
    set_deadline,
    steps_of,
    timing_of,
)

DATA_SCHEMAS: dict[EventKind, type[Strict]] = {
    EventKind.ACCEPTED: Note,
    EventKind.DECLINED: Note,
    EventKind.DOCTOR_STATEMENT_REQUESTED: DoctorStatementRequested,
    EventKind.DOCTOR_STATEMENT_NOT_NEEDED: DoctorStatementNotNeeded,
    EventKind.DOCTOR_STATEMENT_RECEIVED: Note,
    EventKind.FOLLOWUP_BOOKED: Booking,
    EventKind.FOLLOWUP_HELD: FollowupHeld,
    EventKind.SHORT_UNCOMPLICATED: ShortUncomplicated,
    EventKind.EMPOWERMENT_TALK_HELD: Note,
    EventKind.ROUNDTABLE_BOOKED: Booking,
    EventKind.ROUNDTABLE_HELD: RoundtableHeld,
    EventKind.ACTION_COMPLETED: ActionCompleted,
    EventKind.REVIEW_HELD: ReviewHeld,
    EventKind.PARTIAL_RETURN: PartialReturn,
    EventKind.REASSESSED: Reassessed,
    EventKind.CLOSED: Closed,
    EventKind.PAUSED: Paused,
    EventKind.RESUMED: Resumed,
}


# Built once (recording is hot): a case with its job centre and consultant (reference), cases
# (the expanding references), job centres and consultants (ids), whether an event is already in
# the timeline (dedupe_key), the steps of cases (case_ids), the earlier events of a kind
# (case_id, kind).
_CASE_WITH_CENTRE = (
    select(Case, JobCentre, Consultant)
    .join(JobCentre, col(JobCentre.id) == col(Case.job_centre_id))
    .outerjoin(Consultant, col(Consultant.id) == col(Case.consultant_id))
    .where(col(Case.reference) == bindparam("reference"))
)
_CASES_BY_REFERENCE = select(Case).where(
    col(Case.reference).in_(bindparam("references", expanding=True))
)
_CENTRES = select(JobCentre).where(col(JobCentre.id).in_(bindparam("ids", expanding=True)))
_CONSULTANTS = select(Consultant).where(col(Consultant.id).in_(bindparam("ids", expanding=True)))
_STEPS_OF_CASES = (
    select(Step)
    .where(col(Step.case_id).in_(bindparam("case_ids", expanding=True)))
    .order_by(col(Step.id))
)
# Steps read again over what the session holds of them (`Recorder.steps_changed`).
_STEPS_AGAIN = (
    select(Step)
    .where(col(Step.id).in_(bindparam("ids", expanding=True)))
    .execution_options(populate_existing=True)
)
_ALREADY_RECORDED = select(exists().where(col(Event.dedupe_key) == bindparam("dedupe_key")))
_KEYS_OF_CASES = select(col(Event.dedupe_key)).where(
    col(Event.case_id).in_(bindparam("case_ids", expanding=True)),
    col(Event.dedupe_key).is_not(None),
)
_EARLIER_EVENTS = (
    select(col(Event.data))
    .where(col(Event.case_id) == bindparam("case_id"), col(Event.kind) == bindparam("kind"))
    .order_by(col(Event.id))
)
# Cases loaded by one query each time (SQLite's and PostgreSQL's limits on bound values).
_LOAD_CHUNK = 500


@dataclass
class RecordResult:
    reference: str
    kind: str
    status: str
    duplicate: bool = False
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _NewEvent:
    """The event as it is asked for: checked against its schema, in its recorded form."""

    reference: str
    kind: EventKind
    at: datetime
    data: dict[str, Any]  # the canonical JSON the event records
    dedupe_key: str


@dataclass
class Configuration:
    """The job centres, consultants and teams a recorder has read, by id: read once a
    transaction, or once a run where nothing in the run changes them (the simulator's)."""

    centres: dict[int, JobCentre] = field(default_factory=dict)
    consultants: dict[int, Consultant] = field(default_factory=dict)
    teams: dict[int, tuple[SpecialistContact, ...]] = field(default_factory=dict)
    policies: dict[int, Policy] = field(default_factory=dict)  # of the centres read


@dataclass
class _Loaded:
    case: Case
    centre: JobCentre
    consultant: Consultant | None
    steps: list[Step]
    policy: Policy


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
    with ctx.unit_of_work() as session, Recorder(ctx, session) as recorder:
        result = recorder.record(reference, kind, at, data, as_of=as_of, actor=actor, audit=audit)
        session.commit()
        return result


def record_in(
    ctx: AppContext,
    session: Session,
    reference: str,
    kind: str,
    at: datetime,
    data: dict[str, Any] | None,
    *,
    as_of: datetime,
    actor: str,
    audit: Actor | None,
) -> RecordResult:
    """`record_event` in the caller's transaction (which commits it, or not): for a use case
    that checks more first, such as the employee's own booking (services.citizen_case)."""
    with Recorder(ctx, session) as recorder:
        result = recorder.record(reference, kind, at, data, as_of=as_of, actor=actor, audit=audit)
        recorder.write_events()  # in the timeline for whatever the caller reads next
    return result


class Recorder:
    """Records events in the caller's transaction (which commits them, or not), one after the
    other, each as `record_event` does. A case is loaded once (`load` loads many at a time) and
    its loaded state is kept, changed by each event: only this recorder may write the cases it
    loaded while it is in use. Its events go into the timeline together, in their order, when
    the transaction commits (or sooner: `write_events`), and whether an event is recorded
    already is known from the timelines of the cases `load` loaded, read at once.

    A recorder may go on over several transactions of its session (the simulator keeps one for
    a whole run, each case loaded once): whatever else changes its cases in between is told to
    it (`steps_changed`, `forget`). Use it as a context manager, or `close` it: from then on the
    session's commits no longer write its events.

    A refused event changes nothing: everything that can refuse it comes before anything is
    written, so the events before and after it in the transaction stand."""

    def __init__(
        self,
        ctx: AppContext,
        session: Session,
        configuration: Configuration | None = None,
    ) -> None:
        """`configuration`: what is read of the configuration so far, added to as it is read
        (by default, read in this transaction)."""
        self.ctx, self.session = ctx, session
        self._loaded: dict[str, _Loaded] = {}
        self._configuration = configuration or Configuration()
        # The dedupe keys of the timelines of the cases `load` loaded (a recording's key starts
        # with its case's reference), and the ones this recorder records.
        self._known: set[str] = set()
        self._listed: set[str] = set()  # the references whose keys are in _known
        # The recorded events not inserted yet: all at once, before the transaction commits
        # (`write_events`); a case's earlier events are read from the timeline and from these.
        self._pending: list[dict[str, Any]] = []
        listen(session, "before_commit", self._before_commit)

    def __enter__(self) -> Recorder:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Done: the session's commits no longer write this recorder's events (commit first)."""
        if contains(self.session, "before_commit", self._before_commit):
            remove(self.session, "before_commit", self._before_commit)

    def held(self, reference: str) -> tuple[Case, list[Step]]:
        """A case this recorder loaded, and its steps, as it holds them (to read, not to write)."""
        loaded = self._loaded[reference]
        return loaded.case, loaded.steps

    def steps_changed(self, step_ids: Collection[int]) -> None:
        """Steps written by others since they were loaded (the sweep's marks): those this
        recorder holds are read again. Between transactions only."""
        held = [
            step_id
            for step_id in step_ids
            if identity_key(Step, step_id) in self.session.identity_map
        ]
        for start in range(0, len(held), _LOAD_CHUNK):
            params = {"ids": held[start : start + _LOAD_CHUNK]}
            self.session.exec(_STEPS_AGAIN, params=params).all()

    def forget(self, references: Collection[str]) -> None:
        """Cases written by others (or done with): let go of them, loaded afresh when next
        needed. Between transactions only (their changes are committed)."""
        for reference in references:
            loaded = self._loaded.pop(reference, None)
            self._listed.discard(reference)
            if loaded is not None:
                for row in (loaded.case, *loaded.steps):
                    if row in self.session:
                        self.session.expunge(row)

    def load(self, references: Collection[str]) -> None:
        """Load these cases (the ones not loaded yet) with their steps, in a few queries."""
        wanted = sorted(set(references) - set(self._loaded))
        for start in range(0, len(wanted), _LOAD_CHUNK):
            chunk = wanted[start : start + _LOAD_CHUNK]
            found = self.session.exec(_CASES_BY_REFERENCE, params={"references": chunk}).all()
            self._read_configuration(found)
            steps: dict[int, list[Step]] = {case.id: [] for case in found if case.id}
            params = {"case_ids": list(steps)}
            for step in self.session.exec(_STEPS_OF_CASES, params=params):
                steps[step.case_id].append(step)
            self._known.update(self.session.connection().execute(_KEYS_OF_CASES, params).scalars())
            for case in found:
                self._loaded[case.reference] = self._with_configuration(case, steps[case.id or 0])
                self._listed.add(case.reference)

    def _read_configuration(self, cases: Collection[Case]) -> None:
        """The cases' job centres and consultants not read yet."""
        known = self._configuration
        centres = {c.job_centre_id for c in cases} - set(known.centres)
        if centres:
            found = self.session.exec(_CENTRES, params={"ids": list(centres)})
            known.centres.update((centre.id or 0, centre) for centre in found)
        consultants = {c.consultant_id for c in cases if c.consultant_id} - set(known.consultants)
        if consultants:
            found_consultants = self.session.exec(_CONSULTANTS, params={"ids": list(consultants)})
            known.consultants.update((c.id or 0, c) for c in found_consultants)

    def _with_configuration(self, case: Case, steps: list[Step]) -> _Loaded:
        known = self._configuration
        centre = known.centres[case.job_centre_id]
        consultant = known.consultants.get(case.consultant_id) if case.consultant_id else None
        policy = known.policies.get(case.job_centre_id)
        if policy is None:
            policy = known.policies[case.job_centre_id] = policy_of(centre)
        return _Loaded(case, centre, consultant, steps, policy)

    def record(
        self,
        reference: str,
        kind: str,
        at: datetime,
        data: dict[str, Any] | None,
        *,
        as_of: datetime,
        actor: str = "konsulent",
        audit: Actor | None = None,
    ) -> RecordResult:
        """Record the event as `record_event` does, in this recorder's transaction."""
        ctx, session = self.ctx, self.session
        event_kind = parse_kind(kind)
        if event_kind not in DATA_SCHEMAS:
            # A correction or a reopening (services/corrections.py, through services/events.py).
            raise Refused(f"«{EVENT_LABELS[event_kind]}» registreres med services.events.record.")
        event = _new_event(reference, event_kind, at, data, as_of)
        # A case loaded earlier has only this recorder's changes pending, which the reads below
        # do not need: they are flushed at the commit, not before each event's reads. A case
        # loaded now is read as the caller's transaction stands (flushed first, as ever).
        ours = reference in self._loaded
        loaded = self._case(event)
        if loaded is None:
            case = self._loaded[reference].case
            return RecordResult(reference, event.kind, case.status, duplicate=True)
        with session.no_autoflush if ours else nullcontext():
            situation = _situation(ctx, session, event, loaded, self._team_of, self._pending)
            _refuse(event, situation)
            check_duplicate_of(session, loaded.case, event.data.get("duplicate_of"))
            effects = _effects(event, situation)
        # Nothing below refuses.
        _apply(ctx, session, event, loaded, effects, as_of)
        self._pending.append(_event_row(ctx, event, loaded.case, effects, actor))
        self._known.add(event.dedupe_key)
        _notices(ctx, session, event, loaded, effects, as_of)
        if audit is not None:
            detail = f"registrerede: {EVENT_LABELS[event.kind]}"
            log(session, audit, AuditAction.CHANGE, as_of, loaded.case.id, detail)
        return RecordResult(reference, event.kind, effects.status, warnings=[*effects.warnings])

    def _case(self, event: _NewEvent) -> _Loaded | None:
        """The event's case as loaded (None when this event is already recorded)."""
        loaded = self._loaded.get(event.reference)
        if loaded is None:
            loaded = self._load_one(event.reference)
        if event.dedupe_key in self._known:
            return None
        if event.reference in self._listed:
            return loaded
        params = {"dedupe_key": event.dedupe_key}
        if self.session.connection().execute(_ALREADY_RECORDED, params).scalar():
            return None
        return loaded

    def write_events(self) -> None:
        """Insert the events recorded so far (done before the transaction commits)."""
        add_events(self.session, self._pending)
        self._pending = []

    def _before_commit(self, _session: Session) -> None:
        self.write_events()

    def _team_of(self, job_centre_id: int) -> tuple[SpecialistContact, ...]:
        """The job centre's team, read once in the transaction."""
        teams = self._configuration.teams
        team = teams.get(job_centre_id)
        if team is None:
            team = teams[job_centre_id] = team_of(self.session, job_centre_id)
        return team

    def _load_one(self, reference: str) -> _Loaded:
        found = self.session.exec(_CASE_WITH_CENTRE, params={"reference": reference}).one_or_none()
        if found is None:
            raise Refused(f"Sagen {reference} findes ikke.")
        case, centre, consultant = found
        self._configuration.centres.setdefault(case.job_centre_id, centre)
        if consultant is not None:
            self._configuration.consultants.setdefault(consultant.id or 0, consultant)
        loaded = _Loaded(case, centre, consultant, steps_of(self.session, case), policy_of(centre))
        self._loaded[reference] = loaded
        return loaded


def _new_event(
    reference: str, kind: EventKind, at: datetime, data: dict[str, Any] | None, now: datetime
) -> _NewEvent:
    parsed = parse(DATA_SCHEMAS[kind], data or {})
    if at > now:
        raise Refused("Tidspunktet for hændelsen ligger i fremtiden.")
    canonical = json.dumps(parsed.model_dump(mode="json", exclude_none=True), sort_keys=True)
    digest = hashlib.sha256(f"{at.isoformat()}|{canonical}".encode()).hexdigest()[:32]
    return _NewEvent(reference, kind, at, json.loads(canonical), f"{reference}:{kind}:{digest}")


def check_duplicate_of(session: Session, case: Case, reference: str | None) -> None:
    """A case closed as a duplicate names another case of the same person (the same answer when
    there is no such case: nothing tells whether someone else has a case)."""
    if reference is None:
        return
    other = session.exec(
        select(col(Case.id)).where(
            col(Case.reference) == reference,
            col(Case.cpr_hash) == case.cpr_hash,
            col(Case.id) != case.id,
        )
    ).first()
    if other is None:
        message = f"Der er ingen anden sag {reference} for samme medarbejder."
        raise Refused(message, fields={"duplicate_of": message})


def _situation(
    ctx: AppContext,
    session: Session,
    event: _NewEvent,
    loaded: _Loaded,
    team_of_centre: Callable[[int], tuple[SpecialistContact, ...]],
    pending: list[dict[str, Any]],
) -> Situation:
    """The case as the event finds it; the earlier events of its kind where it reads them: in
    the timeline, then `pending` (recorded in this transaction, not inserted yet) as they will
    read back from it."""
    case = loaded.case
    earlier: list[dict[str, Any]] = []
    if event.kind in EARLIER_READ:
        params = {"case_id": case.id, "kind": event.kind}
        earlier = list(session.exec(_EARLIER_EVENTS, params=params))
        earlier += [
            json.loads(json.dumps(row["data"]))
            for row in pending
            if row["case_id"] == case.id and row["kind"] == event.kind
        ]
    return Situation(
        case=snapshot_of(case, loaded.steps),
        requested_at=case.requested_at,
        first_absence_day=case.first_absence_day,
        policy=loaded.policy,
        calendar=ctx.calendar,
        at=event.at,
        earlier=earlier,
        normal_hours_per_week=case.normal_hours_per_week,
        **_team(event, loaded, team_of_centre),
    )


def _team(
    event: _NewEvent,
    loaded: _Loaded,
    team_of_centre: Callable[[int], tuple[SpecialistContact, ...]],
) -> dict[str, Any]:
    """For a roundtable's booking: the job centre's specialists and the one the policy suggests
    for the case's cause (issue 14 item 8)."""
    if event.kind is not EventKind.ROUNDTABLE_BOOKED:
        return {}
    team = team_of_centre(loaded.centre.id or 0)
    cause = loaded.case.cause_category
    return {"team": team, "suggested": specialist_for_case(loaded.policy, cause, team)}


# The members by value, looked up in a dict: a snapshot is built for every event recorded.
_STEP_KINDS = {kind.value: kind for kind in StepKind}
_STEP_STATUSES = {status.value: status for status in StepStatus}


def snapshot_of(case: Case, steps: list[Step]) -> CaseSnapshot:
    return CaseSnapshot(
        status=CaseStatus(case.status),
        steps=tuple(
            StepState(
                _STEP_KINDS[s.kind],
                s.seq,
                _STEP_STATUSES[s.status],
                s.due_at,
                s.completed_at,
                frozen=_is_frozen(s),
            )
            for s in steps
        ),
        pause=pause_of(case),
    )


def pause_of(case: Case) -> Pause | None:
    """The case's pause, while it is paused."""
    if case.paused_at is None or case.resume_on is None or case.pause_reason is None:
        return None
    return Pause(case.paused_at, PauseReason(case.pause_reason), case.resume_on)


def _is_frozen(step: Step) -> bool:
    """A pending step the sweep does not look at is frozen by a pause: any other pending step
    has a next check (its reminder or its deadline; domain/sweep.py::next_check_at)."""
    return step.status == StepStatus.PENDING and step.next_check_at is None


def _refuse(event: _NewEvent, situation: Situation) -> None:
    """Refuse an event that makes no sense for the case as it stands."""
    if event.at < situation.requested_at:
        raise Refused("Tidspunktet ligger før anmodningen om Fast track.")
    action = event.data["action"] if event.kind is EventKind.ACTION_COMPLETED else None
    reason = refusal(event.kind, situation.case, action)
    if reason:
        raise Refused(reason)


def _effects(event: _NewEvent, situation: Situation) -> Effects:
    try:
        return effects_of(event.kind, situation, event.data)
    except EventRefused as refused:
        raise Refused(str(refused)) from None


def _apply(
    ctx: AppContext,
    session: Session,
    event: _NewEvent,
    loaded: _Loaded,
    effects: Effects,
    now: datetime,
) -> None:
    """The effects written to the steps (new ones get their reminders) and to the case."""
    steps, policy = loaded.steps, loaded.policy
    for ref in effects.complete:
        complete(_step(steps, ref), event.at)
    for ref in effects.cancel:
        cancel(_step(steps, ref))
    for move in effects.move:
        set_deadline(_step(steps, move.step), move.due_at, policy, ctx.calendar, now)
    for booking in effects.book:
        _step(steps, booking.step).scheduled_at = booking.starts_at
    for planned in effects.create:
        steps.append(add_step(session, loaded.case, planned, policy, ctx.calendar, now))
    for ref in effects.freeze:
        _step(steps, ref).next_check_at = None
    for ref in effects.thaw:
        thawed = _step(steps, ref)
        thawed.next_check_at = next_check_at(timing_of(thawed))
    _apply_to_case(loaded.case, effects, event.at)
    if effects.outcome is not None:
        assert loaded.case.id is not None
        # The employee's personal links stop working: an UPDATE of those rows alone, so the
        # changes above need not be flushed first (they are at the commit).
        with session.no_autoflush:
            revoke_links(session, loaded.case.id, now)


def _apply_to_case(case: Case, effects: Effects, at: datetime) -> None:
    if effects.staircase is not None:
        case.staircase_employee = effects.staircase.employee
        case.staircase_employer = effects.staircase.employer
    if effects.partial_return_hours is not None:
        case.partial_return_hours = effects.partial_return_hours
    if effects.normal_hours_per_week is not None:
        case.normal_hours_per_week = effects.normal_hours_per_week
    if effects.roundtable_specialist is not None:
        case.roundtable_specialist = effects.roundtable_specialist
    if effects.outcome is not None:
        case.outcome = effects.outcome
        case.closed_at = at
        case.open_cpr_hash = None  # a new request for the employee may now open a new case
    if effects.pause is not None:
        case.paused_at = effects.pause.since
        case.pause_reason = effects.pause.reason
        case.resume_on = effects.pause.resume_on
    if effects.resume_days is not None:
        case.paused_days += effects.resume_days
        case.paused_at = case.pause_reason = case.resume_on = None
    if case.status != effects.status:  # else the case is not even looked at by the flush
        case.status = effects.status


def _step(steps: list[Step], ref: StepRef) -> Step:
    return next(
        s for s in steps if s.kind == ref.kind and s.seq == ref.seq and s.status in OUTSTANDING
    )


def _event_row(
    ctx: AppContext, event: _NewEvent, case: Case, effects: Effects, actor: str
) -> dict[str, Any]:
    """The event's row in the case's timeline, with what its effects add to its data."""
    assert case.id is not None
    data = {**event.data, **effects.event_data}
    return event_row(case.id, event.kind, event.at, ctx.clock.now(), actor, data, event.dedupe_key)


# --- who is told what -----------------------------------------------------------------------------


def _mail(ctx: AppContext, loaded: _Loaded) -> CaseMail:
    case = loaded.case
    assert case.id is not None
    return CaseMail(
        case.id, case.reference, loaded.centre.name, ctx.base_url, Language(case.language)
    )


def _notices(
    ctx: AppContext,
    session: Session,
    event: _NewEvent,
    loaded: _Loaded,
    effects: Effects,
    now: datetime,
) -> None:
    """Queue what the event tells whom once applied (`notices.recording`)."""
    queue_event_notices(
        session,
        _mail(ctx, loaded),
        event.kind,
        consultant_email=loaded.consultant.email if loaded.consultant else None,
        steps=loaded.steps,
        specialist=suggested_specialist(loaded.policy, loaded.case.cause_category),
        invitation=effects.invitation,
        sender=ctx.sender,
        now=now,
        employee_email=loaded.case.employee_email,
        with_location=loaded.policy.meeting_location_in_messages,
    )
