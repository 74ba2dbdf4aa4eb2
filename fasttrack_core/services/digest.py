"""The weekly digest (SPEC §6): per consultant, what is due this week and what is overdue."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from fasttrack_core.db import AppContext
from fasttrack_core.domain.calendar import local_date
from fasttrack_core.notify.outbox import Outgoing, queue
from fasttrack_core.services.workload import due_steps, end_of_week, is_overdue, step_label


def queue_weekly_digests(ctx: AppContext, *, as_of: datetime) -> int:
    """Queue one digest per consultant with open work for the week of `as_of`; return how many.

    Once per consultant and ISO week, however often it runs.
    """
    today = local_date(as_of)
    week_end = end_of_week(today)
    year, week, _ = today.isocalendar()
    query = due_steps(week_end)
    work: dict[int, dict[str, Any]] = defaultdict(lambda: {"due_this_week": [], "overdue": []})
    with ctx.unit_of_work() as session:
        for (
            kind,
            seq,
            due_at,
            status,
            _title,
            reference,
            consultant_id,
            name,
            email,
            centre,
        ) in session.execute(query).tuples():
            entry = work[consultant_id]
            entry.update(consultant_name=name, email=email, job_centre=centre)
            item = {
                "reference": reference,
                "step_label": step_label(kind, seq),
                "due": due_at,
                "link": f"{ctx.base_url}/sager/{reference}",
            }
            bucket = "overdue" if is_overdue(status, due_at, as_of) else "due_this_week"
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
        queue(session, messages, as_of)
        session.commit()
    return len(messages)
