"""The weekly digest (SPEC §6): per consultant, what is due this week and what is overdue."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_
from sqlalchemy import select as sa_select
from sqlmodel import col

from fasttrack_core.db import Context
from fasttrack_core.domain.calendar import end_of_day, local_date
from fasttrack_core.domain.vocabulary import OUTSTANDING, STEP_LABELS, StepKind, StepStatus
from fasttrack_core.models import Case, Consultant, JobCentre, Step
from fasttrack_core.notify.outbox import Outgoing, queue


def queue_weekly_digests(ctx: Context, now: datetime) -> int:
    """Queue one digest per consultant with open work for the week of `now`; return how many.

    Once per consultant and ISO week, however often it runs.
    """
    today = local_date(now)
    week_start = today - timedelta(days=today.weekday())
    week_end = end_of_day(week_start + timedelta(days=6))
    year, week, _ = today.isocalendar()
    query = (
        sa_select(
            col(Step.kind),
            col(Step.seq),
            col(Step.due_at),
            col(Step.status),
            col(Case.reference),
            col(Consultant.id),
            col(Consultant.name),
            col(Consultant.email),
            col(JobCentre.name),
        )
        .join(Case, col(Case.id) == col(Step.case_id))
        .join(Consultant, col(Consultant.id) == col(Case.consultant_id))
        .join(JobCentre, col(JobCentre.id) == col(Case.job_centre_id))
        .where(
            col(Step.status).in_(OUTSTANDING),
            or_(col(Step.status) == StepStatus.OVERDUE, col(Step.due_at) <= week_end),
        )
        .order_by(col(Step.due_at))
    )
    work: dict[int, dict[str, Any]] = defaultdict(lambda: {"due_this_week": [], "overdue": []})
    with ctx.unit_of_work() as session:
        for (
            kind,
            seq,
            due_at,
            status,
            reference,
            consultant_id,
            name,
            email,
            centre,
        ) in session.execute(query).all():
            entry = work[consultant_id]
            entry.update(consultant_name=name, email=email, job_centre=centre)
            label = STEP_LABELS[StepKind(kind)]
            if kind in (StepKind.ACTION, StepKind.REVIEW):
                label = f"{label} {seq}"
            item = {
                "reference": reference,
                "step_label": label,
                "due": due_at,
                "link": f"{ctx.base_url}/sager/{reference}",
            }
            bucket = "overdue" if status == StepStatus.OVERDUE or due_at < now else "due_this_week"
            entry[bucket].append(item)
        messages = [
            Outgoing(
                kind="weekly_digest",
                recipients=(entry["email"],),
                key=f"digest:{consultant_id}:{year}-W{week:02d}",
                context={
                    "reference": "",
                    "job_centre": entry["job_centre"],
                    "link": f"{ctx.base_url}/opgaver",
                    "consultant_name": entry["consultant_name"],
                    "week": week,
                    "due_this_week": entry["due_this_week"],
                    "overdue": entry["overdue"],
                },
            )
            for consultant_id, entry in sorted(work.items())
        ]
        queue(session, messages, now)
        session.commit()
    return len(messages)
