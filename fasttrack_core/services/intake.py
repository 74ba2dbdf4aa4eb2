"""Intake: a validated request opens a case, or returns the employee's open case (SPEC §3)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.intake import days_absent_at_request, request_refusals
from fasttrack_core.domain.municipalities import MUNICIPALITIES
from fasttrack_core.domain.policy import suggested_specialist
from fasttrack_core.domain.rulesets import ruleset_for_request
from fasttrack_core.domain.schedule import opening_steps
from fasttrack_core.domain.vocabulary import (
    CaseStatus,
    EventKind,
    Requester,
    StepKind,
    StepStatus,
)
from fasttrack_core.errors import Refused
from fasttrack_core.models import Case, Consultant, Event, JobCentre, ReferenceCounter, Step
from fasttrack_core.schemas import RequestIn
from fasttrack_core.services.assignment import (
    SYSTEM_ACTOR,
    choice_data,
    choose_for_new_case,
)
from fasttrack_core.services.notices.case_mail import CaseMail
from fasttrack_core.services.notices.intake import queue_intake_notices
from fasttrack_core.services.policies import policy_of
from fasttrack_core.services.timeline import event_row, step_row


@dataclass(frozen=True)
class IntakeResult:
    reference: str
    created: bool
    status: str
    consultant_id: int | None


# What the caller writes about the result in the same transaction (the audit entry, the API's
# idempotent answer), so that it commits, or not, together with the case.
Recorder = Callable[[Session, "IntakeResult"], None]

# SQLite has one writer at a time, and its busy handler polls with sleeps of up to 100 ms: the
# intakes of one process queue here instead (a web server's threads), which keeps latency even.
_SQLITE_WRITER = threading.Lock()


def submit_request(
    ctx: AppContext, request: RequestIn, *, as_of: datetime, record: Recorder | None = None
) -> IntakeResult:
    """Open the case of a request (parsed by the caller: `schemas.parse(RequestIn, data)`) at
    business time `as_of`, in one transaction; refuse it with Danish reasons. `record` writes what
    the caller keeps about the result in that transaction."""
    reasons = request_refusals(
        request.requested_by,
        request.requested_at,
        request.first_absence_day,
        request.expected_over_8_weeks,
        as_of,
    )
    if reasons:
        raise Refused(list(reasons.values()), fields=reasons)
    cpr_hash = ctx.vault.lookup_hash(request.employee.cpr)
    if ctx.engine.dialect.name == "sqlite":
        with _SQLITE_WRITER:
            return _submit(ctx, request, cpr_hash, as_of, record)
    return _submit(ctx, request, cpr_hash, as_of, record)


def _submit(
    ctx: AppContext, request: RequestIn, cpr_hash: str, now: datetime, record: Recorder | None
) -> IntakeResult:
    with ctx.unit_of_work() as session:
        existing = _open_case(session, cpr_hash)
        if existing is not None:
            result = _result(existing, created=False)
        else:
            centre = _job_centre_for(session, request.employee.residence_municipality)
            try:
                result = _open(ctx, session, centre, request, cpr_hash, now)
                session.flush()
            except IntegrityError:
                # Another intake opened the employee's case at the same moment: return that one.
                session.rollback()
                existing = _open_case(session, cpr_hash)
                if existing is None:
                    raise
                result = _result(existing, created=False)
        if record is not None:
            record(session, result)
        session.commit()
        return result


# Built once (intake is hot); bind parameters: cpr_hash, municipality, for_year.
_OPEN_CASE = select(Case).where(col(Case.open_cpr_hash) == bindparam("cpr_hash"))
_JOB_CENTRE = select(JobCentre).where(col(JobCentre.municipality_code) == bindparam("municipality"))
_NEXT_NUMBER = (
    update(ReferenceCounter)
    .where(col(ReferenceCounter.year) == bindparam("for_year"))
    .values(last=col(ReferenceCounter.last) + 1)
    .returning(col(ReferenceCounter.last))
)


def _open_case(session: Session, cpr_hash: str) -> Case | None:
    return session.exec(_OPEN_CASE, params={"cpr_hash": cpr_hash}).first()


def _result(case: Case, created: bool) -> IntakeResult:
    return IntakeResult(case.reference, created, case.status, case.consultant_id)


def _job_centre_for(session: Session, municipality: str) -> JobCentre:
    """The case goes to the job centre of the employee's residence municipality (§ 7 c)."""
    centre = session.exec(_JOB_CENTRE, params={"municipality": municipality}).first()
    if centre is None:
        reason = (
            f"Medarbejderen bor i {MUNICIPALITIES[municipality]} Kommune, som ikke bruger denne "
            f"løsning. Send anmodningen til Jobcenter {MUNICIPALITIES[municipality]}."
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
) -> IntakeResult:
    """Insert the case, its opening steps and its first events (Core inserts: intake is hot)."""
    policy = policy_of(centre)
    recorded = ctx.clock.now()
    core = session.connection()  # Core statements: no ORM bookkeeping for rows not loaded here
    choice = choose_for_new_case(
        session, centre, policy, request.employer.cvr, request.employer.workplace, now
    )
    reference = _next_reference(session, request.requested_at.year)
    case_id = core.scalar(
        insert(Case).returning(col(Case.id)),
        dict(
            reference=reference,
            job_centre_id=centre.id,
            consultant_id=choice.consultant_id,
            status=CaseStatus.AWAITING_ACCEPTANCE,
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
            employer_cvr=request.employer.cvr,
            employer_name=request.employer.name,
            workplace=request.employer.workplace,
            employer_municipality=request.employer.municipality,
            leader_name=request.leader.name,
            leader_email=request.leader.email,
            hr_name=request.hr_contact.name if request.hr_contact else None,
            hr_email=request.hr_contact.email if request.hr_contact else None,
            answers_encrypted=ctx.vault.encrypt(json.dumps(request.questions.model_dump())),
            opened_at=now,
        ),
    )
    assert case_id is not None
    steps = [
        step_row(case_id, planned, policy, ctx.calendar, now)
        for planned in opening_steps(
            policy,
            request.requested_at,
            request.first_absence_day,
            request.cause_category,
            ctx.calendar,
        )
    ]
    for row in steps:
        if row["kind"] == StepKind.NOTICE:
            # The notice to the employee and the receipt to leader/HR go with the case (leaflet).
            row.update(status=StepStatus.DONE, completed_at=now, next_check_at=None)
    core.execute(insert(Step), steps)
    requested: dict[str, Any] = {
        "requested_by": request.requested_by,
        "channel": request.channel,
        "days_absent_at_request": days_absent_at_request(
            request.first_absence_day, request.requested_at
        ),
        "municipality": centre.municipality_code,
    }
    specialist = suggested_specialist(policy, request.cause_category)
    if specialist:
        requested["suggested_specialist"] = specialist
    consultant = session.get_one(Consultant, choice.consultant_id)
    queue_intake_notices(
        session,
        CaseMail(case_id, reference, centre.name, ctx.base_url),
        employee_email=request.employee.email,
        leader_emails=[
            request.leader.email,
            request.hr_contact.email if request.hr_contact else None,
        ],
        consultant_name=consultant.name,
        consultant_email=consultant.email,
        due={StepKind(row["kind"]): row["due_at"] for row in steps},
        suggested_specialist=specialist,
        requested_by_employer=request.requested_by is Requester.EMPLOYER,
        now=now,
    )
    notice: dict[str, Any] = {"to": ["employee", "leader", "hr"]}
    events: list[tuple[EventKind, datetime, dict[str, Any]]] = [
        (EventKind.REQUESTED, request.requested_at, requested),
        (EventKind.ASSIGNED, now, choice_data(choice)),
        (EventKind.NOTICE_QUEUED, now, notice),
    ]
    core.execute(
        insert(Event),
        [
            event_row(case_id, kind, at, recorded, SYSTEM_ACTOR, data, f"{reference}:{kind}")
            for kind, at, data in events
        ],
    )
    return IntakeResult(reference, True, CaseStatus.AWAITING_ACCEPTANCE, choice.consultant_id)


def _next_reference(session: Session, year: int) -> str:
    """FT-YYYY-NNNNNN, numbered per year; the counter row is locked until the case commits."""
    number = session.connection().scalar(_NEXT_NUMBER, {"for_year": year})
    if number is None:
        session.add(ReferenceCounter(year=year, last=1))
        session.flush()
        number = 1
    return f"FT-{year}-{number:06d}"
