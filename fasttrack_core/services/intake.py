"""Intake: a validated request opens a case, or returns the employee's open case (SPEC §3)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.intake import days_absent_at_request, request_refusals
from fasttrack_core.domain.municipalities import MUNICIPALITIES
from fasttrack_core.domain.policy import suggested_specialist
from fasttrack_core.domain.reasons import Reason
from fasttrack_core.domain.reassessment import Spell
from fasttrack_core.domain.rulesets import ruleset_for_request
from fasttrack_core.domain.schedule import Consent, opening_steps
from fasttrack_core.domain.vocabulary import (
    Caller,
    CaseStatus,
    EventKind,
    Requester,
    StepKind,
    StepStatus,
)
from fasttrack_core.errors import Refused
from fasttrack_core.models import Case, Event, JobCentre, Step
from fasttrack_core.presentation.links import citizen_link, employer_link
from fasttrack_core.schemas import RequestIn
from fasttrack_core.services.assignment import (
    SYSTEM_ACTOR,
    choice_data,
    choose_for_new_case,
    choose_for_phone_request,
)
from fasttrack_core.services.citizen_access import Audience, issue_link
from fasttrack_core.services.free_times import rules_for_centre
from fasttrack_core.services.notices.case_mail import CaseMail
from fasttrack_core.services.notices.intake import queue_intake_notices
from fasttrack_core.services.policies import policy_of
from fasttrack_core.services.references import next_reference
from fasttrack_core.services.timeline import event_row, step_row


@dataclass(frozen=True)
class PhoneCall:
    """A request taken at the retention phone by a member of staff (issue 14, item 3)."""

    caller: Caller
    taken_by: str  # the staff member's e-mail


@dataclass(frozen=True)
class IntakeResult:
    reference: str
    created: bool
    status: str
    consultant_id: int | None
    case_id: int


# What the caller writes about the result in the same transaction (the audit entry, the API's
# idempotent answer), so that it commits, or not, together with the case.
Recorder = Callable[[Session, "IntakeResult"], None]
# What the caller checks first in that transaction, before the request's rules: the API's
# idempotent replay, which raises to answer with the first answer instead.
Precheck = Callable[[Session], None]

# SQLite has one writer at a time, and its busy handler polls with sleeps of up to 100 ms: the
# intakes of one process queue here instead (a web server's threads, the API's writing thread),
# which keeps latency even.
SQLITE_WRITER = threading.Lock()


def submit_request(
    ctx: AppContext,
    request: RequestIn,
    *,
    as_of: datetime,
    record: Recorder | None = None,
    phone: PhoneCall | None = None,
    first: Precheck | None = None,
) -> IntakeResult:
    """Open the case of a request (parsed by the caller: `schemas.parse(RequestIn, data)`) at
    business time `as_of`, in a transaction of its own; refuse it with Danish reasons. `first`
    checks what the caller must check first in that transaction; `record` writes what the caller
    keeps about the result in it; `phone`: the call the request was taken on."""
    writer = SQLITE_WRITER if ctx.engine.dialect.name == "sqlite" else nullcontext()
    with writer, ctx.unit_of_work() as session:
        try:
            result = take_request(
                ctx, session, request, as_of=as_of, record=record, phone=phone, first=first
            )
        except IntegrityError:
            # Another intake opened the employee's case at the same moment: return that one.
            session.rollback()
            existing = _open_case(session, ctx.vault.lookup_hash(request.employee.cpr))
            if existing is None:
                raise
            result = existing
            if record is not None:
                record(session, result)
        session.commit()
        return result


def take_request(
    ctx: AppContext,
    session: Session,
    request: RequestIn,
    *,
    as_of: datetime,
    record: Recorder | None = None,
    phone: PhoneCall | None = None,
    first: Precheck | None = None,
) -> IntakeResult:
    """`submit_request` inside the caller's transaction, which commits it (or not): the API's
    writing thread commits the intakes that queued meanwhile together (`web.writing`). Raises
    IntegrityError when another transaction opened the employee's case at the same moment."""
    if first is not None:
        first(session)
    reasons = request_refusals(
        request.requested_by,
        request.requested_at,
        request.first_absence_day,
        request.expected_over_8_weeks,
        as_of,
        employee_agrees=request.employee_agrees,
    )
    if reasons:
        raise Refused(list(reasons.values()), fields=reasons)
    cpr_hash = ctx.vault.lookup_hash(request.employee.cpr)
    result = _open_case(session, cpr_hash)
    if result is None:
        centre = job_centre_for(session, request.employee.residence_municipality)
        result = _open(ctx, session, centre, request, cpr_hash, as_of, phone)
        session.flush()
    if record is not None:
        record(session, result)
    return result


