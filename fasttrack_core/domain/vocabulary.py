"""The ids of SPEC §3–§4 and their Danish labels (what a user reads)."""

from __future__ import annotations

from enum import StrEnum


class Requester(StrEnum):
    EMPLOYER = "employer"
    EMPLOYEE = "employee"


class Caller(StrEnum):
    """Who called the retention phone (Kolding; issue 14, item 3). A leader or HR asks for the
    employer (§ 7 c), the employee for themselves (§ 7 e)."""

    LEADER = "leader"
    HR = "hr"
    EMPLOYEE = "employee"


CALLER_REQUESTER: dict[Caller, Requester] = {
    Caller.LEADER: Requester.EMPLOYER,
    Caller.HR: Requester.EMPLOYER,
    Caller.EMPLOYEE: Requester.EMPLOYEE,
}

CALLER_LABELS: dict[Caller, str] = {
    Caller.LEADER: "Lederen (arbejdsgiveren)",
    Caller.HR: "Personaleafdelingen (arbejdsgiveren)",
    Caller.EMPLOYEE: "Medarbejderen selv",
}


class Employment(StrEnum):
    """Who may ask for Fast track (§ 7 e, secondary: Cabi): the employed, the unemployed and the
    self-employed."""

    EMPLOYED = "employed"
    UNEMPLOYED = "unemployed"
    SELF_EMPLOYED = "self_employed"


class Language(StrEnum):
    """What a citizen or a leader reads (issue 15): Danish, or English where chosen."""

    DA = "da"
    EN = "en"


class Channel(StrEnum):
    DIGITAL = "digital"
    PHONE = "phone"
    EMAIL = "email"
    DOCTOR = "doctor"
    ABSENCE_ALERT = "absence_alert"


class Cause(StrEnum):
    MUSCULOSKELETAL = "musculoskeletal"
    STRESS = "stress"
    MENTAL = "mental"
    WORK_RELATED = "work_related"
    OTHER = "other"


class StepKind(StrEnum):
    NOTICE = "notice"
    ACCEPTANCE = "acceptance"
    DOCTOR_STATEMENT = "doctor_statement"
    FIRST_FOLLOWUP = "first_followup"
    EMPOWERMENT_TALK = "empowerment_talk"
    ROUNDTABLE = "roundtable"
    ACTION = "action"
    REVIEW = "review"
    RETURN_CHECK = "return_check"  # a short, uncomplicated course (2025 reform)
    REASSESSMENT = "reassessment"  # § 24 (cases opened before issue 11 have a closure step)
    CLOSURE = "closure"


class StepStatus(StrEnum):
    PENDING = "pending"
    OVERDUE = "overdue"
    DONE = "done"
    CANCELLED = "cancelled"


OUTSTANDING = (StepStatus.PENDING, StepStatus.OVERDUE)


class CaseStatus(StrEnum):
    AWAITING_ACCEPTANCE = "awaiting_acceptance"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    FOLLOWUP_HELD = "followup_held"
    PLAN_ACTIVE = "plan_active"
    CLOSED = "closed"


# Every status but closed, listed: a query on an index that begins (owner, status) then searches
# the open cases' entries instead of scanning every case the owner ever had.
OPEN_CASE_STATUSES = tuple(status for status in CaseStatus if status is not CaseStatus.CLOSED)


class EventKind(StrEnum):
    # recorded by the system
    REQUESTED = "requested"
    ASSIGNED = "assigned"
    REASSIGNED = "reassigned"
    NOTICE_QUEUED = "notice_queued"
    REMINDER_DUE = "reminder_due"
    STEP_OVERDUE = "step_overdue"
    # moves between owners and job centres (issue 14, items 2 and 6)
    TAKEN_OVER = "taken_over"
    HANDED_BACK = "handed_back"
    TRANSFERRED = "transferred"
    MESSAGE_DISPATCHED = "message_dispatched"  # proof: a notice or summons left, and how
    # recorded by a consultant (SPEC §4)
    ACCEPTED = "accepted"
    DECLINED = "declined"
    DOCTOR_STATEMENT_REQUESTED = "doctor_statement_requested"
    DOCTOR_STATEMENT_NOT_NEEDED = "doctor_statement_not_needed"
    DOCTOR_STATEMENT_RECEIVED = "doctor_statement_received"
    FOLLOWUP_BOOKED = "followup_booked"
    FOLLOWUP_HELD = "followup_held"
    SHORT_UNCOMPLICATED = "short_uncomplicated"
    EMPOWERMENT_TALK_HELD = "empowerment_talk_held"
    ROUNDTABLE_BOOKED = "roundtable_booked"
    ROUNDTABLE_HELD = "roundtable_held"
    ACTION_COMPLETED = "action_completed"
    REVIEW_HELD = "review_held"
    PARTIAL_RETURN = "partial_return"
    REASSESSED = "reassessed"
    CLOSED = "closed"
    # Fast track on concern (issue 16): a concern's own timeline, copied to the case it becomes
    CONCERN_RAISED = "concern_raised"
    CONCERN_CONTACTED = "concern_contacted"
    CONCERN_TALK_HELD = "concern_talk_held"
    CONCERN_EFFORT_AGREED = "concern_effort_agreed"
    CONCERN_CLOSED = "concern_closed"
    CONVERTED_FROM_CONCERN = "converted_from_concern"
    CONCERN_REMINDER_DUE = "concern_reminder_due"  # by the sweep, as reminder_due for a step
    CONCERN_OVERDUE = "concern_overdue"  # by the sweep, as step_overdue for a step
    PAUSED = "paused"  # deadlines stop (domain/pause.py)
    RESUMED = "resumed"
    CORRECTED = "corrected"  # an earlier event corrected; the original stays (issue 14.5)
    REOPENED = "reopened"  # a case closed by mistake


