"""A job centre's policy: the deadlines of SPEC §4 and how cases are assigned (SPEC §5)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from fasttrack_core.domain.calendar import (
    COPENHAGEN,
    HolidayCalendar,
    add_bank_days,
    end_of_day,
    local_date,
)
from fasttrack_core.domain.law import (
    ABSENCE_ALERT_ANSWER,
    ABSENCE_ALERT_CONSECUTIVE_DAYS,
    ABSENCE_ALERT_SPELLS,
    ABSENCE_ALERT_WINDOW,
    ACCEPTANCE,
    CLOSURE,
    CONCERN_CONTACT,
    CONCERN_EFFORT,
    CONCERN_TALK,
    DOCTOR_STATEMENT,
    DOCTOR_STATEMENT_MINIMUM,
    EMPLOYER_REQUEST_WINDOW,
    FIRST_FOLLOWUP,
    FOLLOWUPS_FIRST_HALF_YEAR,
    NOTICE,
    REMINDER_LEAD,
    REVIEW_INTERVAL,
    ROUNDTABLE,
    Unit,
)
from fasttrack_core.domain.screening import INDICATOR_BY_ID
from fasttrack_core.domain.vocabulary import DEFAULT_STAIRCASE, Cause

# How a configuration writes an offset's unit ("14d"), and how a Danish reader names it.
_CODES = {
    Unit.HOURS: "h",
    Unit.WORKING_HOURS: "wh",
    Unit.CALENDAR_DAYS: "d",
    Unit.BANK_DAYS: "bd",
    Unit.WEEKS: "w",
}
_UNIT_OF_CODE = {code: unit for unit, code in _CODES.items()}
_UNIT_NAMES = {
    Unit.HOURS: "timer",
    Unit.WORKING_HOURS: "arbejdstimer",
    Unit.CALENDAR_DAYS: "dage",
    Unit.BANK_DAYS: "bankdage",
    Unit.WEEKS: "uger",
}
_OFFSET = re.compile(rf"^\s*(\d+)\s*({'|'.join(sorted(_UNIT_OF_CODE, key=len, reverse=True))})\s*$")


class PolicyError(ValueError):
    """A policy value that cannot be used; the message is Danish."""


@dataclass(frozen=True)
class Offset:
    """A deadline relative to an anchor: "48h", "48wh" (working hours), "14d", "2bd" (bank
    days) or "4w".

    Hours count from the anchor's exact time, working hours too but only the hours of working
    days (Friday 16:00 + 48 working hours is Tuesday 16:00); days, bank days and weeks end at the
    end of the Danish day they land on.
    """

    amount: int
    unit: Unit

    @classmethod
    def parse(cls, text: str) -> Offset:
        match = _OFFSET.match(text)
        if not match:
            raise PolicyError(
                f"Ugyldig frist '{text}': brug fx '48h', '48wh', '14d', '2bd' eller '4w'."
            )
        return cls(int(match.group(1)), _UNIT_OF_CODE[match.group(2)])

    def __post_init__(self) -> None:
        if self.unit not in _CODES:
            raise ValueError(f"A policy offset cannot be in {self.unit}")

    def due_from(self, anchor: datetime, calendar: HolidayCalendar) -> datetime:
        if self.unit is Unit.HOURS:
            return anchor + timedelta(hours=self.amount)
        if self.unit is Unit.WORKING_HOURS:
            return add_working_hours(anchor, self.amount, calendar)
        day = local_date(anchor)
        if self.unit is Unit.BANK_DAYS:
            return end_of_day(add_bank_days(day, self.amount, calendar))
        days = self.amount * 7 if self.unit is Unit.WEEKS else self.amount
        return end_of_day(day + timedelta(days=days))

    def longest_days(self) -> float:
        """An upper bound in calendar days (bank days may span weekends and holidays)."""
        per_unit = {
            Unit.HOURS: 1 / 24,
            Unit.WORKING_HOURS: 3 / 24,
            Unit.CALENDAR_DAYS: 1,
            Unit.WEEKS: 7,
            Unit.BANK_DAYS: 3,
        }
        return self.amount * per_unit[self.unit]

    def shortest_days(self) -> float:
        per_unit = {
            Unit.HOURS: 1 / 24,
            Unit.WORKING_HOURS: 1 / 24,
            Unit.CALENDAR_DAYS: 1,
            Unit.WEEKS: 7,
            Unit.BANK_DAYS: 1,
        }
        return self.amount * per_unit[self.unit]

    def __str__(self) -> str:
        return f"{self.amount}{_CODES[self.unit]}"

    def describe(self) -> str:
        return f"{self.amount} {_UNIT_NAMES[self.unit]}"


class AssignmentRule(StrEnum):
    LEAST_LOADED = "least_loaded"
    DUTY_ROTATION = "duty_rotation"
    FIXED_WORKPLACE = "fixed_workplace"


class PhoneRequestOwner(StrEnum):
    """Who gets a request taken at the retention phone (issue 14, item 3)."""

    DUTY = "duty"  # the consultant on the roster for the day of the call (Kolding's seed)
    TAKER = "taker"  # the consultant who took the call


class RoundtableAnchor(StrEnum):
    """What a municipality counts its roundtable deadline from (issue 11, item 6; the seeds)."""

    FIRST_FOLLOWUP = "first_followup"  # the first talk (SPEC §4's default, a synthesis)
    REQUEST = "request"  # Varde, Kolding, Roskilde: from the first contact
    FIRST_ABSENCE_DAY = "first_absence_day"  # Hjørring: in the second week of absence


# Specialists suggested for the roundtable by cause (Roskilde's interdisciplinary team, SPEC §4).
SPECIALIST_BY_CAUSE: dict[Cause, str] = {
    Cause.MUSCULOSKELETAL: "fysioterapeut",
    Cause.STRESS: "psykolog",
    Cause.MENTAL: "psykiater",
    Cause.WORK_RELATED: "arbejdsmediciner",
}


def suggested_specialist(policy: Policy, cause: str | None) -> str | None:
    """Roskilde: when the cause is known, the consultant is prompted to invite a specialist."""
    if not policy.suggest_specialist or cause is None:
        return None
    return SPECIALIST_BY_CAUSE.get(Cause(cause))


@dataclass(frozen=True)
class Policy:
    """Defaults are SPEC §4's (each from its rule in `law`, where its source is); a municipality
    overrides any of them in its configuration."""

    notice: Offset = Offset(NOTICE.value, NOTICE.unit)
    acceptance: Offset = Offset(ACCEPTANCE.value, ACCEPTANCE.unit)
    doctor_statement: Offset = Offset(DOCTOR_STATEMENT.value, DOCTOR_STATEMENT.unit)
    first_followup: Offset = Offset(FIRST_FOLLOWUP.value, FIRST_FOLLOWUP.unit)
    roundtable: Offset = Offset(ROUNDTABLE.value, ROUNDTABLE.unit)
    roundtable_after: RoundtableAnchor = RoundtableAnchor.FIRST_FOLLOWUP
    review_interval: Offset = Offset(REVIEW_INTERVAL.value, REVIEW_INTERVAL.unit)
    closure: Offset = Offset(CLOSURE.value, CLOSURE.unit)
    reminder_working_days: int = REMINDER_LEAD.value
    empowerment_talk_causes: frozenset[Cause] = frozenset()  # Lyngby-Taarbæk
    # A doctor's statement in every case, asked for at intake (else only when the consultant
    # judges it necessary or the employee wishes it: § 11 a, § 11 c).
    doctor_statement_always: bool = False
    suggest_specialist: bool = False  # Roskilde
    # The meeting place is free text (it may say more than a place): it stays out of emails and
    # calendar invitations unless a job centre switches this on (issue 12).
    meeting_location_in_messages: bool = False
    assignment: AssignmentRule = AssignmentRule.LEAST_LOADED
    capacity_per_fte: int = 37  # Varde: about 37 cases per full-time consultant
    phone_request_owner: PhoneRequestOwner = PhoneRequestOwner.DUTY
    # Helsingør's conversation tool (the seed's first goal of the roundtable), not a statutory
    # model: only a job centre that switches it on records where the employee and the employer
    # place the employee on the staircase (issue 11 item 2).
    staircase: bool = False
    staircase_steps: dict[int, str] = field(default_factory=lambda: dict(DEFAULT_STAIRCASE))
    # Absence alerts (Hjørring; issue 16): the employers (CVR numbers) that share their absence
    # registrations with this job centre (none: no alerts), and the alert rules.
    absence_alert_employers: tuple[str, ...] = ()
    absence_alert_days: int = ABSENCE_ALERT_CONSECUTIVE_DAYS.value
    absence_alert_spells: int = ABSENCE_ALERT_SPELLS.value
    absence_alert_months: int = ABSENCE_ALERT_WINDOW.value
    absence_alert_answer_days: int = ABSENCE_ALERT_ANSWER.value  # working days
    # Fast track on concern (issue 16): the job centre's contact (working days), the talk and the
    # agreed effort, each from the concern's arrival.
    concern_contact_days: int = CONCERN_CONTACT.value
    concern_talk: Offset = Offset(CONCERN_TALK.value, CONCERN_TALK.unit)
    concern_effort: Offset = Offset(CONCERN_EFFORT.value, CONCERN_EFFORT.unit)
    # The leader's screening tool (domain/screening.py): the indicators asked (none: all) and the
    # scores from which it suggests early intervention and Fast track.
    screening_indicators: tuple[str, ...] = ()
    screening_early_intervention: int = 2
    screening_fast_track: int = 4

    @classmethod
    def from_mapping(cls, overrides: dict[str, Any]) -> Policy:
        """The default policy with a configuration's overrides applied and checked."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise PolicyError(f"Ukendte politikfelter: {', '.join(unknown)}.")
        values: dict[str, Any] = {}
        for name, value in overrides.items():
            default = getattr(cls(), name)
            if isinstance(default, Offset):
                values[name] = Offset.parse(str(value))
            elif name == "empowerment_talk_causes":
                values[name] = frozenset(Cause(v) for v in value)
            elif name == "staircase_steps":
                values[name] = _staircase_steps(value)
            elif isinstance(default, bool):
                if not isinstance(value, bool):
                    raise PolicyError(f"Politikfeltet {name} skal være true eller false.")
                values[name] = value
            elif name == "assignment":
                values[name] = AssignmentRule(value)
            elif name == "roundtable_after":
                values[name] = RoundtableAnchor(value)
            elif isinstance(default, tuple):
                if not isinstance(value, list | tuple):
                    raise PolicyError(f"Politikfeltet {name} skal være en liste.")
                values[name] = tuple(str(v) for v in value)
            else:
                values[name] = type(default)(value)
        policy = replace(cls(), **values)
        policy.check_legal_limits()
        return policy

    def check_legal_limits(self) -> None:
        """Refuse a policy looser than the law: it may be stricter, never looser (issue 11)."""
        reasons = [
            reason
            for floor in (
                _first_talk_within_two_weeks,
                _doctor_has_eight_days,
                _acceptance_two_bank_days,
                _four_followups_in_first_half_year,
                _doctor_statement_by_the_first_talk,
                _request_anchored_roundtable_after_first_talk,
                _closure_within_section_24,
                _leader_side_counts_positive,
                _screening_known_and_ordered,
            )
            if (reason := floor(self)) is not None
        ]
        if reasons:
            raise PolicyError(" ".join(reasons))

    def to_mapping(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Offset):
                value = str(value)
            elif isinstance(value, frozenset):
                value = sorted(str(v) for v in value)
            elif isinstance(value, dict):
                value = {str(k): v for k, v in value.items()}
            elif isinstance(value, StrEnum):
                value = str(value)
            out[f.name] = value
        return out


