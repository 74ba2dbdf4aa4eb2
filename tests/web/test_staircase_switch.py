"""Issue 11 item 2 on the case page: the staircase (Helsingør's conversation tool, switched on by
its policy in demo_config.toml) is offered and shown only where the job centre uses it."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from fasttrack_core.clock import FixedClock
from fasttrack_core.db import AppContext
from fasttrack_core.services.queries import case_view
from tests.conftest import at
from tests.web.conftest import OpenCase, open_case, resume_at, sign_in
from tests.web.test_case_page import ROUNDTABLE, error_next_to, held_followup, record, text_of

KIND = "roundtable_held"


@pytest.fixture
def helsingor_case(ctx: AppContext, ole: dict[str, Any], password_hash: str) -> OpenCase:
    """Ole living in Helsingør (217), whose job centre uses the staircase."""
    return open_case(ctx, ole, password_hash, "217")


def test_the_roundtable_form_offers_no_staircase_where_the_job_centre_does_not_use_it(
    client: TestClient, ole_case: OpenCase, clock: FixedClock
) -> None:
    sign_in(client, ole_case.owner)
    held_followup(client, ole_case.reference, clock)
    page = text_of(client.get(f"/sager/{ole_case.reference}"))
    assert f'id="{KIND}.participants.0.role"' in page  # the roundtable's form is there
    assert "staircase" not in page and "Trappemodellen" not in page


def test_helsingors_roundtable_form_asks_for_both_placements_next_to_their_fields(
    client: TestClient, helsingor_case: OpenCase, clock: FixedClock
) -> None:
    sign_in(client, helsingor_case.owner)
    held_followup(client, helsingor_case.reference, clock)
    resume_at(client, clock, at("2026-04-02 12:00"))
    page = text_of(client.get(f"/sager/{helsingor_case.reference}"))
    assert f'id="{KIND}.staircase.employee"' in page
    # The browser sends the two selects empty when nothing was chosen.
    empty = {**ROUNDTABLE, "staircase.employee": "", "staircase.employer": ""}
    response = record(client, helsingor_case.reference, KIND, empty)
    assert response.status_code == 422
    refused = text_of(response)
    assert "mangler" in error_next_to(refused, f"{KIND}.staircase.employee")
    assert "mangler" in error_next_to(refused, f"{KIND}.staircase.employer")


def test_helsingors_plan_shows_both_placements_and_flags_a_difference(
    client: TestClient, helsingor_case: OpenCase, ctx: AppContext, clock: FixedClock
) -> None:
    sign_in(client, helsingor_case.owner)
    held_followup(client, helsingor_case.reference, clock)
    resume_at(client, clock, at("2026-04-02 12:00"))
    placed = {**ROUNDTABLE, "staircase.employee": "5", "staircase.employer": "4"}
    response = record(client, helsingor_case.reference, KIND, placed)
    assert response.status_code == 303, text_of(response)
    assert case_view(ctx, helsingor_case.reference).events[-1].data["staircase"] == {
        "employee": 5,
        "employer": 4,
    }
    page = text_of(client.get(f"/sager/{helsingor_case.reference}"))
    plan = page[page.index('id="plan"') : page.index('id="registrer"')]
    assert "trin 5" in plan and "trin 4" in plan and "Placeringerne er forskellige" in plan
