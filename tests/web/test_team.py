"""The team lead's page: caseload against capacity and what is overdue or due per consultant,
counted, with links to the cases in the case list; the duty roster."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from fasttrack_core.clock import FixedClock
from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import Role
from tests.conftest import at
from tests.web.conftest import OpenCase, Person, add_people, resume_at, sign_in


def test_caseload_against_capacity_per_consultant(
    client: TestClient, people: dict[str, Person], ole_case: OpenCase
) -> None:
    sign_in(client, people["team_lead"])
    page = client.get("/team")
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "Team · Jobcenter Ishøj" in text
    assert "37 åbne sager pr. fuldtidsstilling" in text
    # Sara Lund works 0.8: capacity 29.6.
    sara = text[text.index("Sara Lund") :].split("</tr>")[0]
    assert "0,8" in sara and "29,6" in sara
    assert '>1<span class="sr-only"> åbne sager hos' in owner_row(text, ole_case)


def owner_row(text: str, case: OpenCase) -> str:
    """The row of the case's consultant in the table of consultants."""
    name = case.owner.email.split("@")[0].replace(".", " ").title()
    return text[text.index(f'<th scope="row">{name}') :].split("</tr>")[0]


def test_cases_overdue_are_counted_per_consultant_and_listed_in_the_case_list(
    client: TestClient, people: dict[str, Person], ole_case: OpenCase, clock: FixedClock
) -> None:
    sign_in(client, people["team_lead"])
    assert "Ingen overskredne frister." in client.get("/team").text
    resume_at(client, clock, at("2026-03-27 08:00"))  # the answer was due on the 26th
    text = html.unescape(client.get("/team").text)
    assert "Ingen overskredne frister." not in text
    assert "(1 sager)" in text and "Se alle 1 sager med overskreden frist" in text
    row = owner_row(text, ole_case)
    found = re.search(r'<a class="overdue" href="([^"]+)">1<span', row)
    assert found, row
    listed = html.unescape(client.get(found.group(1)).text)
    assert ole_case.reference in listed
    everyone = re.search(r'<a href="([^"]+)">Se alle 1 sager', text)
    assert everyone and ole_case.reference in client.get(everyone.group(1)).text


def test_the_duty_roster_of_a_job_centre_that_uses_one(
    client: TestClient, ctx: AppContext, password_hash: str, people: dict[str, Person]
) -> None:
    kolding_lead = Person("teamleder@kolding.example.dk", Role.TEAM_LEAD, "621")
    add_people(ctx, password_hash, {"kolding_lead": kolding_lead})
    sign_in(client, kolding_lead)
    text = html.unescape(client.get("/team").text)
    roster = text[text.index("Vagtplan") :]
    assert "<td>Mandag</td><td>Lene Busk</td>" in roster
    assert "<td>Tirsdag</td><td>Thomas Iversen</td>" in roster
    sign_in(client, people["team_lead"])
    assert "bruger ikke vagtplan" in client.get("/team").text


def test_only_team_leads_see_the_team_page(client: TestClient, people: dict[str, Person]) -> None:
    for key in ("consultant", "admin", "steering"):
        client.cookies.clear()
        sign_in(client, people[key])
        assert client.get("/team").status_code == 403, key
    client.cookies.clear()
    assert client.get("/team").status_code == 303