def _staircase_steps(value: Any) -> dict[int, str]:
    """A job centre's own wording of the staircase's steps: the same six steps (the recorded
    placements are 1-6), each with its text."""
    steps = {int(k): str(v) for k, v in dict(value).items()}
    if sorted(steps) != sorted(DEFAULT_STAIRCASE):
        raise PolicyError(
            f"Trappens trin (staircase_steps) skal være 1-{max(DEFAULT_STAIRCASE)}, hvert med sin "
            "tekst."
        )
    return steps


# --- the statutory floors a policy may not break (each returns a Danish reason, or None) ---------

# The shortest half-year in days from the first absence day (day 0) to its last day: six calendar
# months are 181 days at the least (1 January to 30 June in a common year), so day 180.
_LAST_DAY_OF_SHORTEST_HALF_YEAR = 180


def _first_talk_within_two_weeks(policy: Policy) -> str | None:
    # law.FIRST_FOLLOWUP: § 13 b, stk. 2.
    if policy.first_followup.longest_days() > FIRST_FOLLOWUP.calendar_days():
        return (
            "Første opfølgningssamtale skal holdes senest "
            f"{FIRST_FOLLOWUP.calendar_days()} dage efter anmodningen (sygedagpengeloven § 13 b, "
            "stk. 2)."
        )
    return None


