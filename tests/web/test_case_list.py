"""Find any case (/sager): by role and job centre, filtered and paged, a search by name and by
CPR number (with a purpose, audited), and the bounded task and team lists."""

from __future__ import annotations

import copy
import html
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import col, select

from fasttrack_core.clock import FixedClock
from fasttrack_core.db import AppContext
from fasttrack_core.models import AuditEntry
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.intake import submit_request
from fasttrack_core.web.security import CSRF_FIELD
from tests.conftest import START, at
from tests.web.conftest import OpenCase, Person, csrf_of, resume_at, sign_in


def entries(ctx: AppContext) -> list[AuditEntry]:
    with ctx.unit_of_work() as session:
        return list(session.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all())


def kolding_case(ctx: AppContext, ole: dict[str, Any]) -> str:
    request = copy.deepcopy(ole)
    request["employee"].update(cpr="0303801234", name="Karl Kolding", residence_municipality="621")
    return submit_request(ctx, parse(RequestIn, request), as_of=START).reference


def test_a_consultant_finds_her_own_case_by_default_and_the_job_centres_when_widened(
    client: TestClient, people: dict[str, Person], ole_case: OpenCase
) -> None:
    sign_in(client, ole_case.owner)
    mine = client.get("/sager")
    assert mine.status_code == 200
    assert ole_case.reference in mine.text and '<option value="mine" selected>' in mine.text
    sign_in(client, people["consultant"])  # an Ishøj consultant without the case
    assert ole_case.reference not in client.get("/sager").text
    assert ole_case.reference in client.get("/sager?omfang=centre").text


def test_a_consultant_of_one_job_centre_never_sees_anothers_cases(
    client: TestClient, ctx: AppContext, people: dict[str, Person], ole_case: OpenCase,
    ole: dict[str, Any],
) -> None:  # fmt: skip
    karl = kolding_case(ctx, ole)
    sign_in(client, people["other_consultant"])
    for path in ("/sager?omfang=centre", "/sager?omfang=centre&q=Ole&status="):
        page = client.get(path)
        assert page.status_code == 200 and ole_case.reference not in page.text
    assert karl in client.get("/sager?omfang=centre").text
    by_cpr = client.post(
        "/sager",
        data={"q": "030478-2678", "formaal": "borgeren ringede", "omfang": "centre",
              CSRF_FIELD: csrf_of(client, "/sager")},
    )  # fmt: skip
    assert by_cpr.status_code == 200 and ole_case.reference not in by_cpr.text


def test_a_search_by_name_and_filters_keep_to_the_job_centre(
    client: TestClient, people: dict[str, Person], ole_case: OpenCase, clock: FixedClock
) -> None:
    sign_in(client, people["team_lead"])
    assert ole_case.reference in client.get("/sager?q=hansen").text
    assert ole_case.reference not in client.get("/sager?q=nielsen").text
    assert ole_case.reference in client.get("/sager?trin=acceptance").text
    assert ole_case.reference not in client.get("/sager?status=closed").text
    assert ole_case.reference not in client.get("/sager?overskredet=ja").text
    resume_at(client, clock, at("2026-03-27 08:00"))  # the answer was due on the 26th
    late = html.unescape(client.get("/sager?overskredet=ja").text)
    assert ole_case.reference in late and "Overskredet" in late


def test_a_cpr_search_without_a_purpose_is_refused_and_with_one_is_audited(
    client: TestClient, ctx: AppContext, ole_case: OpenCase
) -> None:
    sign_in(client, ole_case.owner)
    before = len(entries(ctx))
    token = csrf_of(client, "/sager")
    refused = client.post("/sager", data={"q": "0304782678", CSRF_FIELD: token})
    assert refused.status_code == 422
    assert "Angiv formålet" in html.unescape(refused.text)
    assert ole_case.reference not in refused.text
    assert not [e for e in entries(ctx)[before:] if e.action == "search_cpr"]
    found = client.post(
        "/sager", data={"q": "030478-2678", "formaal": "borgeren ringede", CSRF_FIELD: token}
    )
    assert found.status_code == 200 and ole_case.reference in found.text
    assert "0304782678" not in found.text and "030478-2678" not in found.text
    searched = [e for e in entries(ctx)[before:] if e.action == "search_cpr"]
    assert [(e.actor, e.purpose) for e in searched] == [(ole_case.owner.email, "borgeren ringede")]
    assert searched[0].case_id is not None


def test_a_cpr_number_in_the_address_is_refused(
    client: TestClient, ctx: AppContext, ole_case: OpenCase
) -> None:
    sign_in(client, ole_case.owner)
    before = len(entries(ctx))
    refused = client.get("/sager?q=030478-2678")
    assert refused.status_code == 422 and "må ikke stå i adressen" in html.unescape(refused.text)
    assert ole_case.reference not in refused.text
    assert not [e for e in entries(ctx)[before:] if e.action == "view_list"]


def test_every_showing_of_the_list_is_audited(
    client: TestClient, ctx: AppContext, ole_case: OpenCase
) -> None:
    sign_in(client, ole_case.owner)
    before = len(entries(ctx))
    client.get("/sager?q=hansen")
    shown = [e for e in entries(ctx)[before:] if e.action == "view_list"]
    assert len(shown) == 1 and "hansen" not in (shown[0].detail or "").lower()


def test_bad_filters_are_refused_in_danish(client: TestClient, ole_case: OpenCase) -> None:
    sign_in(client, ole_case.owner)
    for path, message in (
        ("/sager?status=kaffe", "Ukendt status"),
        ("/sager?fra=31-02-2026", "er ikke en dato"),
        ("/sager?side=0", "Sidetallet"),
        ("/sager?omfang=alle", "Ugyldigt valg"),
        ("/opgaver?side=x", "Sidetallet"),
    ):
        response = client.get(path)
        assert response.status_code == 422, path
        assert message in html.unescape(response.text), path


def test_the_page_is_labelled_and_in_the_menu(client: TestClient, ole_case: OpenCase) -> None:
    sign_in(client, ole_case.owner)
    page = client.get("/sager").text
    assert '<a href="/sager">Find sag</a>' in page
    assert "<caption>1 sag</caption>" in page and '<th scope="col">Næste frist</th>' in page
    for field in ("q", "formaal", "omfang", "status", "trin", "arbejdsplads", "fra", "til"):
        assert f'<label for="{field}">' in page, field


def test_who_may_find_cases(client: TestClient, people: dict[str, Person]) -> None:
    assert client.get("/sager").headers["location"] == "/login?next=/sager"
    sign_in(client, people["steering"])
    assert client.get("/sager").status_code == 403
    client.cookies.clear()
    sign_in(client, people["admin"])  # a system admin
    assert client.get("/sager").status_code == 200