# Built once (intake is hot); bind parameters: cpr_hash, municipality.
# Core statements on the session's connection: no ORM loading for what is read by columns.
_OPEN_CASE = select(
    col(Case.reference), col(Case.status), col(Case.consultant_id), col(Case.id)
).where(col(Case.open_cpr_hash) == bindparam("cpr_hash"))
_INSERT_CASE = insert(Case).returning(col(Case.id))
_INSERT_STEPS = insert(Step)
_INSERT_EVENTS = insert(Event)
_JOB_CENTRE = select(JobCentre).where(col(JobCentre.municipality_code) == bindparam("municipality"))


def _open_case(session: Session, cpr_hash: str) -> IntakeResult | None:
    """The employee's open case as an intake result (`created` false), if there is one."""
    row = session.connection().execute(_OPEN_CASE, {"cpr_hash": cpr_hash}).first()
    if row is None:
        return None
    reference, status, consultant_id, case_id = row
    return IntakeResult(reference, False, status, consultant_id, case_id)


def job_centre_for(session: Session, municipality: str) -> JobCentre:
    """The case goes to the job centre of the employee's residence municipality (§ 7 c)."""
    centre = session.exec(_JOB_CENTRE, params={"municipality": municipality}).first()
    if centre is None:
        name = MUNICIPALITIES[municipality]
        reason = Reason(
            f"Medarbejderen bor i {name} Kommune, som ikke bruger denne løsning. Send "
            f"anmodningen til Jobcenter {name}.",
            "municipality_not_served",
            municipality=name,
        )
        raise Refused(reason, fields={"employee.residence_municipality": reason})
    return centre