def _doctor_has_eight_days(policy: Policy) -> str | None:
    # law.DOCTOR_STATEMENT_MINIMUM: BEK 1710/2024 § 11, stk. 3.
    if policy.doctor_statement.shortest_days() < DOCTOR_STATEMENT_MINIMUM.calendar_days():
        return (
            f"Lægen skal have mindst {DOCTOR_STATEMENT_MINIMUM.calendar_days()} dage til "
            "lægeattesten (BEK 1710/2024 § 11, stk. 3)."
        )
    return None


def _acceptance_two_bank_days(policy: Policy) -> str | None:
    # law.ACCEPTANCE: BEK 1710/2024 § 4, stk. 1 counts bank days; a count in other units is not
    # the statutory one (2 bank days can span 7 calendar days over Easter).
    offset = policy.acceptance
    if offset.unit is not ACCEPTANCE.unit or offset.amount < ACCEPTANCE.value:
        return (
            f"Medarbejderens svarfrist skal være mindst {ACCEPTANCE.value} bankdage efter brevet "
            f"(BEK 1710/2024 § 4, stk. 1), ikke {offset.describe()}."
        )
    return None


def _four_followups_in_first_half_year(policy: Policy) -> str | None:
    """law.FOLLOWUPS_FIRST_HALF_YEAR (§ 13 b, stk. 1), for a request on the last day of the
    employer's window: the first talk and the roundtable at their latest, then reviews one
    interval apart, must give four follow-ups by the last day of the first half-year. The
    roundtable counts as a follow-up (the job centre takes part in it)."""
    request_day = EMPLOYER_REQUEST_WINDOW.calendar_days()
    talk_day = request_day + policy.first_followup.longest_days()
    anchor_day = {"request": request_day, "first_followup": talk_day, "first_absence_day": 0}
    roundtable_day = max(
        talk_day, anchor_day[str(policy.roundtable_after)] + policy.roundtable.longest_days()
    )
    reviews = FOLLOWUPS_FIRST_HALF_YEAR.value - 2
    last_day = roundtable_day + reviews * policy.review_interval.longest_days()
    if last_day > _LAST_DAY_OF_SHORTEST_HALF_YEAR:
        return (
            f"Opfølgningsintervallet {policy.review_interval.describe()} giver ikke "
            f"{FOLLOWUPS_FIRST_HALF_YEAR.value} opfølgninger inden for det første halve år fra "
            "første fraværsdag (sygedagpengeloven § 13 b, stk. 1), når anmodningen kommer sidst "
            "i de 5 uger."
        )
    return None


