"""Mine opgaver: the signed-in consultant's open steps, overdue, due today and this week."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from fasttrack_core.clock import FixedClock
from tests.conftest import at
from tests.web.conftest import OpenCase, Person, resume_at, sign_in


def sections(html: str) -> dict[str, str]:
    """Each task table's heading and the text up to the next heading."""
    parts = re.split(r"<h2>", html)[1:]
    return {part.split(" <span")[0]: part for part in parts}


def test_a_new_case_puts_the_answer_on_the_consultants_week(
    client: TestClient, ole_case: OpenCase
) -> None:
    sign_in(client, ole_case.owner)
    page = client.get("/opgaver")
    assert page.status_code == 200
    week = sections(page.text)["Resten af ugen"]
    # Acceptance: 2 bank days after the notice on Tuesday 24 March.
    assert "torsdag den 26. marts 2026" in week
    assert f'href="/sager/{ole_case.reference}"' in week
    assert "Borgerens accept" in week
    assert "Ingen overskredne frister." in page.text
    # The follow-up talk (7 April) is next week: not on this week's list.
    assert "Første opfølgningssamtale" not in page.text


def test_the_same_step_is_due_today_then_overdue(
    client: TestClient, ole_case: OpenCase, clock: FixedClock
) -> None:
    sign_in(client, ole_case.owner)
    resume_at(client, clock, at("2026-03-26 08:00"))
    assert "Borgerens accept" in sections(client.get("/opgaver").text)["Frist i dag"]
    resume_at(client, clock, at("2026-03-27 08:00"))
    overdue = sections(client.get("/opgaver").text)["Overskredne frister"]
    assert "Borgerens accept" in overdue and ole_case.reference in overdue


def test_a_team_lead_may_look_and_is_told_when_they_carry_no_cases(
    client: TestClient, people: dict[str, Person], ole_case: OpenCase
) -> None:
    sign_in(client, people["team_lead"])
    page = client.get("/opgaver")
    assert page.status_code == 200
    assert "Du er ikke sat op som fastholdelseskonsulent" in page.text
    assert ole_case.reference not in page.text


def test_another_consultants_tasks_are_not_on_my_list(
    client: TestClient, people: dict[str, Person], ole_case: OpenCase
) -> None:
    sign_in(client, people["consultant"])
    page = client.get("/opgaver")
    assert page.status_code == 200
    assert ole_case.reference not in page.text


def test_admins_and_steering_members_have_no_task_list(
    client: TestClient, people: dict[str, Person]
) -> None:
    for key in ("admin", "steering"):
        client.cookies.clear()
        sign_in(client, people[key])
        assert client.get("/opgaver").status_code == 403


def test_signing_in_is_required(client: TestClient) -> None:
    response = client.get("/opgaver")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/opgaver"
