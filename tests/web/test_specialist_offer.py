"""Issue 14 item 8 on the case page: Roskilde's booking form offers the interdisciplinary team's
specialist the policy suggests for the case's cause; a booked specialist is among the
roundtable's participants when it is recorded."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from fasttrack_core.clock import FixedClock
from fasttrack_core.db import AppContext
from tests.conftest import at
from tests.web.conftest import OpenCase, open_case, resume_at, sign_in
from tests.web.test_case_page import held_followup, record, text_of

PHYSIOTHERAPIST = "lene.aagaard@roskilde.jobcenter.example.dk"  # demo_config.toml


@pytest.fixture
def roskilde_case(ctx: AppContext, ole: dict[str, Any], password_hash: str) -> OpenCase:
    """Ole (back and shoulder pain) living in Roskilde, whose policy suggests specialists."""
    return open_case(ctx, ole, password_hash, "265")


def test_roskildes_booking_form_offers_the_suggested_specialist_and_invites_them(
    client: TestClient, roskilde_case: OpenCase, clock: FixedClock
) -> None:
    sign_in(client, roskilde_case.owner)
    page = text_of(client.get(f"/sager/{roskilde_case.reference}"))
    row = "roundtable_booked.participants.0"
    assert f'id="{row}.email" name="{row}.email" type="email" value="{PHYSIOTHERAPIST}"' in page
    assert (
        f'id="{row}.profession" name="{row}.profession" type="text" value="fysioterapeut"' in page
    )
    held_followup(client, roskilde_case.reference, clock)
    resume_at(client, clock, at("2026-03-31 12:00"))
    booking = {
        "starts_at": "2026-04-02T13:00",
        "minutes": "60",
        "participants.0.role": "specialist",
        "participants.0.name": "Lene Aagaard",
        "participants.0.email": PHYSIOTHERAPIST,
        "participants.0.profession": "fysioterapeut",
    }
    response = record(client, roskilde_case.reference, "roundtable_booked", booking)
    assert response.status_code == 303, text_of(response)
    page = text_of(client.get(f"/sager/{roskilde_case.reference}"))
    held = "roundtable_held.participants.3"
    assert f'id="{held}.email" name="{held}.email" type="email" value="{PHYSIOTHERAPIST}"' in page


def test_no_specialist_is_offered_where_the_policy_suggests_none(
    client: TestClient, ole_case: OpenCase
) -> None:
    sign_in(client, ole_case.owner)
    page = text_of(client.get(f"/sager/{ole_case.reference}"))
    row = "roundtable_booked.participants.0"
    assert f'id="{row}.email" name="{row}.email" type="email" value=""' in page