def _open(
    ctx: AppContext,
    session: Session,
    centre: JobCentre,
    request: RequestIn,
    cpr_hash: str,
    now: datetime,
    phone: PhoneCall | None,
) -> IntakeResult:
    """Insert the case, its opening steps and its first events (Core inserts: intake is hot)."""
    policy = policy_of(centre)
    recorded = ctx.clock.now()
    core = session.connection()  # Core statements: no ORM bookkeeping for rows not loaded here
    employer, leader, hr = request.employer, request.leader, request.hr_contact
    cvr, workplace = (employer.cvr, employer.workplace) if employer else (None, None)
    if phone is None:
        assigned = choose_for_new_case(session, centre, policy, cvr, workplace, now)
    else:
        assigned = choose_for_phone_request(
            session,
            centre,
            policy,
            cvr,
            workplace,
            called_at=request.requested_at,
            taker_email=phone.taken_by,
        )
    choice = assigned.choice
    reference = next_reference(session, request.requested_at.year)
    consent = Consent.of(request.requested_by, request.employee_agrees)
    status = _OPENING_STATUS[consent]
    case_id = core.scalar(
        _INSERT_CASE,
        dict(
            reference=reference,
            job_centre_id=centre.id,
            consultant_id=choice.consultant_id,
            status=status,
            requested_by=request.requested_by,
            channel=request.channel,
            requested_at=request.requested_at,
            ruleset=ruleset_for_request(request.requested_at).id,
            first_absence_day=request.first_absence_day,
            expected_over_8_weeks=request.expected_over_8_weeks,
            cause_category=request.cause_category,
            cpr_encrypted=ctx.vault.encrypt(request.employee.cpr),
            cpr_hash=cpr_hash,
            open_cpr_hash=cpr_hash,
            employee_name=request.employee.name,
            employee_email=request.employee.email,
            employee_phone=request.employee.phone,
            employment=request.employment,
            language=request.language,
            normal_hours_per_week=request.employee.weekly_hours,
            employer_cvr=employer.cvr if employer else None,
            employer_name=employer.name if employer else None,
            workplace=employer.workplace if employer else None,
            employer_municipality=employer.municipality if employer else None,
            leader_name=leader.name if leader else None,
            leader_email=leader.email if leader else None,
            hr_name=hr.name if hr else None,
            hr_email=hr.email if hr else None,
            answers_encrypted=ctx.vault.encrypt(json.dumps(request.questions.model_dump())),
            opened_at=now,
        ),
    )
    assert case_id is not None
    planned_steps = opening_steps(
        policy,
        request.requested_at,
        request.first_absence_day,
        request.cause_category,
        ctx.calendar,
        notice_at=now,  # the notice is queued with the case (leaflet; BEK 1710/2024 § 4)
        consent=consent,
        previous_absence=[Spell(spell.start, spell.to) for spell in request.previous_absence],
    )
    steps = [step_row(case_id, planned, policy, ctx.calendar, now) for planned in planned_steps]
    for planned, row in zip(planned_steps, steps, strict=True):
        if planned.done:
            # The notice and receipt go with the case; an answer the request carries is given.
            row.update(status=StepStatus.DONE, completed_at=now, next_check_at=None)
    core.execute(_INSERT_STEPS, steps)
    requested: dict[str, Any] = {
        "requested_by": request.requested_by,
        "employment": request.employment,
        "channel": request.channel,
        "days_absent_at_request": days_absent_at_request(
            request.first_absence_day, request.requested_at
        ),
        "municipality": centre.municipality_code,
    }
    if phone is not None:
        requested["caller"] = phone.caller.value
    specialist = suggested_specialist(policy, request.cause_category)
    if specialist:
        requested["suggested_specialist"] = specialist
    token = issue_link(session, case_id, now)
    # Varde: the employer side books the roundtable through a link of its own (issue 15).
    assert centre.id is not None
    rules = rules_for_centre(session, centre.id)
    employer_books = rules.leader_books_roundtable and bool(leader or hr)
    employer_token = (
        issue_link(session, case_id, now, Audience.EMPLOYER) if employer_books else None
    )
    queue_intake_notices(
        session,
        CaseMail(case_id, reference, centre.name, ctx.base_url, request.language),
        employee_email=request.employee.email,
        leader_emails=[leader.email if leader else None, hr.email if hr else None],
        consultant_name=assigned.name,
        consultant_email=assigned.email,
        due={
            StepKind(row["kind"]): row["due_at"]
            for row in steps
            if row["status"] != StepStatus.DONE
        },
        suggested_specialist=specialist,
        requested_by_employer=request.requested_by is Requester.EMPLOYER,
        declined=consent is Consent.DECLINED,
        now=now,
        personal_link=citizen_link(ctx.base_url, token, request.language),
        employer_link=(
            employer_link(ctx.base_url, employer_token, request.language)
            if employer_token
            else None
        ),
    )
    notice: dict[str, Any] = {"to": ["employee", *(["leader", "hr"] if leader or hr else [])]}
    events: list[tuple[EventKind, datetime, dict[str, Any]]] = [
        (EventKind.REQUESTED, request.requested_at, requested),
        (EventKind.ASSIGNED, now, choice_data(choice)),
        (EventKind.NOTICE_QUEUED, now, notice),
    ]
    if consent in _ANSWER_EVENT:
        # The employee's answer came with the request (§ 13 b, stk. 3; BEK 1710/2024 § 4).
        events.append((_ANSWER_EVENT[consent], request.requested_at, {"with_request": True}))
    core.execute(
        _INSERT_EVENTS,
        [
            event_row(case_id, kind, at, recorded, SYSTEM_ACTOR, data, f"{reference}:{kind}")
            for kind, at, data in events
        ],
    )
    return IntakeResult(reference, True, status, choice.consultant_id, case_id)


_OPENING_STATUS: dict[Consent, CaseStatus] = {
    Consent.ASKED: CaseStatus.AWAITING_ACCEPTANCE,
    Consent.AGREED: CaseStatus.ACCEPTED,
    Consent.DECLINED: CaseStatus.DECLINED,
    Consent.OWN_REQUEST: CaseStatus.ACCEPTED,  # asking is agreeing (§ 7 e)
}
_ANSWER_EVENT: dict[Consent, EventKind] = {
    Consent.AGREED: EventKind.ACCEPTED,
    Consent.DECLINED: EventKind.DECLINED,
}
