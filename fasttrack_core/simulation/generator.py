"""Generated requests: people, employers and causes drawn from one seeded random generator."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from fasttrack_core.domain.calendar import COPENHAGEN, local_date

FIRST_NAMES = (
    "Anne",
    "Mette",
    "Hanne",
    "Lone",
    "Kirsten",
    "Ole",
    "Jens",
    "Peter",
    "Lars",
    "Søren",
    "Camilla",
    "Maria",
    "Jonas",
    "Mads",
    "Sofie",
    "Emil",
    "Ida",
    "Frederik",
    "Line",
    "Rasmus",
)
LAST_NAMES = (
    "Nielsen",
    "Jensen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
)
EMPLOYERS = (
    ("29189919", "Varde Kommune", "Plejecentre"),
    ("29189595", "Hjørring Kommune", "Ældreplejen"),
    ("12345674", "Ishøj Kommune", "Hjemmeplejen Syd"),
    ("10103940", "Byggefirma A/S", "Montage"),
    ("25313763", "Dansk Logistik ApS", "Lager"),
    ("30060946", "Regionshospitalet", "Sengeafsnit"),
)
CAUSES = ("musculoskeletal", "stress", "mental", "work_related", "other", None)
CAUSE_WEIGHTS = (35, 30, 10, 10, 10, 5)
CHANNELS = ("digital", "phone", "email", "doctor", "absence_alert")
CHANNEL_WEIGHTS = (60, 20, 8, 7, 5)
# Employees the request gives no e-mail address (their notice and summonses go as letters). A
# guess: 5.0 % of residents were exempt from Digital Post in April 2025 (Digitaliseringsstyrelsen,
# "Hvem oplever udfordringer ved det digitale"), fewer of working age; plus requests whose
# employer did not give the address. Drawn from a generator of its own, so the rest of a seed's
# run is the same with or without it.
NO_EMAIL_SHARE = 0.10


class Draws:
    """A seeded random generator and the moments drawn from it."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def at_work(self, day: date, hour_from: int = 8, hour_to: int = 15) -> datetime:
        hour = self.rng.randint(hour_from, hour_to)
        return datetime.combine(day, time(hour, self.rng.randint(0, 59)), tzinfo=COPENHAGEN)


class CaseGenerator(Draws):
    """Requests drawn from one seeded random generator; each case's script draws from a generator
    of its own (`for_case`), so the same seed gives the same intake whatever the scripts do (a
    what-if's scenario changes what happens on the cases, never which requests come)."""

    def __init__(self, seed: int, municipalities: list[str]) -> None:
        super().__init__(random.Random(seed))
        self.seed = seed
        self.municipalities = municipalities
        self.serial = 0

    def for_case(self) -> Draws:
        """The draws of the script of the request generated last."""
        return Draws(random.Random(f"{self.seed}/{self.serial}"))

    def cpr(self) -> str:
        birth = date(1960, 1, 1) + timedelta(days=self.rng.randint(0, 39 * 365))
        # A serial whose first digit gives the 1900s (CPR's century table), unique per person.
        self.serial += 1
        serial = f"{self.rng.randint(0, 3)}{self.serial % 1000:03d}"
        return birth.strftime("%d%m%y") + serial

    def email(self, first: str, last: str) -> str | None:
        """The e-mail address of the person given the latest CPR number, or None."""
        if random.Random(f"{self.seed}/{self.serial}/email").random() < NO_EMAIL_SHARE:
            return None
        return f"{first.lower()}.{last.lower()}{self.serial}@example.dk".replace("ø", "oe")

    def request(self, requested_at: datetime) -> dict[str, Any]:
        rng = self.rng
        by_employee = rng.random() < 0.15
        late = rng.random() < 0.03  # an employer who asks too late is refused, as in real life
        days_absent = (
            rng.randint(36, 50)
            if late and not by_employee
            else rng.choice([rng.randint(1, 7), rng.randint(8, 21), rng.randint(22, 34)])
        )
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        cvr, employer, workplace = rng.choice(EMPLOYERS)
        return {
            "requested_by": "employee" if by_employee else "employer",
            "channel": rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0],
            "requested_at": requested_at.isoformat(),
            "first_absence_day": (
                local_date(requested_at) - timedelta(days=days_absent)
            ).isoformat(),
            "expected_over_8_weeks": True,
            "employee": {
                "name": f"{first} {last}",
                "cpr": self.cpr(),
                "email": self.email(first, last),
                "phone": f"+45{rng.randint(20000000, 99999999)}",
                "residence_municipality": rng.choice(self.municipalities),
                "weekly_hours": 37,  # a partial return is measured against it (§ 53)
            },
            "employer": {"cvr": cvr, "name": employer, "workplace": workplace},
            "leader": {"name": "Leder", "email": "leder@example.dk"},
            "hr_contact": {"name": "Personaleafdelingen", "email": "hr@example.dk"},
            "questions": {
                "affected_functions": "Kerneopgaverne i jobbet.",
                "affected_since": "Nogle uger.",
                "adaptation_tried": "Færre opgaver forsøgt.",
            },
            "cause_category": rng.choices(CAUSES, CAUSE_WEIGHTS)[0],
        }
