"""The escalation rule (SPEC §6; issue 13): the team lead, else the job centre's administrator,
else the installation's administrator; never no one."""

from __future__ import annotations

import pytest

from fasttrack_core.services.notices.escalation import JobCentreContacts, escalation_recipient

INSTALLATION = "drift@kommune.example.dk"


@pytest.mark.parametrize(
    ("team_lead", "admin", "told"),
    [
        ("leder@jc.dk", "admin@jc.dk", "leder@jc.dk"),
        ("leder@jc.dk", None, "leder@jc.dk"),
        (None, "admin@jc.dk", "admin@jc.dk"),
        (None, None, INSTALLATION),
    ],
)
def test_an_escalation_goes_to_the_first_who_is_there(
    team_lead: str | None, admin: str | None, told: str
) -> None:
    assert escalation_recipient(JobCentreContacts(team_lead, admin), INSTALLATION) == told