# What a consultant records, in the order a case runs.
CONSULTANT_EVENTS: tuple[EventKind, ...] = (
    EventKind.ACCEPTED,
    EventKind.DECLINED,
    EventKind.DOCTOR_STATEMENT_REQUESTED,
    EventKind.DOCTOR_STATEMENT_NOT_NEEDED,
    EventKind.DOCTOR_STATEMENT_RECEIVED,
    EventKind.FOLLOWUP_BOOKED,
    EventKind.FOLLOWUP_HELD,
    EventKind.SHORT_UNCOMPLICATED,
    EventKind.EMPOWERMENT_TALK_HELD,
    EventKind.ROUNDTABLE_BOOKED,
    EventKind.ROUNDTABLE_HELD,
    EventKind.ACTION_COMPLETED,
    EventKind.REVIEW_HELD,
    EventKind.PARTIAL_RETURN,
    EventKind.REASSESSED,
    EventKind.PAUSED,
    EventKind.RESUMED,
    EventKind.CORRECTED,
    EventKind.CLOSED,
    EventKind.REOPENED,
)


class Outcome(StrEnum):
    FULL_RETURN = "full_return"
    PARTIAL_RETURN = "partial_return"
    OTHER_JOB_SAME_EMPLOYER = "other_job_same_employer"
    JOB_CHANGE = "job_change"
    ORDINARY_SICKNESS_CASE = "ordinary_sickness_case"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    DUPLICATE = "duplicate"  # a second case for the same request; data names the other one
    OTHER = "other"
    # The employee moved to a municipality not on this installation: the case file went there
    # (issue 14, item 6). Set by the transfer, never by the closing form.
    TRANSFERRED = "transferred"


class ReassessmentOutcome(StrEnum):
    """What the § 24 reassessment decides (§ 24, stk. 2; § 27)."""

    EXTENDED = "extended"  # the benefit period is extended under § 27
    JOB_CLARIFICATION = "job_clarification"  # jobafklaringsforløb (§ 24 a)
    ENDED = "ended"  # the benefit ends


class ExtensionGround(StrEnum):
    """§ 27, stk. 1, nr. 1-7 as the 2016 guidance (retsinformation R0710 id 167836) and DSA list
    them; the current consolidated text was not seen."""

    REHABILITATION = "rehabilitation"  # nr. 1: revalidering
    WORK_CAPACITY_CLARIFICATION = "work_capacity_clarification"  # nr. 2
    MEDICAL_TREATMENT = "medical_treatment"  # nr. 3
    REHABILITATION_TEAM = "rehabilitation_team"  # nr. 4
    LIFE_THREATENING_ILLNESS = "life_threatening_illness"  # nr. 5
    OCCUPATIONAL_INJURY = "occupational_injury"  # nr. 6
    DISABILITY_PENSION = "disability_pension"  # nr. 7


class Measure(StrEnum):
    PHYSICAL_CONDITIONS = "physical_conditions"
    TASKS = "tasks"
    OTHER_FUNCTION = "other_function"
    COLLEAGUE_SUPPORT = "colleague_support"
    AIDS_COMPENSATION = "aids_compensation"
    PARTIAL_SICK_LEAVE = "partial_sick_leave"
    WORK_TRIAL = "work_trial"
    TREATMENT_TRAINING = "treatment_training"
    OTHER = "other"


class ParticipantRole(StrEnum):
    EMPLOYEE = "employee"
    LEADER = "leader"
    CONSULTANT = "consultant"
    HR = "hr"
    UNION_REP = "union_rep"
    SPECIALIST = "specialist"


