"""Every figure of the steering report (SPEC §7), defined once: its key, its Danish label and
definition (what counts and from which events), its unit and target, and the steering group's
question it answers. The report, the JSON output, the Prefect artifact and the tests all read
`KPIS`; `kpi_queries` measures them in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from fasttrack_core.domain.law import FIRST_FOLLOWUP

FOLLOWUP_DAYS = FIRST_FOLLOWUP.calendar_days()  # § 13 b, stk. 2 (domain/law.py)
Unit = Literal["count", "share", "days"]
Value = float | int | None


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str  # Danish, as the report shows it
    definition: str  # Danish: what counts and from which events
    unit: Unit
    better: Literal["higher", "lower", "neither"] = "neither"
    target: float | None = None  # a share to reach, or a count not to exceed
    target_text: str | None = None
    question: str = ""  # the steering group's question it answers on page 1 ("": not there)

    def missed(self, value: Value) -> bool:
        if self.target is None or value is None:
            return False
        return value < self.target if self.better == "higher" else value > self.target


# The steering group's questions (issue 5), in the order page 1 answers them.
USED = "Bruges Fast track – og tidligt?"
DEADLINES = "Holder vi fristerne?"
WORKS = "Virker det?"
CAPACITY = "Har vi kapaciteten?"
QUESTIONS = (USED, DEADLINES, WORKS, CAPACITY)


def _timely_definition(label: str, where: str) -> str:
    return (
        f"{label}: andelen af trinene med frist i perioden, der var udført senest på fristdagen. "
        f"{where} Et trin, der ikke var udført ved periodens slut, tæller som for sent, når "
        "fristdagen er passeret (og ikke med, før den er). Aflyste trin tæller ikke. Se afsnittet "
        "om rettidighed for fordelingen af dage for sent og for pausetid."
    )


# (key, Danish label, where the deadline comes from, target, target text): reporting/timeliness.py
_TIMELY = (
    ("first_talk", "første samtale", "Fristen er 14 dage efter anmodningen (sygedagpengeloven "
     "§ 13 b, stk. 2; regel first_followup), eller kommunens kortere frist.", 1.0,
     "Mål: 100 % (lovkrav)"),
    ("first_talk_declined", "første samtale efter nej tak", "Har borgeren sagt nej tak, er "
     "fristen udgangen af 8. fraværsuge (§ 13 b, stk. 1 og 3; regel declined_first_followup).",
     1.0, "Mål: 100 % (lovkrav)"),
    ("doctor_statement", "lægeattest", "Fristen er 14 dage fra anmodningen til lægen, dog "
     "mindst 8 dage og senest til første samtale (BEK 1710/2024 § 11, stk. 3; regel "
     "doctor_statement). Det er lægens frist; jobcentret kan kun rykke.", None, None),
    ("roundtable", "rundbordssamtale", "Fristen er jobcentrets egen (standard 7 dage efter første "
     "samtale; regel roundtable; ingen lovfrist).", 1.0, "Mål: 100 % (kommunens frist)"),
    ("review", "opfølgning", "Fristen er den aftalte dato, ellers 4 uger efter forrige møde "
     "(regel review_interval; § 13 b, stk. 1: mindst fire opfølgninger det første halve år).",
     None, None),
    ("reassessment", "revurdering (§ 24)", "Fristen er udgangen af måneden, hvor 22 uger med "
     "sygedagpenge nås (sygedagpengeloven § 24, stk. 1; regel reassessment).", 1.0,
     "Mål: 100 % (lovkrav)"),
)  # fmt: skip

KPIS: tuple[Kpi, ...] = (
    Kpi("requests", "Anmodninger modtaget", "Sager, hvis anmodning er modtaget i perioden "
        "(anmodningsdatoen). Afviste anmodninger (fx for sent fra arbejdsgiver) oprettes ikke og "
        "tælles ikke.", "count", question=USED),
    Kpi("employer_in_window_share", "Arbejdsgiveranmodninger inden for 5 uger",
        "Andel af periodens anmodninger fra arbejdsgiveren, der kom senest dag 34 efter første "
        "sygedag (første sygedag er dag 0; sygedagpengeloven § 7 c). Systemet afviser senere "
        "anmodninger fra arbejdsgiveren, så de indgår ikke.", "share", better="higher"),
    Kpi("absence_to_request_median", "Dage fra første sygedag til anmodning (median)",
        "Medianen af antal kalenderdage fra første sygedag til anmodningsdatoen for periodens "
        "anmodninger.", "days", better="lower", question=USED),
    Kpi("absence_alert_requests", "Anmodninger efter fraværsalarm",
        "Periodens anmodninger med kanalen 'fraværsalarm'.", "count"),
    Kpi("alerts_raised", "Fraværsalarmer sendt til ledere",
        "Fraværsalarmer rejst i perioden ud fra arbejdsgivernes fraværsregistreringer (Hjørring: "
        "7 dages fravær i træk, eller 3 fravær inden for 3 måneder; kommunens egne regler, hvor "
        "de er andre).", "count", question=USED),
    Kpi("alerts_answered_share", "Fraværsalarmer besvaret af lederen",
        "Andel af periodens fraværsalarmer, som lederen har besvaret (anmodning sendt, ikke "
        "relevant eller allerede håndteret), talt da rapporten blev lavet.", "share",
        better="higher", target=0.9, target_text="Mål: 90 % (Hjørring)", question=USED),
    Kpi("alerts_on_time_share", "Besvarede fraværsalarmer besvaret til tiden",
        "Andel af de besvarede alarmer fra perioden, der blev besvaret senest svarfristen: "
        "3 arbejdsdage efter alarmen (kommunens egen frist, hvor den er en anden). Dag 3 er til "
        "tiden, dag 4 for sent.", "share", better="higher", target=0.95,
        target_text="Mål: 95 % (Hjørring)", question=DEADLINES),
    Kpi("first_followups_held", "Første opfølgningssamtaler holdt",
        "Første opfølgningssamtaler holdt i perioden i sager, hvor borgeren ikke har takket nej "
        "til Fast track.", "count"),
    Kpi("first_followup_within_14_share", "Første samtale senest 14 dage efter anmodningen",
        "Andel af periodens holdte første samtaler (uden sager, hvor borgeren takkede nej), der "
        "blev holdt senest 14 kalenderdage efter anmodningsdatoen (sygedagpengeloven § 13 b, "
        "stk. 2). Dag 14 er til tiden, dag 15 for sent.", "share", better="higher", target=1.0,
        target_text="Mål: 100 % (lovkrav)", question=DEADLINES),
    Kpi("first_followup_days_median", "Dage fra anmodning til første samtale (median)",
        "Medianen af kalenderdage fra anmodningsdatoen til den første samtale for periodens "
        "holdte første samtaler (samme sager som ovenfor).", "days", better="lower"),
    Kpi("roundtables_held", "Rundbordssamtaler holdt",
        "Rundbordssamtaler holdt i perioden.", "count"),
    Kpi("roundtable_on_time_share", "Rundbordssamtaler holdt inden fristen",
        "Andel af periodens rundbordssamtaler, der blev holdt inden sagens frist for rundbordet "
        "(standard 7 dage efter første samtale; kommunens egen frist, hvor den er kortere).",
        "share", better="higher", target=1.0, target_text="Mål: 100 % (kommunens frist)",
        question=DEADLINES),
    Kpi("request_to_roundtable_median", "Dage fra anmodning til rundbordssamtale (median)",
        "Medianen af kalenderdage fra anmodningsdatoen til rundbordssamtalen for periodens "
        "rundbordssamtaler.", "days", better="lower"),
    Kpi("roundtable_specialist_share", "Rundbordssamtaler med fagperson",
        "Andel af periodens rundbordssamtaler, hvor en fagperson (fx psykolog eller "
        "fysioterapeut) deltog.", "share"),
    Kpi("plans_with_actions", "Planer med aftalte handlinger",
        "Periodens rundbordssamtaler, hvor planen for tilbagevenden fik mindst én handling med "
        "ansvarlig og frist.", "count", better="higher"),
    Kpi("closed", "Sager afsluttet", "Sager afsluttet i perioden (alle udfald).", "count",
        question=WORKS),
    Kpi("absence_days_mean", "Sygefravær ved afslutning (gennemsnit, dage)",
        "Gennemsnitligt antal kalenderdage fra første sygedag til afslutningen for periodens "
        "afsluttede sager, undtagen sager hvor borgeren takkede nej eller anmodningen blev trukket "
        "tilbage. Ishøjs mål er at afkorte sygedagpengeforløb med 6–8 uger.", "days",
        better="lower", question=WORKS),
    Kpi("partial_or_trial_share", "Delvis raskmelding eller arbejdsprøvning undervejs",
        "Andel af periodens afsluttede sager (samme sager som ovenfor) med en registreret delvis "
        "tilbagevenden, eller hvor planen indeholdt delvis sygemelding eller "
        "virksomhedspraktik/arbejdsprøvning (Varde: fra 20–25 % til ca. 50 %).", "share",
        better="higher", question=WORKS),
    Kpi("paused_days_mean", "Dage i bero pr. afsluttet sag (gennemsnit)",
        "Gennemsnitligt antal kalenderdage, periodens afsluttede sager (samme sager som ovenfor) "
        "var sat i bero (standby efter sygedagpengeloven § 13 b, stk. 5, venter på behandling "
        "eller anden grund). Mens en sag er i bero, er dens frister stoppet; sygefraværet ovenfor "
        "tæller dagene med.", "days"),
    Kpi("open_cases", "Åbne sager ved periodens slut",
        "Sager oprettet før periodens slut og ikke afsluttet ved periodens slut.", "count",
        question=CAPACITY),
    Kpi("overdue_steps", "Overskredne frister ved periodens slut",
        "Trin i åbne sager, hvis frist lå før periodens slut, og som ikke var udført ved "
        "periodens slut. Aflyste trin tæller ikke.", "count", better="lower", question=DEADLINES),
    Kpi("actions_overdue", "Handlinger fra planen over frist ved periodens slut",
        "Aftalte handlinger fra planer for tilbagevenden med frist før periodens slut, som ikke "
        "var udført ved periodens slut (en del af de overskredne frister).", "count",
        better="lower"),
    Kpi("cases_over_capacity", "Sager over kapacitet ved periodens slut",
        "For hver konsulent de åbne sager ud over kapaciteten (sager pr. årsværk gange årsværk) "
        "ved periodens slut, lagt sammen: så mange sager skulle flyttes, for at ingen var over.",
        "count", better="lower", question=CAPACITY),
    Kpi("consultants_over_capacity", "Konsulenter over kapacitet ved periodens slut",
        "Konsulenter, hvis åbne sager i rapportens afgrænsning ved periodens slut er flere end "
        "kapaciteten: sager pr. årsværk (standard 37, Varde) gange konsulentens årsværk.",
        "count", better="lower", target=0, target_text="Mål: ingen", question=CAPACITY),
    *(
        Kpi(f"on_time_{key}_share", f"Rettidighed: {label}", _timely_definition(label, where),
            "share", better="higher", target=target, target_text=target_text,
            question=DEADLINES if key in ("first_talk", "roundtable") else "")
        for key, label, where, target, target_text in _TIMELY
    ),
    Kpi("late_steps", "Frister overskredet (frist i perioden)",
        "Trin med frist i perioden (de seks frister ovenfor), der blev udført efter fristdagen "
        "eller ikke var udført ved periodens slut, hvor fristdagen var passeret.", "count",
        better="lower"),
    Kpi("late_over_3_weeks", "Mere end 3 uger for sent (frist i perioden)",
        "Af de overskredne frister ovenfor: dem, der var mere end 21 dage for sene (udført "
        "eller stadig ikke udført ved periodens slut).", "count", better="lower",
        question=DEADLINES),
)  # fmt: skip
KPI_BY_KEY = {kpi.key: kpi for kpi in KPIS}

# Outcomes that mean the case never ran as Fast track: left out of duration and partial return.
NOT_FAST_TRACK = ("declined", "withdrawn", "duplicate")
PARTIAL_MEASURES = ("partial_sick_leave", "work_trial")
