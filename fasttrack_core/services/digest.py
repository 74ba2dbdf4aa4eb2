"""The weekly digest (SPEC §6): per consultant, what is due this week and what is overdue."""

from __future__ import annotations

from datetime import datetime

from fasttrack_core.db import AppContext
from fasttrack_core.domain.calendar import local_date
from fasttrack_core.presentation.danish import step_label
from fasttrack_core.services.notices.digest import (
    ConsultantWeek,
    DigestItem,
    PausedItem,
    queue_weekly_digest_notices,
)
from fasttrack_core.services.pause import paused_cases
from fasttrack_core.services.workload import due_steps, end_of_week, is_overdue


def queue_weekly_digests(ctx: AppContext, *, as_of: datetime) -> int:
    """Queue one digest per consultant with open work (or paused cases, listed apart) for the
    week of `as_of`; return how many.

    Once per consultant and ISO week, however often it runs.
    """
    today = local_date(as_of)
    year, week, _ = today.isocalendar()
    weeks: dict[int, ConsultantWeek] = {}
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
        ) in session.execute(due_steps(end_of_week(today))).tuples():
            work = weeks.setdefault(consultant_id, ConsultantWeek(name, email, centre))
            item = DigestItem(reference, step_label(kind, seq), due_at)
            (work.overdue if is_overdue(status, due_at, as_of) else work.due_this_week).append(item)
        for reference, _reason, resume_on, consultant_id, name, email, centre in session.execute(
            paused_cases()
        ).tuples():
            work = weeks.setdefault(consultant_id, ConsultantWeek(name, email, centre))
            if resume_on is not None:
                work.paused.append(PausedItem(reference, resume_on))
        queued = queue_weekly_digest_notices(session, weeks, (year, week), ctx.base_url, as_of)
        session.commit()
    return queued