class MeetingMode(StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"


# The default staircase (trappemodel), SPEC §4; a municipality may configure its own.
DEFAULT_STAIRCASE: dict[int, str] = {
    1: "Fuldt arbejdsdygtig i det sædvanlige job",
    2: "Sædvanligt job med tilpasninger",
    3: "Delvist tilbage i det sædvanlige job (delvis sygemelding)",
    4: "Andre opgaver eller en anden funktion hos samme arbejdsgiver",
    5: "Sygemeldt, tilbagevenden afklares",
    6: "Ingen arbejdsevne lige nu",
}

# The cause categories (health data), as a requester chooses and a consultant reads them.
CAUSE_LABELS: dict[str, str] = {
    Cause.MUSCULOSKELETAL: "Smerter i muskler og led",
    Cause.STRESS: "Stress",
    Cause.MENTAL: "Psykisk sygdom (fx angst, depression)",
    Cause.WORK_RELATED: "Arbejdsrelateret sygdom",
    Cause.OTHER: "Andet",
}

REQUESTER_LABELS: dict[Requester, str] = {
    Requester.EMPLOYER: "Arbejdsgiver",
    Requester.EMPLOYEE: "Medarbejder",
}

CHANNEL_LABELS: dict[Channel, str] = {
    Channel.DIGITAL: "Digital",
    Channel.PHONE: "Telefon",
    Channel.EMAIL: "E-mail",
    Channel.DOCTOR: "Læge",
    Channel.ABSENCE_ALERT: "Fraværsalarm",
}

STEP_LABELS: dict[StepKind, str] = {
    StepKind.NOTICE: "Besked fra jobcentret",
    StepKind.ACCEPTANCE: "Borgerens accept",
    StepKind.DOCTOR_STATEMENT: "Lægeattest",
    StepKind.FIRST_FOLLOWUP: "Første opfølgningssamtale",
    StepKind.EMPOWERMENT_TALK: "Empowerment-samtale",
    StepKind.ROUNDTABLE: "Rundbordssamtale",
    StepKind.ACTION: "Handling fra planen",
    StepKind.REVIEW: "Opfølgning",
    StepKind.RETURN_CHECK: "Tjek af tilbagevenden",
    StepKind.REASSESSMENT: "Revurdering (§ 24)",
    StepKind.CLOSURE: "Afslutning",
}

STATUS_LABELS: dict[CaseStatus, str] = {
    CaseStatus.AWAITING_ACCEPTANCE: "Afventer borgerens svar",
    CaseStatus.ACCEPTED: "Accepteret, afventer første samtale",
    CaseStatus.DECLINED: "Fravalgt (almindeligt forløb)",
    CaseStatus.FOLLOWUP_HELD: "Første samtale holdt, afventer rundbord",
    CaseStatus.PLAN_ACTIVE: "Plan for tilbagevenden i gang",
    CaseStatus.CLOSED: "Afsluttet",
}

OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.FULL_RETURN: "Fuldt tilbage",
    Outcome.PARTIAL_RETURN: "Delvist tilbage (delvis raskmelding)",
    Outcome.OTHER_JOB_SAME_EMPLOYER: "Andet job hos samme arbejdsgiver",
    Outcome.JOB_CHANGE: "Jobskifte",
    Outcome.ORDINARY_SICKNESS_CASE: "Overgået til almindelig sygedagpengeopfølgning",
    Outcome.DECLINED: "Borgeren takkede nej",
    Outcome.WITHDRAWN: "Anmodningen trukket tilbage",
    Outcome.DUPLICATE: "Dublet af en anden sag",
    Outcome.OTHER: "Andet",
    Outcome.TRANSFERRED: "Overdraget til et andet jobcenter (flytning)",
}

# How a meeting participant is named in an invitation: by role, never by name.
ROLE_LABELS: dict[ParticipantRole, str] = {
    ParticipantRole.EMPLOYEE: "Medarbejder",
    ParticipantRole.LEADER: "Leder",
    ParticipantRole.CONSULTANT: "Fastholdelseskonsulent",
    ParticipantRole.HR: "Personaleafdeling",
    ParticipantRole.UNION_REP: "Tillidsrepræsentant",
    ParticipantRole.SPECIALIST: "Fagperson",
}

# Who owns a plan action, as a task email says it ("... skal være gjort af lederen").
OWNER_LABELS: dict[str, str] = {
    ParticipantRole.EMPLOYEE: "medarbejderen",
    ParticipantRole.LEADER: "lederen",
    ParticipantRole.CONSULTANT: "konsulenten",
    ParticipantRole.HR: "personaleafdelingen",
    ParticipantRole.UNION_REP: "tillidsrepræsentanten",
    ParticipantRole.SPECIALIST: "fagpersonen",
}

