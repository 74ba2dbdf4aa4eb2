"""Read models: a case as people and other systems see it (no clear-text CPR), with real times,
dates and the vocabulary's enums; `to_json` is the JSON of `fasttrack case show --json`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from fasttrack_core.crypto import CprVault
from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import AuditAction
from fasttrack_core.domain.identifiers import mask_cpr
from fasttrack_core.domain.law import Rule
from fasttrack_core.domain.pause import Pause, PauseReason
from fasttrack_core.domain.policy import Policy
from fasttrack_core.domain.rulesets import as_applied_by, rule_of_step, ruleset_named
from fasttrack_core.domain.specialists import SpecialistContact, specialist_for_case
from fasttrack_core.domain.vocabulary import (
    OUTSTANDING,
    CaseStatus,
    Channel,
    EventKind,
    Outcome,
    Requester,
    StepKind,
    StepStatus,
)
from fasttrack_core.errors import Refused
from fasttrack_core.models import Case, Consultant, Event, JobCentre, Step
from fasttrack_core.services.audit import Actor, log
from fasttrack_core.services.case_access import CaseKey, RequestDetails, request_details
from fasttrack_core.services.policies import policy_of
from fasttrack_core.services.specialists import team_of
from fasttrack_core.services.workload import Colleague, colleagues


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


@dataclass(frozen=True)
class StepView:
    kind: StepKind
    seq: int
    due: datetime
    status: StepStatus
    scheduled_at: datetime | None
    completed_at: datetime | None
    owner: str | None  # a plan action's owner (a role or a name)
    what: str | None  # a plan action's text
    rule: str | None  # the id of the rule that sets its deadline (domain/rulesets.py)
    source: str | None  # that rule's source, or the job centre's policy that changes it
    # The same in Danish, as the case page shows it (the JSON keeps `source`).
    source_da: str | None = None

    @property
    def outstanding(self) -> bool:
        return self.status in OUTSTANDING

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "seq": self.seq,
            "due": self.due.isoformat(),
            "status": self.status.value,
            "scheduled_at": _iso(self.scheduled_at),
            "completed_at": _iso(self.completed_at),
            "rule": self.rule,
            "source": self.source,
            **({"owner": self.owner, "what": self.what} if self.what else {}),
        }


@dataclass(frozen=True)
class CorrectionView:
    """The latest correction of an event: what is right, why, by whom and when."""

    event_id: int  # the `corrected` event
    corrected_on: datetime  # when the correction was made (business time)
    at: datetime  # the event's corrected time
    data: Mapping[str, Any]  # the event's corrected data
    reason: str
    actor: str
    recorded_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "corrected_on": self.corrected_on.isoformat(),
            "at": self.at.isoformat(),
            "data": dict(self.data),
            "reason": self.reason,
            "actor": self.actor,
            "recorded_at": self.recorded_at.isoformat(),
        }


@dataclass(frozen=True)
class EventView:
    kind: EventKind
    at: datetime
    recorded_at: datetime
    actor: str
    data: Mapping[str, Any]  # the event's JSON as recorded (SPEC §4)
    id: int = 0  # what a correction names (`corrected` {"event_id"})
    corrected: CorrectionView | None = None  # the original stays; this is what is right

    @property
    def effective_at(self) -> datetime:
        return self.corrected.at if self.corrected else self.at

    @property
    def effective_data(self) -> Mapping[str, Any]:
        return self.corrected.data if self.corrected else self.data

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind.value,
            "at": self.at.isoformat(),
            "recorded_at": self.recorded_at.isoformat(),
            "actor": self.actor,
            "data": dict(self.data),
            **({"corrected": self.corrected.to_json()} if self.corrected else {}),
        }


@dataclass(frozen=True)
class EmployeeView:
    name: str
    cpr: str  # masked: "030478-****"


@dataclass(frozen=True)
class Staircase:
    employee: int | None
    employer: int | None


@dataclass(frozen=True)
class PauseView:
    """A paused case's pause: since when, why (a PauseReason code) and until when."""

    since: datetime
    reason: str
    resume_on: date

    def as_pause(self) -> Pause:
        return Pause(self.since, PauseReason(self.reason), self.resume_on)

    def to_json(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat(),
            "reason": self.reason,
            "resume_on": self.resume_on.isoformat(),
        }


@dataclass(frozen=True)
class CaseView:
    reference: str
    status: CaseStatus
    job_centre: str  # the municipality code
    consultant: str | None  # the consultant's e-mail
    employee: EmployeeView
    requested_by: Requester
    channel: Channel
    requested_at: datetime
    ruleset: str  # the rule set the case follows (domain/rulesets.py)
    first_absence_day: date
    staircase: Staircase
    partial_return_hours: float | None
    outcome: Outcome | None
    closed_at: datetime | None
    steps: tuple[StepView, ...]  # by deadline
    events: tuple[EventView, ...]  # by when they happened
    pause: PauseView | None = None  # while paused
    paused_days: int = 0  # the days of its ended pauses

    @property
    def closed(self) -> bool:
        return self.status == CaseStatus.CLOSED

    def to_json(self) -> dict[str, Any]:
        return {
            "case": self.reference,
            "status": self.status.value,
            "job_centre": self.job_centre,
            "consultant": self.consultant,
            "employee": {"name": self.employee.name, "cpr": self.employee.cpr},
            "requested_by": self.requested_by.value,
            "channel": self.channel.value,
            "requested_at": self.requested_at.isoformat(),
            "ruleset": self.ruleset,
            "first_absence_day": self.first_absence_day.isoformat(),
            "staircase": {
                "employee": self.staircase.employee,
                "employer": self.staircase.employer,
            },
            "partial_return_hours": self.partial_return_hours,
            "outcome": self.outcome.value if self.outcome else None,
            "closed_at": _iso(self.closed_at),
            "steps": [step.to_json() for step in self.steps],
            "events": [event.to_json() for event in self.events],
            "pause": self.pause.to_json() if self.pause else None,
            "paused_days": self.paused_days,
        }


