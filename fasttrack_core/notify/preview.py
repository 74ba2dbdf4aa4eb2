"""`fasttrack mail preview KIND --case REF`: a rendered message, shown and not sent."""

from __future__ import annotations

from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.errors import Refused
from fasttrack_core.models import Case, JobCentre, OutboxMessage
from fasttrack_core.notify.examples import example_context
from fasttrack_core.notify.kinds import EMAIL_KINDS
from fasttrack_core.notify.outbox import rendered
from fasttrack_core.notify.rendering import RenderedEmail, render_email
from fasttrack_core.presentation.links import case_link


def preview(ctx: AppContext, kind: str, reference: str) -> RenderedEmail:
    """The message of `kind` the case has had, as it was (or will be) sent; otherwise the template
    rendered for the case with example deadlines."""
    if kind not in EMAIL_KINDS:
        raise Refused(f"Ukendt beskedtype '{kind}'. Mulige: {', '.join(sorted(EMAIL_KINDS))}.")
    with ctx.unit_of_work() as session:
        found = session.exec(
            select(Case, JobCentre)
            .join(JobCentre, col(JobCentre.id) == col(Case.job_centre_id))
            .where(col(Case.reference) == reference)
        ).first()
        if found is None:
            raise Refused(f"Sagen {reference} findes ikke.")
        case, centre = found
        queued = session.exec(
            select(OutboxMessage)
            .where(col(OutboxMessage.case_id) == case.id, col(OutboxMessage.kind) == kind)
            .order_by(col(OutboxMessage.id).desc())
        ).first()
    if queued is not None:
        return rendered(queued)
    context = example_context(kind) | {
        "reference": case.reference,
        "job_centre": centre.name,
        "link": case_link(ctx.base_url, case.reference),
    }
    return render_email(kind, context)
