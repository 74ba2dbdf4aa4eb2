"""Who is told what in the weekly digest (SPEC §6): each consultant, their own week."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from fasttrack_core.notify.kinds import MessageKind
from fasttrack_core.notify.outbox import Outgoing, queue
from fasttrack_core.presentation.links import case_link, tasks_link


@dataclass(frozen=True)
class DigestItem:
    reference: str
    step_label: str
    due: datetime


@dataclass(frozen=True)
class PausedItem:
    """A paused case: its reason is health data, so the email names only the resume date."""

    reference: str
    resume_on: date


@dataclass
class ConsultantWeek:
    """One consultant's week: what is due in it, and what is already overdue."""

    name: str
    email: str
    job_centre: str
    due_this_week: list[DigestItem] = field(default_factory=list)
    overdue: list[DigestItem] = field(default_factory=list)
    paused: list[PausedItem] = field(default_factory=list)  # shown apart: no deadlines run


def queue_weekly_digest_notices(
    session: Session,
    weeks: Mapping[int, ConsultantWeek],
    iso_week: tuple[int, int],
    base_url: str,
    now: datetime,
) -> int:
    """One digest to each consultant (by id in `weeks`) for the ISO week (year, week), linking
    their task list and each case; once per consultant and week (the key). Returns how many."""
    year, week = iso_week
    messages = [
        Outgoing(
            kind=MessageKind.WEEKLY_DIGEST,
            recipients=(work.email,),
            key=f"digest:{consultant_id}:{year}-W{week:02d}",
            context={
                "reference": "",
                "job_centre": work.job_centre,
                "link": tasks_link(base_url),
                "consultant_name": work.name,
                "week": week,
                "due_this_week": [_item(i, base_url) for i in work.due_this_week],
                "overdue": [_item(i, base_url) for i in work.overdue],
                "paused": [
                    {
                        "reference": p.reference,
                        "resume_on": p.resume_on,
                        "link": case_link(base_url, p.reference),
                    }
                    for p in work.paused
                ],
            },
        )
        for consultant_id, work in sorted(weeks.items())
    ]
    queue(session, messages, now)
    return len(messages)


def _item(item: DigestItem, base_url: str) -> dict[str, Any]:
    return {
        "reference": item.reference,
        "step_label": item.step_label,
        "due": item.due,
        "link": case_link(base_url, item.reference),
    }
