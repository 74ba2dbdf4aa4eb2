"""The leader's screening tool (issue 16; the inspiration catalogue names «et screeningsværktøj»
for the risk of long absence): a few yes/no indicators, each with a weight and a reason, and a
plain-language suggestion from their sum. Nothing is stored; no health detail is asked for beyond
what the leader already knows, and the answers never leave the page.

The indicators are drawn from the seeds and the law (each names its source); a job centre may ask
fewer of them and move the thresholds (`Policy.screening_indicators`,
`screening_early_intervention`, `screening_fast_track`). It is a prompt for a conversation, not a
prediction: the weights are fasttrack's judgement, not a validated instrument.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the policy checks its screening values against INDICATOR_BY_ID
    from fasttrack_core.domain.policy import Policy


class Suggestion(StrEnum):
    NOTHING_YET = "nothing_yet"
    EARLY_INTERVENTION = "early_intervention"
    FAST_TRACK = "fast_track"


@dataclass(frozen=True)
class Indicator:
    id: str
    question: str  # Danish: what the leader answers yes or no to
    weight: int
    why: str  # Danish: why it counts, as the result page says it
    source: str


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "expects_over_8_weeks",
        "Forventer medarbejderen eller lægen, at fraværet varer mere end 8 uger?",
        3,
        "Fast track er netop for fravær, der forventes at vare mere end 8 uger.",
        "Sygedagpengeloven § 7 c (law.EXPECTED_ABSENCE)",
    ),
    Indicator(
        "absent_two_weeks",
        "Har medarbejderen været sygemeldt i mere end 2 uger?",
        2,
        "Jo længere fraværet varer, jo sværere er det at komme tilbage; Hjørring sætter ind "
        "allerede i første sygeuge.",
        "Hjørring seed (effort from week 1, roundtable in the 2nd sick week)",
    ),
    Indicator(
        "repeated_absence",
        "Har medarbejderen haft flere fraværsperioder de seneste 3 måneder?",
        2,
        "Gentagne korte fravær kan være et tidligt tegn på, at noget er galt.",
        "Hjørring seed (alert after 3 shorter absences within 3 months)",
    ),
    Indicator(
        "strain_or_stress",
        "Har medarbejderen selv fortalt om stress eller psykisk belastning?",
        2,
        "Ved stress og psykisk belastning hjælper en tidlig, fælles plan; nogle jobcentre "
        "tilbyder en særlig samtale med medarbejderen før rundbordet.",
        "Lyngby-Taarbæk seed (empowerment talk for stress, mental and work-related illness); "
        "SPEC §8 Hanne",
    ),
    Indicator(
        "work_factors",
        "Spiller forhold på arbejdspladsen ind (fx arbejdsmængde, konflikter, fysisk belastning)?",
        2,
        "Når arbejdet er en del af årsagen, er arbejdspladsen også en del af løsningen.",
        "SPEC §3 cause 'work_related'; SPEC §8 Hanne (heavy workload)",
    ),
    Indicator(
        "tasks_hard_to_adapt",
        "Er det svært at tilpasse opgaverne, så medarbejderen kan arbejde delvist?",
        1,
        "Uden tilpassede opgaver er en delvis tilbagevenden sværere; jobcentret kan hjælpe med "
        "hjælpemidler og ordninger.",
        "BEK 1710/2024 § 3 (the request's third question); Varde seed (partial return)",
    ),
    Indicator(
        "unsure_return",
        "Er medarbejderen usikker på, hvornår hun eller han kan vende tilbage?",
        2,
        "Usikkerhed om tilbagevenden er trin 5 på trappemodellen: her hjælper en plan.",
        "SPEC §4 staircase step 5 ('tilbagevenden afklares')",
    ),
    Indicator(
        "earlier_long_absence",
        "Har medarbejderen tidligere haft et langt sygefravær?",
        1,
        "Tidligere langt fravær øger risikoen for et nyt.",
        "Sygedagpengeloven § 24 (earlier spells count towards the duration limit)",
    ),
)
INDICATOR_BY_ID = {indicator.id: indicator for indicator in INDICATORS}


@dataclass(frozen=True)
class ScreeningResult:
    suggestion: Suggestion
    score: int
    reasons: tuple[Indicator, ...]  # the indicators answered yes, heaviest first


def asked(policy: Policy) -> tuple[Indicator, ...]:
    """The indicators a job centre's leaders are asked (all, unless its policy names some)."""
    if not policy.screening_indicators:
        return INDICATORS
    return tuple(INDICATOR_BY_ID[i] for i in policy.screening_indicators if i in INDICATOR_BY_ID)


def screen(policy: Policy, yes: Collection[str]) -> ScreeningResult:
    """The suggestion for the indicators answered yes (unknown ids are ignored)."""
    reasons = tuple(sorted((i for i in asked(policy) if i.id in yes), key=lambda i: -i.weight))
    score = sum(indicator.weight for indicator in reasons)
    if score >= policy.screening_fast_track:
        suggestion = Suggestion.FAST_TRACK
    elif score >= policy.screening_early_intervention:
        suggestion = Suggestion.EARLY_INTERVENTION
    else:
        suggestion = Suggestion.NOTHING_YET
    return ScreeningResult(suggestion, score, reasons)
