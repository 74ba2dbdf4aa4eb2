"""Who is told what in the monthly steering report (SPEC §7): the job centre's steering group, the
report as a PDF, and in the message only counts and the targets missed (no case data)."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session

from fasttrack_core.notify.kinds import MessageKind
from fasttrack_core.notify.outbox import Attachment, Outgoing, queue


def queue_steering_report(
    session: Session,
    *,
    key: str,
    job_centre: str,
    steering_emails: Sequence[str],
    base_url: str,
    period: str,
    filename: str,
    pdf: bytes,
    requests: float | None,
    missed: Sequence[str],
    now: datetime,
) -> None:
    """The report for `period` (its Danish label) to the steering group's addresses, once (the
    key)."""
    attachment = Attachment(
        filename, "application/pdf", base64.b64encode(pdf).decode("ascii"), encoding="base64"
    )
    message = Outgoing(
        kind=MessageKind.STEERING_REPORT,
        recipients=tuple(steering_emails),
        key=key,
        context={
            "job_centre": job_centre,
            "reference": "",
            "link": base_url,
            "period": period,
            "filename": filename,
            "requests": requests,
            "missed": list(missed),
        },
        attachments=(attachment,),
    )
    queue(session, [message], now)
