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
    "flow_failed": "Besked til administrator: en automatisk kørsel (Prefect-flow) fejlede",
    "steering_report": "Månedens statusrapport til styregruppen, vedhæftet som PDF",
}


def _at(day: int, hour: int = 23, minute: int = 59, month: int = 4) -> datetime:
    """A moment in 2026, Danish time; by default the end of the day (a deadline "on" a day)."""
    second = 59 if (hour, minute) == (23, 59) else 0
    return datetime(2026, month, day, hour, minute, second, tzinfo=COPENHAGEN)


BASE_URL = "https://fasttrack.ishoj.dk"
REFERENCE = "FT-2026-000123"

# The example case: requested on Tuesday 7 April 2026 (the day after Easter Monday).
ANSWER_DUE = _at(9)  # 2 bank days after the notice
FIRST_FOLLOWUP_DUE = _at(21)  # 14 days after the request
STATEMENT_DUE = _at(21)
ROUNDTABLE_DUE = _at(28)  # 7 days after the first talk


# The web page about Fast track: where messages to employees, leaders and other participants
# link (the case page needs a job centre sign-in).
PUBLIC_INFO_PATH = "/om-fast-track"


def _case_link(reference: str = REFERENCE) -> str:
    return f"{BASE_URL}/sager/{reference}"


def _kind_context(kind: str) -> dict[str, Any]:
    match kind:
        case "case_assigned":
            return {
                "consultant_name": "Mette Larsen",
                "steps": [
                    {"label": "Borgerens accept", "due": ANSWER_DUE},
                    {"label": "Lægeattest", "due": STATEMENT_DUE},
                    {"label": "Første opfølgningssamtale", "due": FIRST_FOLLOWUP_DUE},
                    {"label": "Rundbordssamtale", "due": ROUNDTABLE_DUE},
                ],
                "suggested_specialist": "fysioterapeut",
            }
        case "call_employee":
            return {"due": ANSWER_DUE}
        case "book_followup":
            return {"due": FIRST_FOLLOWUP_DUE, "declined": False}
        case "request_doctor_statement":
            return {"due": STATEMENT_DUE}
        case "book_roundtable":
            return {"due": ROUNDTABLE_DUE, "specialist": "psykolog", "empowerment_due": _at(27)}
        case "review_due":
            return {"due": _at(26, month=5), "review_number": 1}
        case "action_due":
            return {"due": _at(12, month=5), "action_number": 2, "owner_role": "lederen"}
        case "reminder":
            return {"step_label": "Første opfølgningssamtale", "due": FIRST_FOLLOWUP_DUE}
        case "overdue_escalation":
            return {
                "step_label": "Rundbordssamtale",
                "due": ROUNDTABLE_DUE,
                "consultant_name": "Mette Larsen",
            }
        case "weekly_digest":
            return {
                "reference": "",
                "link": f"{BASE_URL}/opgaver",
                "consultant_name": "Mette Larsen",
                "week": 17,
                "due_this_week": [
                    {
                        "reference": REFERENCE,
                        "step_label": "Første opfølgningssamtale",
                        "due": FIRST_FOLLOWUP_DUE,
                        "link": _case_link(),
                    },
                    {
                        "reference": "FT-2026-000131",
                        "step_label": "Rundbordssamtale",
                        "due": _at(23, 13, 0),
                        "link": _case_link("FT-2026-000131"),
                    },
                ],
                "overdue": [
                    {
                        "reference": "FT-2026-000098",
                        "step_label": "Lægeattest",
                        "due": _at(17),
                        "link": _case_link("FT-2026-000098"),
                    }
                ],
            }
        case "employee_notice":
            return {
                "link": BASE_URL + PUBLIC_INFO_PATH,
                "answer_due": ANSWER_DUE,
                "first_followup_due": FIRST_FOLLOWUP_DUE,
                "requested_by_employer": True,
            }
        case "leader_receipt":
            return {"link": BASE_URL + PUBLIC_INFO_PATH, "first_followup_due": FIRST_FOLLOWUP_DUE}
        case "meeting_invitation":
            return {
                "link": BASE_URL + PUBLIC_INFO_PATH,
                "meeting": "første opfølgningssamtale",
                "starts_at": _at(16, 10, 0),
                "minutes": 60,
                "location": "Jobcenter Ishøj, Ishøj Store Torv 20, 2635 Ishøj",
                "change": "new",
            }
        case "delivery_failed":
            return {
                "outbox_id": 4711,
                "kind": "employee_notice",
                "error": "550 5.1.1 Recipient address rejected: User unknown in virtual mailbox",
                "link": f"{BASE_URL}/admin/udbakke/4711",
            }
        case "flow_failed":
            return {
                "job_centre": "Jobcenter Ishøj",
                "link": "http://127.0.0.1:4200/runs/flow-run/0b6f3c1e-5d7a-4c1e-9f1a-2b3c4d5e6f70",
                "flow": "intake",
                "run_name": f"intake {REFERENCE}",
                "state": "Failed",
                "failed_at": _at(7, 10, 15),
                "error_type": "OperationalError",
            }
        case "steering_report":
            return {
                "reference": "",
                "link": BASE_URL,
                "period": "marts 2026",
                "filename": "fasttrack-styringsrapport-183-2026-03-01-2026-03-31.pdf",
                "requests": 42,
                "missed": [
                    "Første samtale senest 14 dage efter anmodningen: 90 % · Mål: 100 % (lovkrav)"
                ],
            }
    raise KeyError(kind)


def example_context(kind: str) -> dict[str, Any]:
    """A realistic context for `kind` (a fresh dict each call); KeyError for an unknown kind."""
    if kind not in EMAIL_KINDS:
        raise KeyError(kind)
    common: dict[str, Any] = {"reference": REFERENCE, "job_centre": "Jobcenter Ishøj"}
    return {**common, "link": _case_link(), **_kind_context(kind)}