# The plan's measures (SPEC §4, Helsingør's second goal).
MEASURE_LABELS: dict[Measure, str] = {
    Measure.PHYSICAL_CONDITIONS: "Fysiske rammer",
    Measure.TASKS: "Ændrede opgaver",
    Measure.OTHER_FUNCTION: "Anden funktion",
    Measure.COLLEAGUE_SUPPORT: "Støtte fra kolleger",
    Measure.AIDS_COMPENSATION: "Hjælpemidler og kompensationsordninger",
    Measure.PARTIAL_SICK_LEAVE: "Delvis sygemelding",
    Measure.WORK_TRIAL: "Arbejdsprøvning (virksomhedspraktik)",
    Measure.TREATMENT_TRAINING: "Behandling eller træning",
    Measure.OTHER: "Andet",
}

REASSESSMENT_OUTCOME_LABELS: dict[ReassessmentOutcome, str] = {
    ReassessmentOutcome.EXTENDED: "Forlænget efter § 27",
    ReassessmentOutcome.JOB_CLARIFICATION: "Jobafklaringsforløb (§ 24 a)",
    ReassessmentOutcome.ENDED: "Sygedagpengene ophører",
}

EXTENSION_GROUND_LABELS: dict[ExtensionGround, str] = {
    ExtensionGround.REHABILITATION: "§ 27, stk. 1, nr. 1: revalidering",
    ExtensionGround.WORK_CAPACITY_CLARIFICATION: "§ 27, stk. 1, nr. 2: afklaring af arbejdsevnen",
    ExtensionGround.MEDICAL_TREATMENT: "§ 27, stk. 1, nr. 3: under eller venter på lægebehandling",
    ExtensionGround.REHABILITATION_TEAM: "§ 27, stk. 1, nr. 4: forelægges rehabiliteringsteamet",
    ExtensionGround.LIFE_THREATENING_ILLNESS: "§ 27, stk. 1, nr. 5: livstruende, alvorlig sygdom",
    ExtensionGround.OCCUPATIONAL_INJURY: "§ 27, stk. 1, nr. 6: arbejdsskadesag",
    ExtensionGround.DISABILITY_PENSION: "§ 27, stk. 1, nr. 7: ansøgning om førtidspension",
}

MODE_LABELS: dict[MeetingMode, str] = {
    MeetingMode.IN_PERSON: "Fremmøde",
    MeetingMode.PHONE: "Telefon",
    MeetingMode.VIDEO: "Video",
}

# How a step's status and an event are named to people (Danish).
STEP_STATUS_LABELS: dict[str, str] = {
    "pending": "afventer",
    "overdue": "overskredet",
    "done": "udført",
    "cancelled": "bortfaldet",
}
EVENT_LABELS: dict[str, str] = {
    "requested": "Anmodning modtaget",
    "assigned": "Tildelt konsulent",
    "reassigned": "Flyttet til anden konsulent",
    "notice_queued": "Besked og kvittering sendt",
    "reminder_due": "Påmindelse om frist",
    "step_overdue": "Frist overskredet (eskaleret)",
    "taken_over": "Sagen overtaget af en konsulent",
    "handed_back": "Sagen lagt tilbage i teamets kø",
    "transferred": "Sagen flyttet til et andet jobcenter",
    "message_dispatched": "Brev eller e-mail til borgeren afsendt",
    "accepted": "Borgeren har sagt ja",
    "declined": "Borgeren har sagt nej",
    "doctor_statement_requested": "Lægeattest anmodet hos egen læge",
    "doctor_statement_not_needed": "Lægeattest ikke nødvendig",
    "doctor_statement_received": "Lægeattest modtaget",
    "followup_booked": "Første samtale booket",
    "followup_held": "Første samtale holdt",
    "short_uncomplicated": "Kort og ukompliceret forløb (§ 13 f)",
    "empowerment_talk_held": "Empowerment-samtale holdt",
    "roundtable_booked": "Rundbordssamtale booket",
    "roundtable_held": "Rundbordssamtale holdt",
    "action_completed": "Handling fra planen udført",
    "review_held": "Opfølgning holdt",
    "partial_return": "Delvis raskmelding",
    "reassessed": "Revurdering (§ 24) foretaget",
    "closed": "Sagen afsluttet",
    "concern_raised": "Bekymring modtaget (Fast track ved bekymring)",
    "concern_contacted": "Jobcentret har kontaktet medarbejderen (bekymring)",
    "concern_talk_held": "Samtale holdt (bekymring)",
    "concern_effort_agreed": "Indsats aftalt (bekymring)",
    "concern_closed": "Bekymringssagen afsluttet",
    "converted_from_concern": "Overgået fra bekymring til Fast track-sag",
    "concern_reminder_due": "Påmindelse om frist (bekymring)",
    "concern_overdue": "Frist overskredet (bekymring, eskaleret)",
    "paused": "Sagen sat i bero",
    "resumed": "Sagen genoptaget",
    "corrected": "Hændelse rettet",
    "reopened": "Sagen genåbnet",
}
