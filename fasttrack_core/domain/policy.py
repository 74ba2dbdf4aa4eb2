"""A job centre's policy: the deadlines of SPEC §4 and how cases are assigned (SPEC §5)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from fasttrack_core.domain.calendar import (
    COPENHAGEN,
    HolidayCalendar,
    add_bank_days,
    end_of_day,
    local_date,
)
from fasttrack_core.domain.vocabulary import DEFAULT_STAIRCASE, Cause

_OFFSET = re.compile(r"^\s*(\d+)\s*(h|d|bd|w)\s*$")
_UNIT_NAMES = {"h": "timer", "d": "dage", "bd": "bankdage", "w": "uger"}


class PolicyError(ValueError):
    """A policy value that cannot be used; the message is Danish."""


@dataclass(frozen=True)
class Offset:
    """A deadline relative to an anchor: "48h", "14d", "2bd" (bank days) or "4w".

    Hours count from the anchor's exact time; days, bank days and weeks end at the end of the
    Danish day they land on.
    """

    amount: int
    unit: str

    @classmethod
    def parse(cls, text: str) -> Offset:
        match = _OFFSET.match(text)
        if not match:
            raise PolicyError(f"Ugyldig frist '{text}': brug fx '48h', '14d', '2bd' eller '4w'.")
        return cls(int(match.group(1)), match.group(2))

    def due_from(self, anchor: datetime, calendar: HolidayCalendar) -> datetime:
        if self.unit == "h":
            return anchor + timedelta(hours=self.amount)
        day = local_date(anchor)
        if self.unit == "bd":
            return end_of_day(add_bank_days(day, self.amount, calendar))
        days = self.amount * 7 if self.unit == "w" else self.amount
        return end_of_day(day + timedelta(days=days))

    def longest_days(self) -> float:
        """An upper bound in calendar days (bank days may span weekends and holidays)."""
        per_unit = {"h": 1 / 24, "d": 1, "w": 7, "bd": 3}
        return self.amount * per_unit[self.unit]

    def shortest_days(self) -> float:
        per_unit = {"h": 1 / 24, "d": 1, "w": 7, "bd": 1}
        return self.amount * per_unit[self.unit]

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"

    def describe(self) -> str:
        return f"{self.amount} {_UNIT_NAMES[self.unit]}"


class AssignmentRule(StrEnum):
    LEAST_LOADED = "least_loaded"
    DUTY_ROTATION = "duty_rotation"
    FIXED_WORKPLACE = "fixed_workplace"


class RoundtableAnchor(StrEnum):
    FIRST_FOLLOWUP = "first_followup"
    REQUEST = "request"


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
    """Defaults are SPEC §4's; a municipality overrides any of them in its configuration."""

    notice: Offset = Offset(0, "d")  # leaflet: the employee hears from the job centre the same day
    acceptance: Offset = Offset(2, "bd")  # BEK 1710/2024 § 4: 2 bank days after the notice
    doctor_statement: Offset = Offset(14, "d")  # leaflet; BEK 1710/2024 § 11 (at least 8 days)
    first_followup: Offset = Offset(14, "d")  # sygedagpengeloven § 13 b, stk. 2
    roundtable: Offset = Offset(7, "d")  # seeds: Varde, Roskilde, Helsingør, Kolding
    roundtable_after: RoundtableAnchor = RoundtableAnchor.FIRST_FOLLOWUP
    review_interval: Offset = Offset(4, "w")  # § 13 b, stk. 1; Roskilde, Helsingør
    # Fast track should be concluded or handed on before the 22-week duration limit (§ 24).
    closure: Offset = Offset(22, "w")
    reminder_working_days: int = 2
    empowerment_talk_causes: frozenset[Cause] = frozenset()  # Lyngby-Taarbæk
    suggest_specialist: bool = False  # Roskilde
    absence_alerts: bool = False  # Hjørring
    assignment: AssignmentRule = AssignmentRule.LEAST_LOADED
    capacity_per_fte: int = 37  # Varde: about 37 cases per full-time consultant
    staircase: dict[int, str] = field(default_factory=lambda: dict(DEFAULT_STAIRCASE))

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
            elif name == "staircase":
                values[name] = {int(k): str(v) for k, v in value.items()}
            elif name == "assignment":
                values[name] = AssignmentRule(value)
            elif name == "roundtable_after":
                values[name] = RoundtableAnchor(value)
            else:
                values[name] = type(default)(value)
        policy = replace(cls(), **values)
        policy.check_legal_limits()
        return policy

    def check_legal_limits(self) -> None:
        # § 13 b, stk. 2: the first follow-up talk no later than 2 weeks after the request.
        if self.first_followup.longest_days() > 14:
            raise PolicyError(
                "Første opfølgningssamtale skal holdes senest 14 dage efter anmodningen."
            )
        # BEK 1710/2024 § 11: the doctor has at least 8 days for the statement.
        if self.doctor_statement.shortest_days() < 8:
            raise PolicyError("Lægen skal have mindst 8 dage til lægeattesten.")


def start_of_day(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=COPENHAGEN)
