"""A realistic example context for every message kind: `fasttrack mail preview` renders a kind the
case has not had with it, and the template tests render every kind with it.

The contexts carry exactly the keys the templates in `templates/emails/` need and nothing about
the employee: no CPR number, no name, no cause, no answers (GDPR art. 9; SPEC §6).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, assert_never

from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.notify.kinds import MessageKind
from fasttrack_core.presentation.links import case_link, public_info_link, tasks_link


def _at(day: int, hour: int = 23, minute: int = 59, month: int = 4) -> datetime:
    """A moment in 2026, Danish time; by default the end of the day (a deadline "on" a day)."""
    second = 59 if (hour, minute) == (23, 59) else 0
    return datetime(2026, month, day, hour, minute, second, tzinfo=COPENHAGEN)


BASE_URL = "https://fasttrack.ishoj.dk"
REFERENCE = "FT-2026-000123"
CONCERN_REFERENCE = "FB-2026-000042"  # a concern (Fast track on concern; no case page)

# The example case: requested on Tuesday 7 April 2026 (the day after Easter Monday).
ANSWER_DUE = _at(9)  # 2 bank days after the notice
FIRST_FOLLOWUP_DUE = _at(21)  # 14 days after the request
STATEMENT_DUE = _at(21)
ROUNDTABLE_DUE = _at(28)  # 7 days after the first talk


# The employee's personal link (issue 15): an example token, never a real one.
EXAMPLE_TOKEN = "eksempel-personligt-link-0000000000000000000"
PUBLIC_LINK = public_info_link(BASE_URL)


def _case_link(reference: str = REFERENCE) -> str:
    return case_link(BASE_URL, reference)


def _kind_context(kind: MessageKind) -> dict[str, Any]:
    match kind:
        case MessageKind.CASE_ASSIGNED:
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
        case MessageKind.CASE_MOVED:
            return {
                "consultant_name": "Mette Larsen",
                "how": "taken_over",
                "steps": [
                    {"label": "Første opfølgningssamtale", "due": FIRST_FOLLOWUP_DUE},
                    {"label": "Rundbordssamtale", "due": ROUNDTABLE_DUE},
                ],
            }
        case MessageKind.CASE_HANDED_BACK:
            return {"consultant_name": "Mette Larsen"}
        case MessageKind.CALL_EMPLOYEE:
            return {"due": ANSWER_DUE}
        case MessageKind.BOOK_FOLLOWUP:
            return {"due": FIRST_FOLLOWUP_DUE, "declined": False}
        case MessageKind.REQUEST_DOCTOR_STATEMENT:
            return {"due": STATEMENT_DUE}
        case MessageKind.BOOK_ROUNDTABLE:
            return {"due": ROUNDTABLE_DUE, "specialist": "psykolog", "empowerment_due": _at(27)}
        case MessageKind.REVIEW_DUE:
            return {"due": _at(26, month=5), "review_number": 1}
        case MessageKind.ACTION_DUE:
            return {"due": _at(12, month=5), "action_number": 2, "owner_role": "lederen"}
        case MessageKind.REMINDER:
            return {"step_label": "Første opfølgningssamtale", "due": FIRST_FOLLOWUP_DUE}
        case MessageKind.OVERDUE_ESCALATION:
            return {
                "step_label": "Rundbordssamtale",
                "due": ROUNDTABLE_DUE,
                "consultant_name": "Mette Larsen",
            }
        case MessageKind.WEEKLY_DIGEST:
            return {
                "reference": "",
                "link": tasks_link(BASE_URL),
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
                "paused": [
                    {
                        "reference": "FT-2026-000077",
                        "resume_on": _at(30).date(),
                        "link": _case_link("FT-2026-000077"),
                    }
                ],
            }
        case MessageKind.EMPLOYEE_NOTICE:
            return {
                "link": f"{BASE_URL}/borger/{EXAMPLE_TOKEN}",
                "info_link": PUBLIC_LINK,
                "personal": True,
                "answer_due": ANSWER_DUE,
                "first_followup_due": FIRST_FOLLOWUP_DUE,
                "requested_by_employer": True,
                "declined": False,
            }
        case MessageKind.LEADER_RECEIPT:
            return {"link": PUBLIC_LINK, "first_followup_due": FIRST_FOLLOWUP_DUE}
        case MessageKind.MEETING_INVITATION:
            return {
                "link": PUBLIC_LINK,
                "meeting": "første opfølgningssamtale",
                "starts_at": _at(16, 10, 0),
                "minutes": 60,
                "location": "Jobcenter Ishøj, Ishøj Store Torv 20, 2635 Ishøj",
                "change": "new",
            }
        case MessageKind.DELIVERY_FAILED:
            return {
                "outbox_id": 4711,
                "kind": MessageKind.EMPLOYEE_NOTICE,
                "error": "550 5.1.1 Recipient address rejected: User unknown in virtual mailbox",
                "link": f"{BASE_URL}/admin/udbakke/4711",
            }
        case MessageKind.FLOW_FAILED:
            return {
                "job_centre": "Jobcenter Ishøj",
                "link": "http://127.0.0.1:4200/runs/flow-run/0b6f3c1e-5d7a-4c1e-9f1a-2b3c4d5e6f70",
                "flow": "intake",
                "run_name": f"intake {REFERENCE}",
                "state": "Failed",
                "failed_at": _at(7, 10, 15),
                "error_type": "OperationalError",
            }
        case MessageKind.STEERING_REPORT:
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
        case MessageKind.OPERATIONS_ALERT:
            return {
                "reference": "",
                "link": "http://127.0.0.1:4200/artifacts/key/watchdog",
                "checked_at": _at(7, 10, 15),
                "reminder": False,
                "problems": [
                    {
                        "title": "E-mails venter",
                        "detail": "37 e-mails venter; den ældste har ventet 95 minutter "
                        "(grænse 60).",
                        "since": _at(7, 10, 0),
                    },
                    {
                        "title": "Planlagt kørsel udeblevet: sweep",
                        "detail": "Ingen gennemført kørsel af sweep siden 7. apr. kl. 8.55 "
                        "(planen */5 * * * *).",
                        "since": _at(7, 9, 30),
                    },
                ],
            }
        case MessageKind.ABSENCE_ALERT:
            return {
                "reference": "FA-2026-000017",
                "link": f"{BASE_URL}/leder/fravaersalarm/eksempel-token",
                "employee_ref": "L-20417",
                "workplace": "Ældreplejen Vest",
                "rule": "consecutive_days",
                "days": 7,
                "spells": 3,
                "months": 3,
                "answer_due": _at(10),
                "screening_link": f"{BASE_URL}/leder/screening",
                "talk_link": f"{BASE_URL}/leder/sygefravaerssamtale",
                "request_link": f"{BASE_URL}/anmodning",
            }
        case MessageKind.CONCERN_ASSIGNED:
            return {
                "reference": CONCERN_REFERENCE,
                "link": tasks_link(BASE_URL),
                "consultant_name": "Mette Larsen",
                "steps": [
                    {"label": "Kontakt til medarbejderen (bekymring)", "due": _at(9)},
                    {"label": "Samtale (bekymring)", "due": _at(14)},
                    {"label": "Aftalt indsats (bekymring)", "due": _at(28)},
                ],  # a concern that came on 7 April
            }
        case MessageKind.CONCERN_REMINDER:
            return {
                "reference": CONCERN_REFERENCE,
                "link": tasks_link(BASE_URL),
                "step_label": "Samtale (bekymring)",
                "due": _at(14),  # 7 days after the concern came on 7 April
            }
        case MessageKind.CONCERN_ESCALATION:
            return {
                "reference": CONCERN_REFERENCE,
                "link": tasks_link(BASE_URL),
                "step_label": "Kontakt til medarbejderen (bekymring)",
                "due": _at(9),  # 2 working days after the concern came on 7 April
                "consultant_name": "Mette Larsen",
            }
    assert_never(kind)


def example_context(kind: str) -> dict[str, Any]:
    """A realistic context for `kind` (a fresh dict each call); KeyError for an unknown kind."""
    try:
        known = MessageKind(kind)
    except ValueError:
        raise KeyError(kind) from None
    common: dict[str, Any] = {"reference": REFERENCE, "job_centre": "Jobcenter Ishøj"}
    return {**common, "link": _case_link(), **_kind_context(known)}
