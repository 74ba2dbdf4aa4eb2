"""Every number the law and the job centres' practice give fasttrack, once, each with its source.

A rule is data: an id, a value in an explicit unit, counted from an anchor, and the paragraph (or
the seed) it comes from. The policy defaults, the policy's legal limits, the schedule and the
intake rules read their numbers from here; nothing else spells them out.

A rule may be in force for a period only (`in_force_from`, `in_force_until`): the law changed on
1 January 2025 (the reform, and BEK 1710/2024 replacing the earlier executive order). A rule
without a period is in force in every rule set. `domain/rulesets.py` groups RULES into the rule
sets a case is judged by; every Rule listed in RULES (also those added at the end of this module)
lands in each set whose date it is in force on.

Where the code today counts from a different anchor than the source names, the rule says what the
code does and its source says what the law says (LAW.md, rules 9 and 13).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum


class Unit(StrEnum):
    HOURS = "hours"
    CALENDAR_DAYS = "calendar_days"
    BANK_DAYS = "bank_days"  # Nationalbanken's closing days excluded
    WORKING_DAYS = "working_days"  # weekdays that are not public holidays
    WORKING_HOURS = "working_hours"  # clock hours on working days only
    WEEKS = "weeks"  # 7 calendar days each, counted from the anchor
    CALENDAR_MONTHS = "calendar_months"
    # Weeks of absence: the first absence day is the first day of week 1, so week n ends on
    # day 7n - 1 counted from it ("inden udgangen af ottende uge regnet fra første fraværsdag").
    WEEKS_OF_ABSENCE = "weeks_of_absence"
    MONTHS = "months"  # calendar months from the anchor (not a fixed number of days)
    FOLLOWUPS = "followups"  # a number of follow-up talks, not a span of time
    SPELLS = "spells"  # a number of absence spells (issue 16), not a span of time


class Anchor(StrEnum):
    REQUEST = "request"  # when the Fast track request was made (requested_at)
    NOTICE_DISPATCH = "notice_dispatch"  # when the notice to the employee was queued (intake)
    FIRST_ABSENCE_DAY = "first_absence_day"
    FIRST_FOLLOWUP = "first_followup"  # the first follow-up talk held (its deadline until then)
    MEETING = "meeting"  # the roundtable or review the next review follows
    DEADLINE = "deadline"  # counted back from a step's deadline
    WEEK = "week"  # per calendar week (an amount, not a deadline)
    GP_REQUEST = "gp_request"  # the dispatch of the municipality's request to the GP
    ALERT = "alert"  # an absence alert raised to the leader (issue 16)
    CONCERN = "concern"  # a request on concern received (issue 16)


@dataclass(frozen=True)
class Rule:
    id: str
    value: int
    unit: Unit
    anchor: Anchor
    source: str  # in English, as docs/rules.md gives it
    in_force_from: date | None = None  # None: in force in every rule set before in_force_until
    in_force_until: date | None = None  # exclusive; None: still in force
    # The source in Danish, where staff read it (the case page, `fasttrack rules show`).
    source_da: str = ""

    def in_force_on(self, day: date) -> bool:
        starts_ok = self.in_force_from is None or self.in_force_from <= day
        return starts_ok and (self.in_force_until is None or day < self.in_force_until)

    def calendar_days(self) -> int:
        """The rule's span in calendar days from the anchor's day (day 0) to the last day it
        allows."""
        if self.unit is Unit.CALENDAR_DAYS:
            return self.value
        if self.unit is Unit.WEEKS:
            return 7 * self.value
        if self.unit is Unit.WEEKS_OF_ABSENCE:
            return 7 * self.value - 1
        raise ValueError(f"{self.id}: {self.unit} cannot be counted in calendar days alone")

    def last_day(self, anchor_day: date) -> date:
        return anchor_day + timedelta(days=self.calendar_days())


# The reform of the sickness benefit follow-up (agreement of 14 March 2024) and the executive order
# BEK 1710/2024 (of 30 December 2024) both took effect on this day (LAW.md § 0).
REFORM_2025 = date(2025, 1, 1)


def before_2025(rule: Rule, source: str, source_da: str) -> Rule:
    """The same rule as the earlier law had it: the value unchanged, the earlier source."""
    return replace(
        rule,
        source=source,
        source_da=source_da,
        in_force_from=None,
        in_force_until=REFORM_2025,
    )


# The executive order on follow-up before BEK 1710/2024, as LAW.md reads it. Whether a later order
# replaced BEK 473/2021 before 2025, and its paragraph for each rule, were not verified: the values
# are assumed unchanged by the new order.
_EARLIER_ORDER = "BEK 473/2021 (the order before BEK 1710/2024; paragraph not verified)"
_EARLIER_ORDER_DA = "BEK 473/2021 (bekendtgørelsen før BEK 1710/2024; paragraffen ikke efterprøvet)"

# --- the request (sygedagpengeloven § 7 c) --------------------------------------------------------

EMPLOYER_REQUEST_WINDOW = Rule(
    "employer_request_window",
    5,
    Unit.WEEKS_OF_ABSENCE,
    Anchor.FIRST_ABSENCE_DAY,
    "Sygedagpengeloven § 7 c (the statute text not seen; pav.medst.dk: «inden for de første 5 "
    "uger af fraværet»); the leaflet: «inden der er gået 5 uger fra første sygedag»",
    source_da=(
        "Sygedagpengeloven § 7 c (lovteksten ikke set; pav.medst.dk: «inden for de første 5 uger "
        "af fraværet»); folderen: «inden der er gået 5 uger fra første sygedag»"
    ),
)
EXPECTED_ABSENCE = Rule(
    "expected_absence",
    8,
    Unit.WEEKS,
    Anchor.FIRST_ABSENCE_DAY,
    "Sygedagpengeloven § 7 c (secondary: the absence is expected to last more than 8 weeks "
    "«regnet fra første fraværsdag»)",
    source_da=(
        "Sygedagpengeloven § 7 c (sekundær kilde: fraværet forventes at vare mere end 8 uger "
        "«regnet fra første fraværsdag»)"
    ),
)

# --- the steps a case opens with (SPEC §4) -------------------------------------------------------

NOTICE = Rule(
    "notice",
    0,
    Unit.CALENDAR_DAYS,
    Anchor.REQUEST,
    "The leaflet: «Medarbejderen får automatisk besked fra Jobcentret» (the same day)",
    source_da="Folderen: «Medarbejderen får automatisk besked fra Jobcentret» (samme dag)",
)
# Counted from the dispatch of the notice, i.e. when intake queues it: a request registered days
# after it was made still gives the employee 2 bank days (LAW.md rule 9).
ACCEPTANCE = Rule(
    "acceptance",
    2,
    Unit.BANK_DAYS,
    Anchor.NOTICE_DISPATCH,
    "BEK 1710/2024 § 4, stk. 1: «senest 2 bankdage efter afsendelsen af brevet» (Kapitel 3: "
    "only where an employer asks)",
    in_force_from=REFORM_2025,
    source_da=(
        "BEK 1710/2024 § 4, stk. 1: «senest 2 bankdage efter afsendelsen af brevet» (kapitel 3: "
        "kun når arbejdsgiveren anmoder)"
    ),
)
ACCEPTANCE_BEFORE_2025 = before_2025(
    ACCEPTANCE,
    f"{_EARLIER_ORDER}: 2 bank days",
    _EARLIER_ORDER_DA + ": 2 bankdage",
)
# Counted from the dispatch of the request to the GP (`doctor_statement_requested`); the
# statement is asked for only when needed (§ 11 a), see DOCTOR_STATEMENT_BY_FIRST_TALK below.
DOCTOR_STATEMENT = Rule(
    "doctor_statement",
    14,
    Unit.CALENDAR_DAYS,
    Anchor.GP_REQUEST,
    "BEK 1710/2024 § 11, stk. 3 (14 days from the request to the GP); the leaflet",
    in_force_from=REFORM_2025,
    source_da="BEK 1710/2024 § 11, stk. 3 (14 dage fra anmodningen til lægen); folderen",
)
DOCTOR_STATEMENT_BEFORE_2025 = before_2025(
    DOCTOR_STATEMENT,
    f"{_EARLIER_ORDER}: 14 days from the request to the GP; the leaflet",
    _EARLIER_ORDER_DA + ": 14 dage fra anmodningen til lægen; folderen",
)
DOCTOR_STATEMENT_MINIMUM = Rule(
    "doctor_statement_minimum",
    8,
    Unit.CALENDAR_DAYS,
    Anchor.GP_REQUEST,
    "BEK 1710/2024 § 11, stk. 3 (the doctor has at least 8 days)",
    in_force_from=REFORM_2025,
    source_da="BEK 1710/2024 § 11, stk. 3 (lægen har mindst 8 dage)",
)
DOCTOR_STATEMENT_MINIMUM_BEFORE_2025 = before_2025(
    DOCTOR_STATEMENT_MINIMUM,
    f"{_EARLIER_ORDER}: the doctor has at least 8 days",
    _EARLIER_ORDER_DA + ": lægen har mindst 8 dage",
)
FIRST_FOLLOWUP = Rule(
    "first_followup",
    14,
    Unit.CALENDAR_DAYS,
    Anchor.REQUEST,
    "Sygedagpengeloven § 13 b, stk. 2: «senest 2 uger efter at den sygemeldte eller "
    "arbejdsgiveren har anmodet»",
    source_da=(
        "Sygedagpengeloven § 13 b, stk. 2: «senest 2 uger efter at den sygemeldte eller "
        "arbejdsgiveren har anmodet»"
    ),
)
DECLINED_FIRST_FOLLOWUP = Rule(
    "declined_first_followup",
    8,
    Unit.WEEKS_OF_ABSENCE,
    Anchor.FIRST_ABSENCE_DAY,
    "Sygedagpengeloven § 13 b, stk. 1 and 3: «senest inden udgangen af ottende uge regnet fra "
    "første fraværsdag»",
    source_da=(
        "Sygedagpengeloven § 13 b, stk. 1 og 3: «senest inden udgangen af ottende uge regnet fra "
        "første fraværsdag»"
    ),
)
ROUNDTABLE = Rule(
    "roundtable",
    7,
    Unit.CALENDAR_DAYS,
    Anchor.FIRST_FOLLOWUP,
    "Municipal practice, no statutory deadline: seeds of Varde, Roskilde, Helsingør and Kolding "
    "(the anchor on the first talk is SPEC §4's synthesis)",
    source_da=(
        "Kommunal praksis, ingen lovbestemt frist: Varde, Roskilde, Helsingør og Kolding (ankeret"
        " i første samtale er SPEC §4's sammenfatning)"
    ),
)
# Lyngby-Taarbæk: an individual talk before the roundtable, due with the roundtable's deadline.
EMPOWERMENT_TALK = Rule(
    "empowerment_talk",
    0,
    Unit.CALENDAR_DAYS,
    Anchor.DEADLINE,
    "Municipal practice (Lyngby-Taarbæk seed): an empowerment talk before the roundtable, for the "
    "causes the policy names",
    source_da=(
        "Kommunal praksis (Lyngby-Taarbæk): en empowermentsamtale før rundbordssamtalen ved de "
        "årsager, politikken nævner"
    ),
)
# Helsingør's third goal: who does what by when; the date is the one agreed at the roundtable.
ACTION = Rule(
    "action",
    0,
    Unit.CALENDAR_DAYS,
    Anchor.MEETING,
    "Municipal practice (Helsingør seed): «hvem gør hvad hvornår», the date agreed at the "
    "roundtable",
    source_da=(
        "Kommunal praksis (Helsingør): «hvem gør hvad hvornår», datoen aftalt ved rundbordssamtalen"
    ),
)
REVIEW_INTERVAL = Rule(
    "review_interval",
    4,
    Unit.WEEKS,
    Anchor.MEETING,
    "Sygedagpengeloven § 13 b, stk. 1 (at least four follow-ups in the first six months); "
    "Roskilde «hver fjerde uge»; Helsingør",
    source_da=(
        "Sygedagpengeloven § 13 b, stk. 1 (mindst fire opfølgninger i det første halve år); "
        "Roskilde «hver fjerde uge»; Helsingør"
    ),
)
# From 2025 the reform qualifies § 13 b, stk. 1 («jf. dog § 13 f»): for an employed person in a
# short and uncomplicated course no talks beyond the first (issue 11 item 2). The draft bill was
# read, the enacted text was not (LAW.md § 0).
FOLLOWUPS_FIRST_HALF_YEAR = Rule(
    "followups_first_half_year",
    4,
    Unit.FOLLOWUPS,
    Anchor.FIRST_ABSENCE_DAY,
    "Sygedagpengeloven § 13 b, stk. 1: «mindst fire gange inden for det første halve år regnet "
    "fra første fraværsdag», from 2025 «jf. dog § 13 f» (draft bill, ft.dk BEU Alm.del bilag 210; "
    "the enacted text not verified)",
    in_force_from=REFORM_2025,
    source_da=(
        "Sygedagpengeloven § 13 b, stk. 1: «mindst fire gange inden for det første halve år "
        "regnet fra første fraværsdag», fra 2025 «jf. dog § 13 f» (lovforslaget, ft.dk BEU "
        "Alm.del bilag 210; den vedtagne tekst ikke efterprøvet)"
    ),
)
FOLLOWUPS_FIRST_HALF_YEAR_BEFORE_2025 = before_2025(
    FOLLOWUPS_FIRST_HALF_YEAR,
    "Sygedagpengeloven § 13 b, stk. 1 (LBK 1179/2023, verified): «mindst fire gange inden for det "
    "første halve år regnet fra første fraværsdag»",
    "Sygedagpengeloven § 13 b, stk. 1 (LBK 1179/2023, efterprøvet): «mindst fire gange inden for "
    "det første halve år regnet fra første fraværsdag»",
)
FIRST_HALF_YEAR = Rule(
    "first_half_year",
    6,
    Unit.MONTHS,
    Anchor.FIRST_ABSENCE_DAY,
    "Sygedagpengeloven § 13 b, stk. 1: «det første halve år regnet fra første fraværsdag»",
    source_da=(
        "Sygedagpengeloven § 13 b, stk. 1: «det første halve år regnet fra første fraværsdag»"
    ),
)
# Fast track should be concluded or handed on before the 22-week duration limit. § 24 counts 22
# weeks of benefit in the 9 preceding months to the end of a calendar month; the code counts 22
# calendar weeks from the first absence day (LAW.md rule 21).
CLOSURE = Rule(
    "closure",
    22,
    Unit.WEEKS,
    Anchor.FIRST_ABSENCE_DAY,
    "Sygedagpengeloven § 24, stk. 1 (22 weeks of benefit within 9 months)",
    source_da="Sygedagpengeloven § 24, stk. 1 (22 ugers sygedagpenge inden for 9 måneder)",
)

# --- the consultant's reminders (SPEC §6) ---------------------------------------------------------

REMINDER_LEAD = Rule(
    "reminder_lead",
    2,
    Unit.WORKING_DAYS,
    Anchor.DEADLINE,
    "The job centre's practice (SPEC §6), not law: the consultant is reminded before a deadline "
    "(a Fast track step's, and a concern's next step's)",
    source_da=(
        "Jobcentrets praksis (SPEC §6), ikke lov: konsulenten får en påmindelse før fristen "
        "(et Fast track-trins og bekymringssagens næste trins)"
    ),
)

RULES: tuple[Rule, ...] = (
    EMPLOYER_REQUEST_WINDOW,
    EXPECTED_ABSENCE,
    NOTICE,
    ACCEPTANCE,
    ACCEPTANCE_BEFORE_2025,
    DOCTOR_STATEMENT,
    DOCTOR_STATEMENT_BEFORE_2025,
    DOCTOR_STATEMENT_MINIMUM,
    DOCTOR_STATEMENT_MINIMUM_BEFORE_2025,
    FIRST_FOLLOWUP,
    DECLINED_FIRST_FOLLOWUP,
    ROUNDTABLE,
    EMPOWERMENT_TALK,
    ACTION,
    REVIEW_INTERVAL,
    FOLLOWUPS_FIRST_HALF_YEAR,
    FOLLOWUPS_FIRST_HALF_YEAR_BEFORE_2025,
    FIRST_HALF_YEAR,
    CLOSURE,
    REMINDER_LEAD,
)

# --- intake and consent (issue 11, items 3, 4 and 6) ----------------------------------------------

# The employee's own request (§ 7 e) has the employer's window. The statute text of § 7 e was not
# found; three secondary sources agree, and a "Fast track" opened after the ordinary week-8 talk
# would be incoherent (LAW.md rule 2).
EMPLOYEE_REQUEST_WINDOW = Rule(
    "employee_request_window",
    5,
    Unit.WEEKS_OF_ABSENCE,
    Anchor.FIRST_ABSENCE_DAY,
    "Sygedagpengeloven § 7 e (the statute text not found); Vordingborg: «En anmodning om Fast "
    "track skal altid ske inden for de første 5 uger af din sygemelding»; Rudersdal: «Du eller "
    "din arbejdsgiver skal bede om Fast track, inden der er gået fem uger fra din første "
    "sygedag»; Cabi: «Arbejdsgiver eller medarbejder anmoder om Fast track inden for fem uger "
    "fra første sygedag»",
    source_da=(
        "Sygedagpengeloven § 7 e (lovteksten ikke fundet); Vordingborg: «En anmodning om Fast "
        "track skal altid ske inden for de første 5 uger af din sygemelding»; Rudersdal og Cabi "
        "siger det samme"
    ),
)
# No deadline of a case opened at an employer's request falls before the employee has had the
# time to answer: a meeting cannot be due before the employee has said yes to it.
AFTER_ACCEPTANCE = Rule(
    "after_acceptance",
    0,
    Unit.CALENDAR_DAYS,
    Anchor.DEADLINE,
    "BEK 1710/2024 § 4, stk. 1 (the employee's 2 bank days to answer); issue 11: «no deadline "
    "falls before the acceptance deadline» (the job centre's choice, no statutory text)",
    source_da=(
        "BEK 1710/2024 § 4, stk. 1 (medarbejderens 2 bankdage til at svare); issue 11: ingen "
        "frist falder før svarfristen (jobcentrets valg, ingen lovtekst)"
    ),
)

RULES += (EMPLOYEE_REQUEST_WINDOW, AFTER_ACCEPTANCE)

# --- recording (issue 11, engineer C): what a recorded event must satisfy ----------------------

# The 4 hours are secondary: cabiweb.dk and sygeguide.dk state them; § 53, stk. 1 (reduced benefit
# per hour of absence) is verified, the paragraph that sets the 4-hour floor was not found.
PARTIAL_ABSENCE_MINIMUM = Rule(
    "partial_absence_minimum",
    4,
    Unit.HOURS,
    Anchor.WEEK,
    "Sygedagpengeloven § 53, stk. 1 (reduced benefit per hour of absence; verified); the floor of "
    "4 hours' absence a week is secondary (cabiweb.dk, sygeguide.dk), its paragraph not found",
    source_da=(
        "Sygedagpengeloven § 53, stk. 1 (nedsatte sygedagpenge pr. fraværstime; efterprøvet); "
        "grænsen på mindst 4 timers fravær om ugen er fra sekundære kilder (cabiweb.dk, "
        "sygeguide.dk), paragraffen ikke fundet"
    ),
)

# BEK 1710/2024 § 11, stk. 3 [verified]: the statement «senest skal foreligge samtidig med
# opfølgningssamtalen»; 14 days «så vidt muligt», at least 8 «hvis kommunen ellers ikke kan nå at
# få lægeattesten til den første opfølgningssamtale». Where even 8 days end after the talk's
# deadline, the 8 days win and the case gets a warning (the talk should move).
DOCTOR_STATEMENT_BY_FIRST_TALK = Rule(
    "doctor_statement_by_first_talk",
    0,
    Unit.CALENDAR_DAYS,
    Anchor.FIRST_FOLLOWUP,
    "BEK 1710/2024 § 11, stk. 3: «som senest skal foreligge samtidig med opfølgningssamtalen»; "
    "asked for only «hvis kommunen vurderer, at det er nødvendigt» or at the sick person's wish "
    "(sygedagpengeloven § 11 a, § 11 c as amended by L 1555/2019; BEK § 5, nr. 1)",
    source_da=(
        "BEK 1710/2024 § 11, stk. 3: «som senest skal foreligge samtidig med "
        "opfølgningssamtalen»; kun «hvis kommunen vurderer, at det er nødvendigt» eller efter den"
        " sygemeldtes ønske (sygedagpengeloven § 11 a, § 11 c; BEK § 5, nr. 1)"
    ),
)

# § 24, stk. 1 [verified as enacted by L 720/2014]: payment ends after the end of the calendar
# month in which more than 22 weeks of benefit (reduced benefit and salary during sickness
# included) have been paid in the 9 preceding calendar months; the municipality reassesses before.
# How weeks are counted (stk. 3-4) was not seen. Cabi (secondary) says the employer period (the
# first 30 days) does not count; fasttrack counts every day from the first absence day, so the
# step falls due at, or up to about a month before, the statutory point: never after it. The
# window is taken as the month itself and the 8 before it [guess]; LAW.md § 4, defect 5 counts
# the same way.
REASSESSMENT = Rule(
    "reassessment",
    22,
    Unit.WEEKS,
    Anchor.FIRST_ABSENCE_DAY,
    "Sygedagpengeloven § 24, stk. 1 (L 720/2014 § 1, nr. 22): revurdering before payment ends "
    "after the month in which more than 22 weeks in the 9 preceding calendar months are reached; "
    "earlier spells from the request's previous_absence count; the employer period is counted "
    "too (stk. 3-4 not seen; cabiweb.dk says it is not), so the step is never late",
    source_da=(
        "Sygedagpengeloven § 24, stk. 1 (L 720/2014 § 1, nr. 22): revurdering før udbetalingen "
        "ophører efter den måned, hvor mere end 22 uger inden for de 9 forudgående "
        "kalendermåneder nås; tidligere sygeperioder i anmodningen tæller med; "
        "arbejdsgiverperioden tælles også med (stk. 3-4 ikke set), så trinnet aldrig kommer for "
        "sent"
    ),
)
REASSESSMENT_LOOKBACK = Rule(
    "reassessment_lookback",
    9,
    Unit.CALENDAR_MONTHS,
    Anchor.DEADLINE,
    "Sygedagpengeloven § 24, stk. 1: «i de 9 forudgående kalendermåneder» (the reassessment "
    "month and the 8 before it [guess])",
    source_da=(
        "Sygedagpengeloven § 24, stk. 1: «i de 9 forudgående kalendermåneder» "
        "(revurderingsmåneden og de 8 før den [skøn])"
    ),
)

# The 2025 reform (agreement of 14 March 2024, in force 2025-01-01): for an employed person in a
# short and uncomplicated course, no talks beyond the first follow-up talk. Seen: a law firm's
# summary and the draft bill («I § 13 b, stk. 1 ... indsættes: », jf. dog § 13 f«»); the enacted
# § 13 f was not. The return check at the latest 13 weeks after the first talk is the reading the
# issue gives of the sources; no text seen states the 13 weeks [unverified].
REFORM_2025_FROM = REFORM_2025
SHORT_COURSE_RETURN_CHECK = Rule(
    "short_course_return_check",
    13,
    Unit.WEEKS,
    Anchor.FIRST_FOLLOWUP,
    "Sygedagpengeloven § 13 f (2025 reform; draft bill: «I § 13 b, stk. 1 ... indsættes: », jf. "
    "dog § 13 f«»; enacted text not seen): no talks beyond the first in a short, uncomplicated "
    "course; the check at the expected return, at the latest 13 weeks after the first talk "
    "[unverified]",
    in_force_from=REFORM_2025,
    source_da=(
        "Sygedagpengeloven § 13 f (reformen 2025; lovforslaget: «I § 13 b, stk. 1 ... indsættes: "
        "», jf. dog § 13 f«»; den vedtagne tekst ikke set): ingen samtaler ud over den første i "
        "et kort, ukompliceret forløb; tilbagevenden tjekkes på den forventede dato, senest 13 "
        "uger efter første samtale [ikke efterprøvet]"
    ),
)

RULES += (
    SHORT_COURSE_RETURN_CHECK,
    PARTIAL_ABSENCE_MINIMUM,
    DOCTOR_STATEMENT_BY_FIRST_TALK,
    REASSESSMENT,
    REASSESSMENT_LOOKBACK,
)

# --- the leader's side (issue 16): Hjørring's absence alerts, Fast track on concern --------------

# Hjørring (seed, "9 gode tiltag"): the leader is alerted after 7 days' absence in a row, or after
# 3 shorter absences within 3 months, to consider Fast track or early intervention. How the days
# and months are counted is fasttrack's reading (domain/absence_rules.py says how).
ABSENCE_ALERT_CONSECUTIVE_DAYS = Rule(
    "absence_alert_consecutive_days",
    7,
    Unit.CALENDAR_DAYS,
    Anchor.FIRST_ABSENCE_DAY,
    "Municipal practice (Hjørring seed): an alert to the leader after 7 days' absence in a row; "
    "calendar days, registrations bridged by weekends and public holidays [fasttrack's reading]",
    source_da=(
        "Kommunal praksis (Hjørring): besked til lederen efter 7 dages sammenhængende fravær; "
        "kalenderdage, registreringer bundet sammen af weekender og helligdage [fasttracks læsning]"
    ),
)
ABSENCE_ALERT_SPELLS = Rule(
    "absence_alert_spells",
    3,
    Unit.SPELLS,
    Anchor.FIRST_ABSENCE_DAY,
    "Municipal practice (Hjørring seed): an alert after 3 shorter absences within 3 months",
    source_da="Kommunal praksis (Hjørring): besked efter 3 kortere fravær inden for 3 måneder",
)
ABSENCE_ALERT_WINDOW = Rule(
    "absence_alert_window",
    3,
    Unit.MONTHS,
    Anchor.FIRST_ABSENCE_DAY,
    "Municipal practice (Hjørring seed): «3 måneder», read as calendar months from the first day "
    "of the first spell counted (1 June to 31 August) [fasttrack's reading]",
    source_da=(
        "Kommunal praksis (Hjørring): «3 måneder», læst som kalendermåneder fra det første "
        "fraværs første dag (1. juni til 31. august) [fasttracks læsning]"
    ),
)
# Hjørring's targets are 90 % of alerts answered and 95 % of those on time; the seed gives no
# number of days. Its roundtable is «allerede i anden sygeuge» (by day 13): an alert raised on
# day 7 that is answered within 3 working days leaves the job centre the rest of week 2.
ABSENCE_ALERT_ANSWER = Rule(
    "absence_alert_answer",
    3,
    Unit.WORKING_DAYS,
    Anchor.ALERT,
    "Municipal practice (Hjørring seed: 90 % of alerts answered, 95 % of those on time; roundtable "
    "«allerede i anden sygeuge»); the 3 working days are fasttrack's reading [no number in the "
    "seed]",
    source_da=(
        "Kommunal praksis (Hjørring: 90 % af beskederne besvaret, 95 % af dem rettidigt; "
        "rundbordssamtale «allerede i anden sygeuge»); de 3 arbejdsdage er fasttracks læsning "
        "[intet tal i kilden]"
    ),
)
# Fast track on concern, before or at the start of absence (the inspiration catalogue: «bekymring
# for sygemelding»; Vordingborg's GP cooperation; Kolding's retention phone, also «ved risiko for
# sygemelding»). No statute sets its steps: they are municipal practice.
CONCERN_CONTACT = Rule(
    "concern_contact",
    2,
    Unit.WORKING_DAYS,
    Anchor.CONCERN,
    "Municipal practice: Kolding's retention phone (roundtable «1-7 dage efter opkaldet»); the "
    "job centre contacts the person within 2 working days [fasttrack's default]",
    source_da=(
        "Kommunal praksis: Koldings fastholdelsestelefon (rundbordssamtale «1-7 dage efter "
        "opkaldet»); jobcentret kontakter personen inden for 2 arbejdsdage [fasttracks standard]"
    ),
)
CONCERN_TALK = Rule(
    "concern_talk",
    7,
    Unit.CALENDAR_DAYS,
    Anchor.CONCERN,
    "Municipal practice: Kolding «1-7 dage efter opkaldet»; Vordingborg: a retention meeting "
    "at the workplace (or the GP practice) early",
    source_da=(
        "Kommunal praksis: Kolding «1-7 dage efter opkaldet»; Vordingborg: et tidligt "
        "fastholdelsesmøde på arbejdspladsen (eller i lægepraksis)"
    ),
)
CONCERN_EFFORT = Rule(
    "concern_effort",
    14,
    Unit.CALENDAR_DAYS,
    Anchor.CONCERN,
    "Municipal practice (the inspiration catalogue: early intervention; Vordingborg: feedback "
    "to the GP): an agreed effort within 2 weeks of the concern [fasttrack's default]",
    source_da=(
        "Kommunal praksis (inspirationskataloget: tidlig indsats; Vordingborg: tilbagemelding "
        "til egen læge): en aftalt indsats inden for 2 uger efter bekymringen [fasttracks standard]"
    ),
)

# The employer's sickness-absence talk (sygefraværssamtale): the leader's page guides it and
# warns when it is held late. Not fasttrack's deadline to enforce: the employer's duty.
SICKNESS_ABSENCE_TALK = Rule(
    "sickness_absence_talk",
    4,
    Unit.WEEKS,
    Anchor.FIRST_ABSENCE_DAY,
    "Sygedagpengeloven § 7 a: the employer holds a personal talk «senest 4 uger efter første "
    "fraværsdag» (pav.medst.dk; notes/domain.md); no duty if the employee has been given notice "
    "and leaves within 8 weeks",
    source_da=(
        "Sygedagpengeloven § 7 a: arbejdsgiveren holder en personlig samtale «senest 4 uger efter "
        "første fraværsdag» (pav.medst.dk; notes/domain.md); ingen pligt, hvis medarbejderen er "
        "opsagt og fratræder inden for 8 uger"
    ),
)

RULES += (
    SICKNESS_ABSENCE_TALK,
    ABSENCE_ALERT_CONSECUTIVE_DAYS,
    ABSENCE_ALERT_SPELLS,
    ABSENCE_ALERT_WINDOW,
    ABSENCE_ALERT_ANSWER,
    CONCERN_CONTACT,
    CONCERN_TALK,
    CONCERN_EFFORT,
)
