"""Who is told of an absence alert (issue 16): the leader the absence file names, by the
employer's own employee number and workplace only (no dates of absence, no cause), with a
personal link to answer and links to the talk, the screening and the request form."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from fasttrack_core.domain.absence_rules import AlertRule, AlertRules
from fasttrack_core.domain.calendar import end_of_day
from fasttrack_core.notify.kinds import MessageKind
from fasttrack_core.notify.outbox import queue_message
from fasttrack_core.presentation.links import (
    REQUEST_FORM_PATH,
    SCREENING_PATH,
    TALK_PATH,
    alert_answer_link,
)


def queue_absence_alert(
    session: Session,
    *,
    reference: str,
    job_centre: str,
    leader_email: str,
    token: str,
    employee_ref: str,
    workplace: str,
    rule: AlertRule,
    rules: AlertRules,
    answer_due: date,
    base_url: str,
    now: datetime,
) -> None:
    queue_message(
        session,
        dedupe_key=f"{MessageKind.ABSENCE_ALERT}:{reference}",
        kind=MessageKind.ABSENCE_ALERT,
        recipients=[leader_email],
        context={
            "reference": reference,
            "job_centre": job_centre,
            "link": alert_answer_link(base_url, token),
            "employee_ref": employee_ref,
            "workplace": workplace,
            "rule": rule.value,
            "days": rules.consecutive_days,
            "spells": rules.spells,
            "months": rules.window_months,
            "answer_due": end_of_day(answer_due),
            "screening_link": base_url + SCREENING_PATH,
            "talk_link": base_url + TALK_PATH,
            "request_link": base_url + REQUEST_FORM_PATH,
        },
        now=now,
    )
