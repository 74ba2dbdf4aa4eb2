"""Transfer when the employee moves (issue 14, item 6).

The case follows the employee to the job centre of their new residence municipality (§ 7 c: the
residence municipality's job centre follows the case up). When that job centre is on this
installation, the case moves there with its whole timeline: its municipality changes, that
centre's assignment rule picks the new owner, who is emailed (event `transferred`). Otherwise the
case file is exported (audited) for the new job centre and the case closed with the outcome
`transferred`. Both in one transaction.

The steps keep their deadlines: the law's deadlines run from the request and the first absence
day wherever the employee lives; steps planned from here on follow the new centre's policy.

The exported case file is the case file of issue 14, item 7 (`services/case_file.py`), as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import AuditAction
from fasttrack_core.domain.municipalities import MUNICIPALITIES
from fasttrack_core.domain.vocabulary import OUTSTANDING, CaseStatus, EventKind, Outcome
from fasttrack_core.errors import Refused
from fasttrack_core.models import Case, JobCentre
from fasttrack_core.schemas import MunicipalityCode, Strict, parse
from fasttrack_core.services.assignment import choice_data, choose_for_new_case
from fasttrack_core.services.audit import Actor, log
from fasttrack_core.services.case_file import case_file_of
from fasttrack_core.services.notices.case_mail import CaseMail
from fasttrack_core.services.notices.moves import Move, queue_new_owner_notice
from fasttrack_core.services.policies import policy_of
from fasttrack_core.services.timeline import add_event, cancel, steps_of


class TransferIn(Strict):
    to_municipality: MunicipalityCode


@dataclass(frozen=True)
class TransferResult:
    reference: str
    to_municipality: str
    job_centre: str  # where the case (or its case file) went
    consultant: str | None  # the new owner's name: the case moved on this installation
    case_file: dict[str, Any] | None  # the exported case file: the case was closed here


def transfer(
    ctx: AppContext, reference: str, *, to_municipality: str, actor: Actor, as_of: datetime
) -> TransferResult:
    """Move the open case to the job centre of `to_municipality` (a municipality code), or
    export its case file and close it as transferred when that job centre is not here."""
    code = parse(TransferIn, {"to_municipality": to_municipality}).to_municipality
    with ctx.unit_of_work() as session:
        case = session.exec(
            select(Case).where(col(Case.reference) == reference.strip().upper())
        ).first()
        if case is None:
            raise Refused(f"Sagen {reference} findes ikke.")
        if case.status == CaseStatus.CLOSED:
            raise Refused("Sagen er afsluttet og kan ikke flyttes.")
        here = session.get_one(JobCentre, case.job_centre_id)
        if here.municipality_code == code:
            message = f"Sagen hører allerede til {here.name}."
            raise Refused(message, fields={"to_municipality": message})
        there = session.exec(
            select(JobCentre).where(col(JobCentre.municipality_code) == code)
        ).first()
        if there is not None:
            result = _move(ctx, session, case, here, there, actor, as_of)
            session.commit()
            return result
        case_file = _close_as_transferred(ctx, session, case, here, code, actor, as_of)
        session.commit()
    return TransferResult(
        case.reference, code, f"Jobcenter {MUNICIPALITIES[code]}", None, case_file
    )


def _move(
    ctx: AppContext,
    session: Session,
    case: Case,
    here: JobCentre,
    there: JobCentre,
    actor: Actor,
    as_of: datetime,
) -> TransferResult:
    """The case to a job centre on this installation, its owner by that centre's rule."""
    assigned = choose_for_new_case(
        session, there, policy_of(there), case.employer_cvr, case.workplace, as_of
    )
    choice = assigned.choice
    assert there.id is not None
    case.job_centre_id = there.id
    previous, case.consultant_id = case.consultant_id, choice.consultant_id
    add_event(
        session,
        case,
        EventKind.TRANSFERRED,
        as_of,
        ctx.clock.now(),
        actor.label,
        {
            **choice_data(choice),
            "to_municipality": there.municipality_code,
            "from_municipality": here.municipality_code,
            "from_consultant_id": previous,
        },
    )
    log(session, actor, AuditAction.CHANGE, as_of, case.id, f"flyttet til {there.name}")
    assert case.id is not None
    queue_new_owner_notice(
        session,
        CaseMail(case.id, case.reference, there.name, ctx.base_url),
        move=Move.TRANSFERRED,
        consultant_name=assigned.name,
        consultant_email=assigned.email,
        steps=steps_of(session, case),
        now=as_of,
    )
    return TransferResult(case.reference, there.municipality_code, there.name, assigned.name, None)


def _close_as_transferred(
    ctx: AppContext,
    session: Session,
    case: Case,
    here: JobCentre,
    code: str,
    actor: Actor,
    as_of: datetime,
) -> dict[str, Any]:
    """Outstanding steps cancelled, the case closed as transferred, its case file (JSON,
    `services/case_file.py`) exported and audited."""
    for step in steps_of(session, case):
        if step.status in OUTSTANDING:
            cancel(step)
    case.status = CaseStatus.CLOSED
    case.outcome = Outcome.TRANSFERRED
    case.closed_at = as_of
    case.open_cpr_hash = None  # the employee's next request (to any centre here) opens a case
    recorded = ctx.clock.now()
    moved = {"to_municipality": code, "from_municipality": here.municipality_code}
    add_event(session, case, EventKind.TRANSFERRED, as_of, recorded, actor.label, moved)
    closed = {"outcome": Outcome.TRANSFERRED.value}
    add_event(session, case, EventKind.CLOSED, as_of, recorded, actor.label, closed)
    destination = f"Jobcenter {MUNICIPALITIES[code]}"
    purpose = f"overdragelse til {destination}, fordi medarbejderen er flyttet"
    log(session, actor, AuditAction.CHANGE, as_of, case.id, f"afsluttet: flyttet til {code}")
    log(session, actor, AuditAction.EXPORT, as_of, case.id, "sagsakt (JSON)", purpose=purpose)
    session.flush()
    export = case_file_of(
        session, ctx.vault, case, exported_by=actor.label, as_of=as_of, purpose=purpose
    )
    return export.to_json()
