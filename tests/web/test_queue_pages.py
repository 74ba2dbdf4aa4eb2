"""The team's queue on the web (issue 14, item 2) and the transfer form (item 6): who may see and
do what; another job centre's case answers 404; refusals in Danish next to the field."""

from __future__ import annotations

import html
import json

from fastapi.testclient import TestClient
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import Role
from fasttrack_core.models import AuditEntry, Case, Consultant
from fasttrack_core.web.security import CSRF_FIELD
from tests.web.conftest import OpenCase, Person, add_people, csrf_of, sign_in

THOMAS = Person("thomas.iversen@kolding.jobcenter.example.dk", Role.CONSULTANT, "621")  # Tuesday
LENE = Person("lene.busk@kolding.jobcenter.example.dk", Role.CONSULTANT, "621")


def colleague_of(ctx: AppContext, owner: str) -> Consultant:
    with ctx.unit_of_work() as session:
        return session.exec(
            select(Consultant)
            .join(Case, col(Case.job_centre_id) == col(Consultant.job_centre_id))
            .where(col(Consultant.email) != owner, col(Consultant.email).contains("ishoj"))
        ).first()  # type: ignore[return-value]


def hand_back(client: TestClient, reference: str, reason: str) -> str:
    response = client.post(
        f"/sager/{reference}/tilbage",
        data={"reason": reason, CSRF_FIELD: csrf_of(client, f"/sager/{reference}")},
    )
    return html.unescape(response.text) if response.status_code != 303 else "303"


def test_the_owner_hands_back_and_the_team_lead_assigns_from_the_queue(
    client: TestClient, ctx: AppContext, people: dict[str, Person], ole_case: OpenCase
) -> None:
    sign_in(client, ole_case.owner)
    assert hand_back(client, ole_case.reference, "Jeg er på kursus i to uger.") == "303"
    sign_in(client, people["team_lead"])
    queue = html.unescape(client.get("/team/ko").text)
    assert ole_case.reference in queue and "Lagt tilbage i køen" in queue
    colleague = colleague_of(ctx, ole_case.owner.email)
    response = client.post(
        f"/team/ko/{ole_case.reference}/tildel",
        data={"consultant_id": str(colleague.id), CSRF_FIELD: csrf_of(client, "/team/ko")},
    )
    assert response.status_code == 303
    queue = html.unescape(client.get("/team/ko").text)
    assert f"Sag {ole_case.reference} er tildelt {colleague.name}." in queue
    assert "Køen er tom" in queue
    with ctx.unit_of_work() as session:
        details = [row.detail for row in session.exec(select(AuditEntry))]
    assert "lagt tilbage i teamets kø" in details
    assert f"reassigned: til {colleague.email}" in details


def test_a_hand_back_without_a_reason_is_refused_next_to_the_field(
    client: TestClient, ole_case: OpenCase
) -> None:
    sign_in(client, ole_case.owner)
    page = hand_back(client, ole_case.reference, " ")
    assert 'id="reason-error"' in page
    assert "Begrundelsen (reason)" in page


def test_a_consultant_of_the_case_takes_it_over_and_another_job_centre_gets_404(
    client: TestClient,
    ctx: AppContext,
    password_hash: str,
    people: dict[str, Person],
    ole_case: OpenCase,
) -> None:
    colleague = colleague_of(ctx, ole_case.owner.email)
    taker = Person(colleague.email, Role.CONSULTANT, "183")
    add_people(ctx, password_hash, {"taker": taker, "thomas": THOMAS})
    sign_in(client, THOMAS)
    token = csrf_of(client, "/opgaver")
    for path in ("overtag", "tilbage", "overdrag"):
        refused = client.post(f"/sager/{ole_case.reference}/{path}", data={CSRF_FIELD: token})
        assert refused.status_code == 404, path
    sign_in(client, taker)
    page = client.get(f"/sager/{ole_case.reference}").text
    assert "Overtag sagen" in page
    response = client.post(
        f"/sager/{ole_case.reference}/overtag",
        data={CSRF_FIELD: csrf_of(client, f"/sager/{ole_case.reference}")},
    )
    assert response.status_code == 303
    page = html.unescape(client.get(f"/sager/{ole_case.reference}").text)
    assert "Du har overtaget sagen." in page
    assert "Sagen overtaget af en konsulent" in page  # the timeline


def test_the_queue_is_for_the_team_lead_and_todays_duty_consultant_only(
    client: TestClient, ctx: AppContext, password_hash: str, people: dict[str, Person]
) -> None:
    add_people(ctx, password_hash, {"thomas": THOMAS, "lene": LENE})
    sign_in(client, THOMAS)  # on duty on Tuesdays: the test clock's day
    assert client.get("/team/ko").status_code == 200
    for person in (LENE, people["consultant"], people["steering"]):
        client.cookies.clear()
        sign_in(client, person)
        assert client.get("/team/ko").status_code == 403


def test_a_move_elsewhere_downloads_the_case_file_and_closes_the_case(
    client: TestClient, ole_case: OpenCase
) -> None:
    sign_in(client, ole_case.owner)
    response = client.post(
        f"/sager/{ole_case.reference}/overdrag",
        data={
            "to_municipality": "101",
            CSRF_FIELD: csrf_of(client, f"/sager/{ole_case.reference}"),
        },
    )
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    assert json.loads(response.text)["case"]["outcome"] == "transferred"
    page = html.unescape(client.get(f"/sager/{ole_case.reference}").text)
    assert "Overdraget til et andet jobcenter (flytning)" in page


def test_a_transfer_to_an_unknown_municipality_is_refused_next_to_the_field(
    client: TestClient, ole_case: OpenCase
) -> None:
    sign_in(client, ole_case.owner)
    response = client.post(
        f"/sager/{ole_case.reference}/overdrag",
        data={
            "to_municipality": "999",
            CSRF_FIELD: csrf_of(client, f"/sager/{ole_case.reference}"),
        },
    )
    assert response.status_code == 422
    assert 'id="to_municipality-error"' in response.text


def test_a_move_to_a_job_centre_here_says_where_the_case_went_and_hides_it_from_the_sender(
    client: TestClient, ole_case: OpenCase
) -> None:
    sign_in(client, ole_case.owner)
    response = client.post(
        f"/sager/{ole_case.reference}/overdrag",
        data={
            "to_municipality": "621",
            CSRF_FIELD: csrf_of(client, f"/sager/{ole_case.reference}"),
        },
    )
    assert response.status_code == 200
    assert "flyttet til Jobcenter Kolding" in html.unescape(response.text)
    assert client.get(f"/sager/{ole_case.reference}").status_code == 404
