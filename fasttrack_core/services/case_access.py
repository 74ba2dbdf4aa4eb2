"""Finding a case for a page (its id and job centre, for the access check and the audit log),
what the request said (contacts, the three questions' answers), and revealing its CPR number,
which is logged in the same transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from fasttrack_core.crypto import CprVault
from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import AuditAction
from fasttrack_core.models import Case
from fasttrack_core.services.audit import Actor, log


@dataclass(frozen=True)
class CaseKey:
    id: int
    reference: str
    job_centre_id: int


def case_key(ctx: AppContext, reference: str) -> CaseKey | None:
    with ctx.unit_of_work() as session:
        row = session.exec(
            select(col(Case.id), col(Case.job_centre_id)).where(
                col(Case.reference) == reference.strip().upper()
            )
        ).first()
    if row is None or row[0] is None:
        return None
    return CaseKey(row[0], reference.strip().upper(), row[1])


def reveal_cpr(
    ctx: AppContext, actor: Actor, case: CaseKey, *, as_of: datetime, purpose: str
) -> str:
    """The case's CPR number in clear text; the reveal is logged, with the purpose the user
    stated (refused without one), before it is returned."""
    with ctx.unit_of_work() as session:
        encrypted = session.exec(
            select(col(Case.cpr_encrypted)).where(col(Case.id) == case.id)
        ).one()
        log(session, actor, AuditAction.REVEAL_CPR, as_of, case.id, purpose=purpose)
        session.commit()
    cpr = ctx.vault.decrypt(encrypted)
    return f"{cpr[:6]}-{cpr[6:]}"


@dataclass(frozen=True)
class Contact:
    name: str
    email: str | None  # an employee may have none (letters instead)
    phone: str | None = None


@dataclass(frozen=True)
class RequestDetails:
    """What the request told the job centre, for the consultant who prepares the first talk."""

    employee: Contact
    employer: str | None  # "name, workplace (CVR 12345674)"; None: unemployed, self-employed
    leader: Contact | None
    hr: Contact | None
    cause: str | None  # Cause id (health data)
    answers: dict[str, str]  # the three questions (Questions fields), decrypted


def request_details(row: Case, vault: CprVault) -> RequestDetails:
    hr = Contact(row.hr_name or "", row.hr_email) if row.hr_email else None
    return RequestDetails(
        employee=Contact(row.employee_name, row.employee_email, row.employee_phone),
        employer=f"{row.employer_name}, {row.workplace} (CVR {row.employer_cvr})"
        if row.employer_cvr
        else None,
        leader=Contact(row.leader_name or "", row.leader_email) if row.leader_email else None,
        hr=hr,
        cause=row.cause_category,
        answers=json.loads(vault.decrypt(row.answers_encrypted)),
    )
