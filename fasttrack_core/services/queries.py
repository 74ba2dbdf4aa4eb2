"""Read models: a case as the CLI and other systems see it (no clear-text CPR)."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.identifiers import mask_cpr
from fasttrack_core.errors import Refused
from fasttrack_core.models import Case, Consultant, Event, JobCentre, Step


def case_view(ctx: AppContext, reference: str) -> dict[str, Any]:
    with ctx.unit_of_work() as session:
        case = session.exec(select(Case).where(col(Case.reference) == reference)).first()
        if case is None:
            raise Refused(f"Sagen {reference} findes ikke.")
        consultant = session.get(Consultant, case.consultant_id) if case.consultant_id else None
        centre = session.get_one(JobCentre, case.job_centre_id)
        steps = session.exec(
            select(Step)
            .where(col(Step.case_id) == case.id)
            .order_by(col(Step.due_at), col(Step.id))
        )
        events = session.exec(
            select(Event)
            .where(col(Event.case_id) == case.id)
            .order_by(col(Event.occurred_at), col(Event.id))
        )
        return {
            "case": case.reference,
            "status": case.status,
            "job_centre": centre.municipality_code,
            "consultant": consultant.email if consultant else None,
            "employee": {
                "name": case.employee_name,
                "cpr": mask_cpr(ctx.vault.decrypt(case.cpr_encrypted)),
            },
            "requested_by": case.requested_by,
            "channel": case.channel,
            "requested_at": case.requested_at.isoformat(),
            "first_absence_day": case.first_absence_day.isoformat(),
            "staircase": {
                "employee": case.staircase_employee,
                "employer": case.staircase_employer,
            },
            "partial_return_hours": case.partial_return_hours,
            "outcome": case.outcome,
            "closed_at": case.closed_at.isoformat() if case.closed_at else None,
            "steps": [
                {
                    "kind": s.kind,
                    "seq": s.seq,
                    "due": s.due_at.isoformat(),
                    "status": s.status,
                    "scheduled_at": s.scheduled_at.isoformat() if s.scheduled_at else None,
                    "completed_at": s.completed_at.isoformat() if s.completed_at else None,
                    **({"owner": s.owner, "what": s.title} if s.title else {}),
                }
                for s in steps
            ],
            "events": [
                {
                    "kind": e.kind,
                    "at": e.occurred_at.isoformat(),
                    "recorded_at": e.recorded_at.isoformat(),
                    "actor": e.actor,
                    "data": e.data,
                }
                for e in events
            ],
        }
