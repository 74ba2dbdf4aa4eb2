"""Fast track on concern (issue 16; `domain/concern.py`): a concern raised, its steps recorded, and
its becoming a Fast track case without retyping (the request is built from what the concern
holds; its timeline is copied into the case's, followed by `converted_from_concern`).

Like intake, a concern for an employee who already has an open one returns that one: the public
answer is the same receipt either way (no oracle).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import AuditAction
from fasttrack_core.domain.concern import (
    REQUESTER_OF,
    STEPS,
    ConcernOutcome,
    ConcernSource,
    ConcernStatus,
    channel_of,
    deadlines,
    step_refusal,
)
from fasttrack_core.domain.vocabulary import Channel, Employment, EventKind
from fasttrack_core.errors import Refused
from fasttrack_core.models import Case, ConcernCase, ConcernEvent, Event
from fasttrack_core.schemas import (
    Contact,
    Day,
    Employee,
    Employer,
    Moment,
    Questions,
    RequestIn,
    Strict,
    Text,
    parse,
)
from fasttrack_core.services.assignment import choose_for_new_case
from fasttrack_core.services.audit import Actor, log
from fasttrack_core.services.intake import IntakeResult, job_centre_for, submit_request
from fasttrack_core.services.notices.concern_deadlines import queue_concern_assigned
from fasttrack_core.services.policies import policy_of
from fasttrack_core.services.timeline import event_row

CONSENT_NEEDED = "mangler: jobcentret kontakter kun medarbejderen med hendes eller hans samtykke"


class ConcernIn(Strict):
    """A concern as the form, the API or the CLI sends it."""

    raised_by: ConcernSource
    channel: Channel = Channel.DIGITAL
    received_at: Moment
    employee: Employee
    employer: Employer | None = None
    leader: Contact | None = None
    concern: Text  # what the concern is about, in the requester's words (health data)
    absent_since: Day | None = None  # None: not sick-listed (yet)
    employee_consents: bool = Field(default=False, validate_default=True)
    questions: Questions | None = None  # the three questions, if already answered

    @field_validator("employee_consents")
    @classmethod
    def _consent(cls, value: bool) -> bool:
        if not value:
            raise PydanticCustomError("consent", CONSENT_NEEDED)
        return value

    @field_validator("absent_since")
    @classmethod
    def _absent_by_now(cls, value: date | None, info: ValidationInfo) -> date | None:
        received = info.data.get("received_at")
        if value is not None and isinstance(received, datetime) and value > received.date():
            raise PydanticCustomError("after", "kan ikke ligge efter henvendelsen")
        return value

    @model_validator(mode="after")
    def _leader_names_the_workplace(self) -> ConcernIn:
        if self.raised_by is ConcernSource.LEADER and (
            self.employer is None or self.leader is None
        ):
            raise PydanticCustomError(
                "employer", "og lederen skal udfyldes, når lederen henvender sig"
            )
        return self


class ConversionIn(Strict):
    """What a concern needs besides what it holds to become a Fast track request."""

    first_absence_day: Day | None = None  # default: the concern's `absent_since`
    expected_over_8_weeks: bool
    questions: Questions | None = None  # default: the concern's answers
    employee_agrees: bool | None = None
    # What a concern from the employee or the GP may lack: the workplace, or that there is none.
    employment: Employment = Employment.EMPLOYED
    employer: Employer | None = None
    leader: Contact | None = None


@dataclass(frozen=True)
class ConcernResult:
    reference: str
    created: bool
    status: ConcernStatus


def raise_concern(
    ctx: AppContext, concern: ConcernIn, *, as_of: datetime, actor: Actor
) -> ConcernResult:
    """Open a concern at business time `as_of` (or return the employee's open one)."""
    cpr_hash = ctx.vault.lookup_hash(concern.employee.cpr)
    with ctx.unit_of_work() as session:
        existing = _open_concern(session, cpr_hash)
        if existing is not None:
            return ConcernResult(existing.reference, False, ConcernStatus(existing.status))
        centre = job_centre_for(session, concern.employee.residence_municipality)
        policy = policy_of(centre)
        employer, leader = concern.employer, concern.leader
        assigned = choose_for_new_case(
            session,
            centre,
            policy,
            employer.cvr if employer else None,
            employer.workplace if employer else None,
            as_of,
        )
        due = deadlines(policy, concern.received_at, ctx.calendar)
        row = ConcernCase(
            reference=f"FB-tmp-{cpr_hash[:12]}",
            job_centre_id=centre.id or 0,
            consultant_id=assigned.choice.consultant_id,
            status=ConcernStatus.OPEN,
            raised_by=concern.raised_by,
            channel=channel_of(concern.raised_by, concern.channel),
            received_at=concern.received_at,
            absent_since=concern.absent_since,
            cpr_encrypted=ctx.vault.encrypt(concern.employee.cpr),
            cpr_hash=cpr_hash,
            open_cpr_hash=cpr_hash,
            employee_name=concern.employee.name,
            employee_email=concern.employee.email,
            employee_phone=concern.employee.phone,
            residence_municipality=concern.employee.residence_municipality,
            employer_cvr=employer.cvr if employer else None,
            employer_name=employer.name if employer else None,
            workplace=employer.workplace if employer else None,
            leader_name=leader.name if leader else None,
            leader_email=leader.email if leader else None,
            concern=concern.concern,
            answers=json.dumps(concern.questions.model_dump()) if concern.questions else None,
            contact_due=due.contact,
            talk_due=due.talk,
            effort_due=due.effort,
        )
        session.add(row)
        try:
            session.flush()
        except IntegrityError:
            session.rollback()  # the same employee's concern opened at the same moment
            existing = _open_concern(session, cpr_hash)
            if existing is None:
                raise
            return ConcernResult(existing.reference, False, ConcernStatus(existing.status))
        assert row.id is not None
        row.reference = f"FB-{concern.received_at.year}-{row.id:06d}"
        session.add(row)
        data = {
            "raised_by": concern.raised_by.value,
            "channel": row.channel,
            "absent": concern.absent_since is not None,
            "consultant_id": assigned.choice.consultant_id,
        }
        _add_event(ctx, session, row, EventKind.CONCERN_RAISED, concern.received_at, actor, data)
        queue_concern_assigned(
            session,
            row.reference,
            centre.name,
            (assigned.name, assigned.email),
            due,
            ctx.base_url,
            ctx.clock.now(),
        )
        log(session, actor, AuditAction.SUBMIT, ctx.clock.now(), None, f"bekymring {row.reference}")
        session.commit()
        return ConcernResult(row.reference, True, ConcernStatus.OPEN)


def record_concern_step(
    ctx: AppContext,
    *,
    reference: str,
    kind: EventKind,
    as_of: datetime,
    actor: Actor,
    note: str | None = None,
) -> ConcernStatus:
    """Record the contact, the talk or the agreed effort, in that order."""
    if kind not in STEPS:
        raise Refused(f"'{kind}' er ikke et trin i en bekymringssag.")
    with ctx.unit_of_work() as session:
        concern = _concern(session, reference)
        reason = step_refusal(ConcernStatus(concern.status), kind)
        if reason:
            raise Refused(reason)
        after = STEPS[kind][1]
        done = {
            EventKind.CONCERN_CONTACTED: "contacted_at",
            EventKind.CONCERN_TALK_HELD: "talk_held_at",
            EventKind.CONCERN_EFFORT_AGREED: "effort_agreed_at",
        }[kind]
        setattr(concern, done, as_of)
        concern.status = after
        session.add(concern)
        _add_event(ctx, session, concern, kind, as_of, actor, {"note": note} if note else {})
        log(session, actor, AuditAction.CHANGE, ctx.clock.now(), None, f"bekymring {reference}")
        session.commit()
        return after


def close_concern(
    ctx: AppContext, *, reference: str, outcome: str, as_of: datetime, actor: Actor
) -> None:
    try:
        chosen = ConcernOutcome(outcome)
    except ValueError:
        raise Refused(f"Ukendt udfald '{outcome}'.") from None
    with ctx.unit_of_work() as session:
        concern = _concern(session, reference)
        reason = step_refusal(ConcernStatus(concern.status), EventKind.CONCERN_CLOSED)
        if reason:
            raise Refused(reason)
        concern.status = ConcernStatus.CLOSED
        concern.outcome = chosen
        concern.closed_at = as_of
        concern.open_cpr_hash = None
        session.add(concern)
        data = {"outcome": chosen.value}
        _add_event(ctx, session, concern, EventKind.CONCERN_CLOSED, as_of, actor, data)
        log(session, actor, AuditAction.CHANGE, ctx.clock.now(), None, f"bekymring {reference}")
        session.commit()


def convert_concern(
    ctx: AppContext, *, reference: str, conversion: ConversionIn, as_of: datetime, actor: Actor
) -> IntakeResult:
    """The concern becomes a Fast track request, refused by the ordinary rules (the 5 weeks,
    more than 8 weeks expected); the case gets the concern's timeline. An employee who already
    has an open case keeps it, and the concern is linked to it."""
    with ctx.unit_of_work() as session:
        concern = _concern(session, reference)
        reason = step_refusal(ConcernStatus(concern.status), EventKind.CONVERTED_FROM_CONCERN)
        if reason:
            raise Refused(reason)
        payload = _request_payload(ctx, concern, conversion, as_of)
    request = parse(RequestIn, payload)

    def link(session: Session, result: IntakeResult) -> None:
        _link(ctx, session, reference, result, as_of, actor)

    return submit_request(ctx, request, as_of=as_of, record=link)


def _request_payload(
    ctx: AppContext, concern: ConcernCase, conversion: ConversionIn, as_of: datetime
) -> dict[str, Any]:
    first_day: date | None = conversion.first_absence_day or concern.absent_since
    if first_day is None:
        reason = "Angiv første sygedag: medarbejderen var ikke sygemeldt ved henvendelsen."
        raise Refused(reason, fields={"first_absence_day": reason})
    if conversion.questions is not None:
        questions: dict[str, Any] = conversion.questions.model_dump()
    elif concern.answers:
        questions = json.loads(concern.answers)
    else:
        reason = "Besvar de tre spørgsmål: bekymringen havde ikke svarene."
        raise Refused(reason, fields={"questions": reason})
    payload: dict[str, Any] = {
        "requested_by": REQUESTER_OF[ConcernSource(concern.raised_by)].value,
        "channel": concern.channel,
        "requested_at": as_of.isoformat(),
        "first_absence_day": first_day.isoformat(),
        "expected_over_8_weeks": conversion.expected_over_8_weeks,
        "employee": {
            "name": concern.employee_name,
            "cpr": ctx.vault.decrypt(concern.cpr_encrypted),
            "email": concern.employee_email,
            "phone": concern.employee_phone,
            "residence_municipality": concern.residence_municipality,
        },
        "questions": questions,
    }
    if conversion.employment is not Employment.EMPLOYED:
        payload["employment"] = conversion.employment.value
    if conversion.employer is not None:
        payload["employer"] = conversion.employer.model_dump(exclude_none=True)
    elif concern.employer_cvr:
        payload["employer"] = {
            "cvr": concern.employer_cvr,
            "name": concern.employer_name,
            "workplace": concern.workplace,
        }
    if conversion.leader is not None:
        payload["leader"] = conversion.leader.model_dump()
    elif concern.leader_email:
        payload["leader"] = {"name": concern.leader_name, "email": concern.leader_email}
    if conversion.employee_agrees is not None:
        payload["employee_agrees"] = conversion.employee_agrees
    return payload


def _link(
    ctx: AppContext,
    session: Session,
    reference: str,
    result: IntakeResult,
    as_of: datetime,
    actor: Actor,
) -> None:
    """In the intake's transaction: the concern's timeline into the case's, and the concern
    marked converted."""
    concern = _concern(session, reference)
    case = session.exec(select(Case).where(col(Case.reference) == result.reference)).one()
    assert case.id is not None and concern.id is not None
    recorded = ctx.clock.now()
    history = session.exec(
        select(ConcernEvent)
        .where(col(ConcernEvent.concern_id) == concern.id)
        .order_by(col(ConcernEvent.occurred_at), col(ConcernEvent.id))
    ).all()
    rows = [
        event_row(
            case.id,
            event.kind,
            event.occurred_at,
            event.recorded_at,
            event.actor,
            {**event.data, "concern": reference},
            f"{result.reference}:{reference}:{event.id}",
        )
        for event in history
    ]
    rows.append(
        event_row(
            case.id,
            EventKind.CONVERTED_FROM_CONCERN,
            as_of,
            recorded,
            actor.label,
            {"concern": reference, "new_case": result.created},
            f"{result.reference}:{reference}:converted",
        )
    )
    session.execute(insert(Event), rows)
    concern.status = ConcernStatus.CONVERTED
    concern.case_id = case.id
    concern.closed_at = as_of
    concern.open_cpr_hash = None
    session.add(concern)
    _add_event(
        ctx,
        session,
        concern,
        EventKind.CONVERTED_FROM_CONCERN,
        as_of,
        actor,
        {"case": result.reference},
    )
    detail = f"bekymring {reference} overgået til {result.reference}"
    log(session, actor, AuditAction.CHANGE, recorded, case.id, detail)


def concern_events(ctx: AppContext, reference: str) -> list[str]:
    """The kinds in a concern's timeline, in order."""
    with ctx.unit_of_work() as session:
        concern = _concern(session, reference)
        statement = (
            select(ConcernEvent.kind)
            .where(col(ConcernEvent.concern_id) == concern.id)
            .order_by(col(ConcernEvent.occurred_at), col(ConcernEvent.id))
        )
        return list(session.exec(statement).all())


def _open_concern(session: Session, cpr_hash: str) -> ConcernCase | None:
    statement = select(ConcernCase).where(col(ConcernCase.open_cpr_hash) == cpr_hash)
    return session.exec(statement).first()


def _concern(session: Session, reference: str) -> ConcernCase:
    concern = session.exec(
        select(ConcernCase).where(col(ConcernCase.reference) == reference)
    ).first()
    if concern is None:
        raise Refused(f"Bekymringssagen {reference} findes ikke.")
    return concern


def _add_event(
    ctx: AppContext,
    session: Session,
    concern: ConcernCase,
    kind: EventKind,
    at: datetime,
    actor: Actor,
    data: dict[str, Any],
) -> None:
    assert concern.id is not None
    session.add(
        ConcernEvent(
            concern_id=concern.id,
            kind=kind,
            occurred_at=at,
            recorded_at=ctx.clock.now(),
            actor=actor.label,
            data=data,
        )
    )
