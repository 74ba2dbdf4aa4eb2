"""The message kinds (SPEC §6): one per template in `templates/emails/`, each with a one-line
Danish description (the `delivery_failed` email names the kind that failed with it).

Who receives which kind, and with what context, is decided in `fasttrack_core.services.notices`;
example contexts for previews are in `fasttrack_core.notify.examples`.
"""

from __future__ import annotations

from enum import StrEnum


class MessageKind(StrEnum):
    CASE_ASSIGNED = "case_assigned"
    CASE_MOVED = "case_moved"
    CASE_HANDED_BACK = "case_handed_back"
    CALL_EMPLOYEE = "call_employee"
    BOOK_FOLLOWUP = "book_followup"
    REQUEST_DOCTOR_STATEMENT = "request_doctor_statement"
    BOOK_ROUNDTABLE = "book_roundtable"
    REVIEW_DUE = "review_due"
    ACTION_DUE = "action_due"
    REMINDER = "reminder"
    OVERDUE_ESCALATION = "overdue_escalation"
    WEEKLY_DIGEST = "weekly_digest"
    EMPLOYEE_NOTICE = "employee_notice"
    LEADER_RECEIPT = "leader_receipt"
    MEETING_INVITATION = "meeting_invitation"
    DELIVERY_FAILED = "delivery_failed"
    FLOW_FAILED = "flow_failed"
    STEERING_REPORT = "steering_report"
    OPERATIONS_ALERT = "operations_alert"
    ABSENCE_ALERT = "absence_alert"
    CONCERN_ASSIGNED = "concern_assigned"
    CONCERN_REMINDER = "concern_reminder"
    CONCERN_ESCALATION = "concern_escalation"


# Keyed by kind; a plain string finds its kind too (a StrEnum member is its value).
EMAIL_KINDS: dict[str, str] = {
    MessageKind.CASE_ASSIGNED: "Ny Fast track-sag er tildelt konsulenten, med sagens frister",
    MessageKind.CASE_MOVED: (
        "En sag er flyttet til konsulenten (overtaget, tildelt eller fra et andet "
        "jobcenter), med sagens frister"
    ),
    MessageKind.CASE_HANDED_BACK: "Besked til teamlederen: en konsulent har lagt en sag i køen",
    MessageKind.CALL_EMPLOYEE: (
        "Konsulenten skal ringe til medarbejderen og høre, om Fast track tages imod"
    ),
    MessageKind.BOOK_FOLLOWUP: "Konsulenten skal booke den første opfølgningssamtale inden fristen",
    MessageKind.REQUEST_DOCTOR_STATEMENT: (
        "Konsulenten skal bede medarbejderen gå til egen læge (lægeattest)"
    ),
    MessageKind.BOOK_ROUNDTABLE: (
        "Konsulenten skal booke rundbordssamtalen med arbejdsplads og medarbejder"
    ),
    MessageKind.REVIEW_DUE: "En opfølgning på planen for tilbagevenden skal holdes inden fristen",
    MessageKind.ACTION_DUE: "En aftalt handling i planen for tilbagevenden har frist",
    MessageKind.REMINDER: "Påmindelse til konsulenten om et trin med snarlig frist",
    MessageKind.OVERDUE_ESCALATION: "Eskalering til teamlederen: et trin har overskredet sin frist",
    MessageKind.WEEKLY_DIGEST: (
        "Ugens overblik til konsulenten: frister i denne uge og overskredne frister"
    ),
    MessageKind.EMPLOYEE_NOTICE: (
        "Besked til medarbejderen om anmodningen om Fast track og det videre forløb"
    ),
    MessageKind.LEADER_RECEIPT: "Kvittering til leder og HR for modtaget anmodning om Fast track",
    MessageKind.MEETING_INVITATION: "Mødeindkaldelse (ny, flyttet eller aflyst) til en deltager",
    MessageKind.DELIVERY_FAILED: "Besked til administrator: en e-mail kunne ikke leveres",
    MessageKind.FLOW_FAILED: (
        "Besked til administrator: en automatisk kørsel (Prefect-flow) fejlede"
    ),
    MessageKind.STEERING_REPORT: "Månedens statusrapport til styregruppen, vedhæftet som PDF",
    MessageKind.OPERATIONS_ALERT: (
        "Besked til administrator: e-mails venter for længe, eller en planlagt kørsel er udeblevet"
    ),
    MessageKind.ABSENCE_ALERT: (
        "Fraværsalarm til lederen: overvej en tidlig indsats eller Fast track (svar via link)"
    ),
    MessageKind.CONCERN_ASSIGNED: (
        "Ny bekymringssag er tildelt konsulenten, med fristerne for kontakt, samtale og indsats"
    ),
    MessageKind.CONCERN_REMINDER: (
        "Påmindelse til konsulenten om et trin i en bekymringssag med snarlig frist"
    ),
    MessageKind.CONCERN_ESCALATION: (
        "Eskalering til teamlederen: et trin i en bekymringssag har overskredet sin frist"
    ),
}

# What a citizen or a leader reads: in the case's language (Danish or English; issue 15, item 4).
CITIZEN_KINDS: frozenset[str] = frozenset(
    {MessageKind.EMPLOYEE_NOTICE, MessageKind.LEADER_RECEIPT, MessageKind.MEETING_INVITATION}
)