def _doctor_statement_by_the_first_talk(policy: Policy) -> str | None:
    # BEK 1710/2024 § 11, stk. 3: the statement must be there «senest samtidig med
    # opfølgningssamtalen». Only a statement asked for at intake (`doctor_statement_always`) runs
    # from the request alongside the talk; one asked for later, by event, has its deadline
    # shortened to the first talk's (schedule.doctor_statement_due).
    if not policy.doctor_statement_always:
        return None
    if policy.doctor_statement.longest_days() > policy.first_followup.shortest_days():
        return (
            f"Lægeattesten ({policy.doctor_statement.describe()}) må ikke have frist efter første "
            f"opfølgningssamtale ({policy.first_followup.describe()}) (BEK 1710/2024 § 11, "
            "stk. 3)."
        )
    return None


def _request_anchored_roundtable_after_first_talk(policy: Policy) -> str | None:
    # The roundtable is held after the first talk (SPEC §4): counted from the request, its
    # deadline may not come before the first talk's latest date.
    if policy.roundtable_after is not RoundtableAnchor.REQUEST:
        return None
    if policy.roundtable.shortest_days() < policy.first_followup.longest_days():
        return (
            f"Rundbordssamtalen ({policy.roundtable.describe()} efter anmodningen) må ikke have "
            "frist før første opfølgningssamtales seneste dato "
            f"({policy.first_followup.describe()} efter anmodningen)."
        )
    return None