def case_view(ctx: AppContext, reference: str) -> CaseView:
    with ctx.unit_of_work() as session:
        case = session.exec(select(Case).where(col(Case.reference) == reference)).first()
        if case is None:
            raise Refused(f"Sagen {reference} findes ikke.")
        return view_of(session, ctx.vault, case)


def view_of(session: Session, vault: CprVault, case: Case) -> CaseView:
    consultant = session.get(Consultant, case.consultant_id) if case.consultant_id else None
    centre = session.get_one(JobCentre, case.job_centre_id)
    steps = session.exec(
        select(Step).where(col(Step.case_id) == case.id).order_by(col(Step.due_at), col(Step.id))
    )
    events = session.exec(
        select(Event)
        .where(col(Event.case_id) == case.id)
        .order_by(col(Event.occurred_at), col(Event.id))
    ).all()
    rules = as_applied_by(ruleset_named(case.ruleset), policy_of(centre), centre.name)
    declined = any(e.kind == EventKind.DECLINED for e in events)
    return CaseView(
        reference=case.reference,
        status=CaseStatus(case.status),
        job_centre=centre.municipality_code,
        consultant=consultant.email if consultant else None,
        employee=EmployeeView(case.employee_name, mask_cpr(vault.decrypt(case.cpr_encrypted))),
        requested_by=Requester(case.requested_by),
        channel=Channel(case.channel),
        requested_at=case.requested_at,
        ruleset=case.ruleset,
        first_absence_day=case.first_absence_day,
        staircase=Staircase(case.staircase_employee, case.staircase_employer),
        partial_return_hours=case.partial_return_hours,
        outcome=Outcome(case.outcome) if case.outcome else None,
        closed_at=case.closed_at,
        steps=tuple(_step_view(s, rules.rule(rule_of_step(s.kind, declined))) for s in steps),
        events=event_views(events),
        pause=_pause_view(case),
        paused_days=case.paused_days,
    )


def event_views(events: Sequence[Event]) -> tuple[EventView, ...]:
    """The timeline, each event with its latest correction (the original is never changed)."""
    corrections: dict[int, CorrectionView] = {}
    for e in events:
        if e.kind == EventKind.CORRECTED and e.id is not None:
            target = int(e.data["event_id"])
            earlier = corrections.get(target)
            at = e.data.get("at")
            corrections[target] = CorrectionView(
                event_id=e.id,
                corrected_on=e.occurred_at,
                at=datetime.fromisoformat(at)
                if at
                else (earlier.at if earlier else None)
                or next(o.occurred_at for o in events if o.id == target),
                data=e.data.get("data", {}),
                reason=e.data.get("reason", ""),
                actor=e.actor,
                recorded_at=e.recorded_at,
            )
    return tuple(
        EventView(
            EventKind(e.kind),
            e.occurred_at,
            e.recorded_at,
            e.actor,
            e.data,
            id=e.id or 0,
            corrected=corrections.get(e.id or 0),
        )
        for e in events
    )


def _pause_view(case: Case) -> PauseView | None:
    if case.paused_at is None or case.resume_on is None:
        return None
    return PauseView(case.paused_at, case.pause_reason or "", case.resume_on)


def _step_view(step: Step, rule: Rule | None) -> StepView:
    return StepView(
        kind=StepKind(step.kind),
        seq=step.seq,
        due=step.due_at,
        status=StepStatus(step.status),
        scheduled_at=step.scheduled_at,
        completed_at=step.completed_at,
        owner=step.owner,
        what=step.title,
        rule=rule.id if rule else None,
        source=rule.source if rule else None,
        source_da=rule.source_da if rule else None,
    )


@dataclass(frozen=True)
class CaseFile:
    """Everything the case page shows: the case, what the request said, the job centre's policy
    (its staircase) and the colleagues the case may be moved to."""

    key: CaseKey
    view: CaseView
    details: RequestDetails
    policy: Policy
    colleagues: tuple[Colleague, ...]
    # The interdisciplinary team's member the policy suggests for the case's cause (Roskilde).
    specialist: SpecialistContact | None = None


def shown_case(
    ctx: AppContext,
    reference: str,
    actor: Actor,
    now: datetime,
    *,
    check: Callable[[CaseKey], None],
) -> CaseFile | None:
    """The case file for a page, read and logged as shown (VIEW) in one transaction; None when
    there is no such case. `check` raises when the actor may not see the case (nothing logged)."""
    with ctx.unit_of_work() as session:
        case = session.exec(
            select(Case).where(col(Case.reference) == reference.strip().upper())
        ).first()
        if case is None or case.id is None:
            return None
        key = CaseKey(case.id, case.reference, case.job_centre_id)
        check(key)
        view = view_of(session, ctx.vault, case)
        centre = session.get_one(JobCentre, case.job_centre_id)
        policy = policy_of(centre)
        team = team_of(session, case.job_centre_id)
        shown = CaseFile(
            key=key,
            view=view,
            details=request_details(case, ctx.vault),
            policy=policy,
            colleagues=tuple(colleagues(session, case.job_centre_id)),
            specialist=specialist_for_case(policy, case.cause_category, team),
        )
        log(session, actor, AuditAction.VIEW, now, case.id)
        session.commit()
    return shown


def count_cases_by_status(session: Session) -> dict[str, int]:
    rows = session.exec(select(col(Case.status), func.count()).group_by(col(Case.status))).all()
    return {status: count for status, count in rows}
