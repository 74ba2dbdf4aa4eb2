"""The monthly delivery: each job centre with steering group addresses gets its report as a PDF
through the outbox, once per period (a re-run finds the key and neither renders nor queues)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import col

from fasttrack_core.db import AppContext
from fasttrack_core.models import JobCentre, OutboxMessage
from fasttrack_core.notify.kinds import MessageKind
from fasttrack_core.reporting.document import render
from fasttrack_core.reporting.figures import steering_figures
from fasttrack_core.reporting.periods import Period, Scope
from fasttrack_core.services.notices.steering import queue_steering_report


@dataclass(frozen=True)
class QueuedReport:
    municipality: str
    queued: bool  # False: it was queued by an earlier run
    requests: int | None


def report_key(municipality: str, period: Period) -> str:
    return f"{MessageKind.STEERING_REPORT}:{municipality}:{period.first}:{period.last}"


def report_filename(municipality: str, period: Period) -> str:
    return f"fasttrack-styringsrapport-{municipality}-{period.first}-{period.last}.pdf"


def queue_steering_reports(
    ctx: AppContext, period: Period, *, as_of: datetime
) -> list[QueuedReport]:
    """Render and queue the PDF for every job centre with steering addresses, once per period."""
    with ctx.unit_of_work() as session:
        centres = [
            (code, name, list(emails))
            for code, name, emails in session.execute(
                select(
                    col(JobCentre.municipality_code),
                    col(JobCentre.name),
                    col(JobCentre.steering_emails),
                ).order_by(col(JobCentre.municipality_code))
            )
            if emails
        ]
        known = set(
            session.execute(
                select(col(OutboxMessage.dedupe_key)).where(
                    col(OutboxMessage.dedupe_key).in_(
                        [report_key(c, period) for c, _, _ in centres]
                    )
                )
            ).scalars()
        )
    done = []
    for code, name, emails in centres:
        key = report_key(code, period)
        if key in known:
            done.append(QueuedReport(code, False, None))
            continue
        figures = steering_figures(ctx, period, Scope(municipality=code))
        pdf = render(figures, "pdf", as_of)
        missed = [
            f"{r.kpi.label}: {r.shown} · {r.kpi.target_text}" for r in figures.rows() if r.missed
        ]
        filename = report_filename(code, period)
        with ctx.unit_of_work() as session:
            queue_steering_report(
                session,
                key=key,
                job_centre=name,
                steering_emails=emails,
                base_url=ctx.base_url,
                period=period.label(),
                filename=filename,
                pdf=pdf,
                requests=figures.current.values["requests"],
                missed=missed,
                now=as_of,
            )
            session.commit()
        requests = figures.current.values["requests"]
        done.append(QueuedReport(code, True, int(requests) if requests is not None else None))
    return done
