"""The case file as one document (issue 14, item 7): the request (decrypted for the reader),
the steps, the plan and the timeline with its corrections, for a handover to another job centre
or for the citizen's right of access (GDPR art. 15). Reading it is an export: logged with the
purpose the user stated, in the same transaction (`services/audit.py`).

This module gathers the data and its JSON; `reporting/case_file.py` lays it out as a PDF.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Literal

from sqlmodel import Session, col, select

from fasttrack_core.crypto import CprVault
from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import AuditAction
from fasttrack_core.domain.vocabulary import EventKind, StepKind
from fasttrack_core.errors import Refused
from fasttrack_core.models import Case, Consultant, JobCentre
from fasttrack_core.services.audit import Actor, log, stated_purpose
from fasttrack_core.services.case_access import CaseKey, RequestDetails, request_details
from fasttrack_core.services.policies import policy_of
from fasttrack_core.services.queries import CaseView, view_of
from fasttrack_core.services.workload import colleagues

FORMAT_VERSION = "fasttrack-sagsakt/1"
ExportFormat = Literal["pdf", "json"]
EXPORT_FORMATS: dict[str, ExportFormat] = {"pdf": "pdf", "json": "json"}


@dataclass(frozen=True)
class Plan:
    """The return-to-work plan as it stands: the latest roundtable (as corrected) and its
    actions, with the next review."""

    staircase_employee: int | None
    staircase_employer: int | None
    measures: list[str]  # Measure ids
    participants: list[dict[str, Any]]
    actions: list[dict[str, Any]]  # seq, what, owner, due, status
    next_review: str | None  # ISO time


@dataclass(frozen=True)
class CaseFileExport:
    """Everything the case file holds, and who took it out, when and why."""

    view: CaseView
    request: RequestDetails
    cpr: str  # in clear: the reader is the citizen, or the job centre that takes over
    job_centre: str  # its name
    consultant_name: str | None
    names: Mapping[int, str]  # consultants by id (the timeline names who a case went to)
    staircase_labels: Mapping[int, str]
    plan: Plan
    exported_at: datetime
    exported_by: str
    purpose: str

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "exported_at": self.exported_at.isoformat(),
            "exported_by": self.exported_by,
            "purpose": self.purpose,
            "job_centre": {"code": self.view.job_centre, "name": self.job_centre},
            "consultant": {"email": self.view.consultant, "name": self.consultant_name},
            "request": {
                "employee": {**asdict(self.request.employee), "cpr": self.cpr},
                "employer": self.request.employer,
                "leader": asdict(self.request.leader) if self.request.leader else None,
                "hr": asdict(self.request.hr) if self.request.hr else None,
                "cause_category": self.request.cause,
                "answers": dict(self.request.answers),
            },
            "plan": asdict(self.plan),
            "case": self.view.to_json(),
        }


def plan_of(view: CaseView) -> Plan:
    roundtable: Mapping[str, Any] = next(
        (e.effective_data for e in reversed(view.events) if e.kind == EventKind.ROUNDTABLE_HELD),
        {},
    )
    reviews = [s for s in view.steps if s.kind == StepKind.REVIEW and s.outstanding]
    return Plan(
        staircase_employee=view.staircase.employee,
        staircase_employer=view.staircase.employer,
        measures=list(roundtable.get("measures", [])),
        participants=[dict(p) for p in roundtable.get("participants", [])],
        actions=[
            {
                "seq": s.seq,
                "what": s.what,
                "owner": s.owner,
                "due": s.due.isoformat(),
                "status": s.status.value,
            }
            for s in sorted(view.steps, key=lambda s: s.seq)
            if s.kind == StepKind.ACTION
        ],
        next_review=reviews[0].due.isoformat() if reviews else None,
    )


def export_case_file(
    ctx: AppContext,
    reference: str,
    *,
    actor: Actor,
    as_of: datetime,
    purpose: str | None,
    format: ExportFormat,
    check: Callable[[CaseKey], None] | None = None,
) -> CaseFileExport:
    """The case file of `reference`, logged as an export (EXPORT, with the purpose the user
    stated: refused without one, nothing read) in the same transaction as the read. `check`
    raises when the actor may not see the case (nothing logged)."""
    stated = stated_purpose(purpose)
    with ctx.unit_of_work() as session:
        case = session.exec(
            select(Case).where(col(Case.reference) == reference.strip().upper())
        ).first()
        if case is None or case.id is None:
            raise Refused(f"Sagen {reference} findes ikke.")
        if check is not None:
            check(CaseKey(case.id, case.reference, case.job_centre_id))
        export = case_file_of(
            session, ctx.vault, case, exported_by=actor.label, as_of=as_of, purpose=stated
        )
        log(session, actor, AuditAction.EXPORT, as_of, case.id, f"sagsakt ({format})", stated)
        session.commit()
    return export


def case_file_of(
    session: Session,
    vault: CprVault,
    case: Case,
    *,
    exported_by: str,
    as_of: datetime,
    purpose: str,
) -> CaseFileExport:
    """The case file of `case`, read in the caller's transaction; the caller logs the export
    (`export_case_file`, or a transfer out of the installation: `services/transfer.py`)."""
    if case.anonymised_at is not None:
        raise Refused("Sagens personoplysninger er slettet; der er ingen sagsakt at udlevere.")
    view = view_of(session, vault, case)
    centre = session.get_one(JobCentre, case.job_centre_id)
    consultant = session.get(Consultant, case.consultant_id) if case.consultant_id else None
    cpr = vault.decrypt(case.cpr_encrypted)
    return CaseFileExport(
        view=view,
        request=request_details(case, vault),
        cpr=f"{cpr[:6]}-{cpr[6:]}",
        job_centre=centre.name,
        consultant_name=consultant.name if consultant else None,
        names={c.id: c.name for c in colleagues(session, case.job_centre_id)},
        staircase_labels=dict(policy_of(centre).staircase_steps),
        plan=plan_of(view),
        exported_at=as_of,
        exported_by=exported_by,
        purpose=purpose,
    )
