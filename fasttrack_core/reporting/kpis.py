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
    Kpi("consultants_over_capacity", "Konsulenter over kapacitet ved periodens slut",
        "Konsulenter, hvis åbne sager i rapportens afgrænsning ved periodens slut er flere end "
        "kapaciteten: sager pr. årsværk (standard 37, Varde) gange konsulentens årsværk.",
        "count", better="lower", target=0, target_text="Mål: ingen", question=CAPACITY),
)  # fmt: skip
KPI_BY_KEY = {kpi.key: kpi for kpi in KPIS}

# Outcomes that mean the case never ran as Fast track: left out of duration and partial return.
NOT_FAST_TRACK = ("declined", "withdrawn")
PARTIAL_MEASURES = ("partial_sick_leave", "work_trial")
