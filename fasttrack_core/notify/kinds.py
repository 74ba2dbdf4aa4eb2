"""The email kinds (SPEC §6): a one-line Danish description and a realistic example context each.

The example contexts carry exactly the keys the templates in `templates/emails/` need and nothing
about the employee: no CPR number, no name, no cause, no answers (GDPR art. 9; SPEC §6). The CLI
uses them for `fasttrack mail preview`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fasttrack_core.domain.calendar import COPENHAGEN

EMAIL_KINDS: dict[str, str] = {
    "case_assigned": "Ny Fast track-sag er tildelt konsulenten, med sagens frister",
    "call_employee": "Konsulenten skal ringe til medarbejderen og høre, om Fast track tages imod",
    "book_followup": "Konsulenten skal booke den første opfølgningssamtale inden fristen",
    "request_doctor_statement": "Konsulenten skal bede medarbejderen gå til egen læge (lægeattest)",
    "book_roundtable": "Konsulenten skal booke rundbordssamtalen med arbejdsplads og medarbejder",
    "review_due": "En opfølgning på planen for tilbagevenden skal holdes inden fristen",
    "action_due": "En aftalt handling i planen for tilbagevenden har frist",
    "reminder": "Påmindelse til konsulenten om et trin med snarlig frist",
    "overdue_escalation": "Eskalering til teamlederen: et trin har overskredet sin frist",
    "weekly_digest": "Ugens overblik til konsulenten: frister i denne uge og overskredne frister",
    "employee_notice": "Besked til medarbejderen om anmodningen om Fast track og det videre forløb",
    "leader_receipt": "Kvittering til leder og HR for modtaget anmodning om Fast track",
    "meeting_invitation": "Mødeindkaldelse (ny, flyttet eller aflyst) til en deltager",
    "delivery_failed": "Besked til administrator: en e-mail kunne ikke leveres",
}


def _at(day: int, hour: int = 12, minute: int = 0, month: int = 4) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=COPENHAGEN)


def _case_link(reference: str = "FT-2026-000123") -> str:
    return f"https://fasttrack.ishoj.dk/sager/{reference}"


def example_context(kind: str) -> dict[str, Any]:
    """A realistic context for `kind` (a fresh dict each call); KeyError for an unknown kind."""
    if kind not in EMAIL_KINDS:
        raise KeyError(kind)
    common: dict[str, Any] = {
        "reference": "FT-2026-000123",
        "job_centre": "Jobcenter Ishøj",
        "link": _case_link(),
    }
    extra: dict[str, Any]
    if kind == "delivery_failed":
        extra = {
            "outbox_id": 4711,
            "kind": "employee_notice",
            "error": "550 5.1.1 Recipient address rejected: User unknown in virtual mailbox table",
            "link": "https://fasttrack.ishoj.dk/admin/udbakke/4711",
        }
    else:
        raise KeyError(kind)
    return {**common, **extra}
