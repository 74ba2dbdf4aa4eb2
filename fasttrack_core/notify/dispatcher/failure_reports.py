"""Failure reports: a `delivery_failed` message to the job centre's administrator for each message
that failed (never about a `delivery_failed` message: that is only logged)."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlmodel import Session, col, select

from fasttrack_core.models import Case, JobCentre
from fasttrack_core.notify.dispatcher.claims import Claimed
from fasttrack_core.notify.outbox import queue_message
from fasttrack_core.notify.rendering import redact
from fasttrack_core.settings import Settings

log = logging.getLogger(__name__)

DELIVERY_FAILED = "delivery_failed"


def report_failures(
    session: Session, settings: Settings, now: datetime, failed: list[tuple[Claimed, str]]
) -> int:
    """Queue one `delivery_failed` per failed message, to its job centre's administrator."""
    for row, _ in failed:
        if row.kind == DELIVERY_FAILED:
            log.error("outbox %s (%s): not reported (it is a failure report)", row.id, row.kind)
    failed = [(row, error) for row, error in failed if row.kind != DELIVERY_FAILED]
    if not failed:
        return 0
    cases = _centres_of(session, {row.case_id for row, _ in failed if row.case_id is not None})
    reported = 0
    for row, error in failed:
        reference, centre, admin = cases.get(row.case_id or -1, (None, "Jobcentret", None))
        try:
            queue_message(
                session,
                dedupe_key=f"{DELIVERY_FAILED}:{row.id}",
                kind=DELIVERY_FAILED,
                recipients=[admin or settings.admin_email],
                context={
                    "reference": reference,
                    "job_centre": centre,
                    "link": settings.base_url,
                    "outbox_id": row.id,
                    "kind": row.kind,
                    "error": redact(error),
                },
                now=now,
                case_id=row.case_id,
            )
        except Exception as exc:  # a broken template must not undo the recorded failure
            log.error(
                "outbox %s (%s): could not queue %s (%s)",
                row.id,
                row.kind,
                DELIVERY_FAILED,
                type(exc).__name__,
            )
            continue
        reported += 1
    return reported


def _centres_of(
    session: Session, case_ids: set[int]
) -> dict[int, tuple[str | None, str, str | None]]:
    """Case id -> (case reference, job centre name, the centre's admin address)."""
    cases: dict[int, tuple[str | None, str, str | None]] = {}
    if case_ids:
        query = (
            select(col(Case.id), col(Case.reference), col(JobCentre.name), JobCentre.admin_email)
            .join(JobCentre, col(JobCentre.id) == col(Case.job_centre_id))
            .where(col(Case.id).in_(case_ids))
        )
        for case_id, case_reference, centre_name, admin_email in session.exec(query):
            cases[case_id or 0] = (case_reference, centre_name, admin_email)
    return cases