def _closure_within_section_24(policy: Policy) -> str | None:
    # law.CLOSURE: § 24, stk. 1 (22 weeks of benefit); counted from the first absence day.
    if policy.closure.longest_days() > CLOSURE.calendar_days():
        return (
            f"Afslutningen ({policy.closure.describe()} efter første fraværsdag) ligger efter "
            f"varighedsgrænsen på {CLOSURE.value} uger (sygedagpengeloven § 24, stk. 1)."
        )
    return None


def _leader_side_counts_positive(policy: Policy) -> str | None:
    # Not a statutory floor: an alert or a concern rule of 0 would never (or always) fire.
    counts = {
        "absence_alert_days": policy.absence_alert_days,
        "absence_alert_spells": policy.absence_alert_spells,
        "absence_alert_months": policy.absence_alert_months,
        "absence_alert_answer_days": policy.absence_alert_answer_days,
        "concern_contact_days": policy.concern_contact_days,
    }
    wrong = [name for name, value in counts.items() if value < 1]
    if policy.absence_alert_spells < 2 and "absence_alert_spells" not in wrong:
        wrong.append("absence_alert_spells")
    if wrong:
        return f"Politikfelterne {', '.join(wrong)} skal være mindst 1 (antal fravær mindst 2)."
    return None


def _screening_known_and_ordered(policy: Policy) -> str | None:
    unknown = [i for i in policy.screening_indicators if i not in INDICATOR_BY_ID]
    if unknown:
        return (
            f"Ukendte screeningsspørgsmål: {', '.join(unknown)} (kendte: "
            f"{', '.join(INDICATOR_BY_ID)})."
        )
    if not 1 <= policy.screening_early_intervention <= policy.screening_fast_track:
        return "Screeningens grænser skal opfylde 1 ≤ tidlig indsats ≤ Fast track."
    return None


def add_working_hours(anchor: datetime, hours: int, calendar: HolidayCalendar) -> datetime:
    """`anchor` plus `hours` clock hours, counting only the hours of working days (Danish
    local days; a day's length follows daylight saving time)."""
    at = anchor.astimezone(COPENHAGEN)
    remaining = timedelta(hours=hours)
    while True:
        next_day = start_of_day(at.date() + timedelta(days=1))
        if calendar.is_working_day(at.date()):
            available = next_day.astimezone(UTC) - at.astimezone(UTC)
            if remaining <= available:
                return (at.astimezone(UTC) + remaining).astimezone(COPENHAGEN)
            remaining -= available
        at = next_day


def start_of_day(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=COPENHAGEN)
