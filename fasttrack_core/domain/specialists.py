"""Roskilde's interdisciplinary team (issue 14 item 8): the specialists a job centre has, the one
its policy suggests for a case's cause, and who of them takes part in a roundtable.

A specialist is configuration (`[[specialist]]` in the TOML: profession, name, e-mail per job
centre); which profession a cause calls for is `policy.suggested_specialist`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fasttrack_core.domain.policy import Policy, suggested_specialist
from fasttrack_core.domain.vocabulary import ParticipantRole


@dataclass(frozen=True)
class SpecialistContact:
    """A member of a job centre's interdisciplinary team."""

    profession: str
    name: str
    email: str

    def as_participant(self) -> dict[str, str]:
        return {
            "role": ParticipantRole.SPECIALIST.value,
            "name": self.name,
            "email": self.email,
            "profession": self.profession,
        }


def specialist_for_case(
    policy: Policy, cause: str | None, team: Sequence[SpecialistContact]
) -> SpecialistContact | None:
    """The team's specialist of the profession the policy suggests for the cause, if any."""
    profession = suggested_specialist(policy, cause)
    if profession is None:
        return None
    return next((s for s in team if s.profession.casefold() == profession.casefold()), None)


def with_team_addresses(
    participants: Iterable[Mapping[str, Any]], team: Sequence[SpecialistContact]
) -> list[dict[str, Any]]:
    """A specialist invited by profession alone gets the team member's name and e-mail (the job
    centre knows its team, as the case knows its employee and leader)."""
    by_profession = {s.profession.casefold(): s for s in reversed(team)}
    completed = []
    for person in participants:
        member = by_profession.get(str(person.get("profession", "")).casefold())
        if is_specialist(person) and not person.get("email") and member is not None:
            person = {**member.as_participant(), **{k: v for k, v in person.items() if v}}
        completed.append(dict(person))
    return completed


def is_specialist(participant: Mapping[str, Any]) -> bool:
    return participant.get("role") == ParticipantRole.SPECIALIST.value


def specialist_took_part(participants: Iterable[Mapping[str, Any]]) -> bool:
    """A roundtable with a specialist among its participants (the report's share counts it)."""
    return any(is_specialist(p) for p in participants)
