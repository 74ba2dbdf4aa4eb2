"""Paused cases (issue 14, item 4): resumed by the sweep on their resume date, and listed.

Pausing and resuming by hand are recorded events (`paused`, `resumed`) through
`services/recording.py`; what they do to the deadlines is `domain/pause.py`.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Select
from sqlalchemy import select as sa_select
from sqlmodel import col

from fasttrack_core.db import AppContext
from fasttrack_core.domain.calendar import local_date
from fasttrack_core.domain.vocabulary import CaseStatus, EventKind
from fasttrack_core.models import Case, Consultant, JobCentre
from fasttrack_core.services.assignment import SYSTEM_ACTOR
from fasttrack_core.services.audit import Actor
from fasttrack_core.services.recording import record_event

SWEEP_ACTOR = Actor("system:genoptagelse")


PausedRow = tuple[str, str | None, date | None, int | None, str, str, str]


def paused_cases() -> Select[PausedRow]:
    """The open cases paused now, with their consultant and job centre, the soonest to resume
    first: reference, reason code, resume date, consultant id, name and e-mail, job centre."""
    return (
        sa_select(
            col(Case.reference),
            col(Case.pause_reason),
            col(Case.resume_on),
            col(Consultant.id),
            col(Consultant.name),
            col(Consultant.email),
            col(JobCentre.name),
        )
        .join(Consultant, col(Consultant.id) == col(Case.consultant_id))
        .join(JobCentre, col(JobCentre.id) == col(Case.job_centre_id))
        .where(col(Case.resume_on).is_not(None), col(Case.status) != CaseStatus.CLOSED)
        .order_by(col(Case.resume_on), col(Case.reference))
    )


def resume_due(ctx: AppContext, *, as_of: datetime) -> list[str]:
    """Resume every case whose resume date has come by `as_of` (one transaction each, like a
    consultant's `resumed`, audited as the system's); return their references. Idempotent: a
    resumed case is no longer paused."""
    today = local_date(as_of)
    with ctx.unit_of_work() as session:
        due = session.execute(
            sa_select(col(Case.reference))
            .where(col(Case.resume_on) <= today, col(Case.status) != CaseStatus.CLOSED)
            .order_by(col(Case.resume_on), col(Case.reference))
        ).scalars()
        references = list(due)
    for reference in references:
        record_event(
            ctx,
            reference,
            EventKind.RESUMED,
            as_of,
            {"automatic": True},
            as_of=as_of,
            actor=SYSTEM_ACTOR,
            audit=SWEEP_ACTOR,
        )
    return references
