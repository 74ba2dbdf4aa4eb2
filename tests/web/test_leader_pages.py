"""The leader's public pages (issue 16) through the app: the talk (PDF record, or carried into the
request form; nothing stored), the screening (nothing stored), a concern (the same receipt either
way), the information page from the job centre's policy, and an alert's answer by its link.
CSRF on every post, rate limits on the leader's posts, 404 for an unknown alert link."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.models import AbsenceAlert, ConcernCase, OutboxMessage
from fasttrack_core.notify.outbox import rendered
from fasttrack_core.services.absence_alerts import import_absence_file
from fasttrack_core.services.audit import Actor
from fasttrack_core.web.abuse_limits import AbuseLimits
from fasttrack_core.web.app import create_app
from fasttrack_core.web.security import CSRF_FIELD
from tests.conftest import TEST_SECRET, at
from tests.service.helpers import table_counts
from tests.web.conftest import csrf_of

TALK = {
    "employee_name": "Hanne Holm",
    "first_absence_day": "2026-03-16",
    "talk_day": "2026-03-20",
    "affected_functions": "Myndighedsopgaver og telefonvagt",
    "affected_since": "Siden januar",
    "adaptation_tried": "Færre sager i februar",
    "expected_return": "Om ca. 3 måneder",
    "over_8_weeks": "ja",
    "agreements": "Vi taler sammen igen om en uge",
    "next_contact": "2026-03-27",
}


def test_every_leader_page_is_public_danish_and_links_the_tools(client: TestClient) -> None:
    for path in ("/leder", "/leder/sygefravaerssamtale", "/leder/screening", "/leder/bekymring",
                 "/leder/information"):  # fmt: skip
        page = client.get(path)
        assert page.status_code == 200, path
        assert '<html lang="da">' in page.text
    home = client.get("/leder").text
    for path in (
        "/leder/sygefravaerssamtale",
        "/leder/screening",
        "/anmodning",
        "/leder/bekymring",
    ):
        assert f'href="{path}"' in home


def test_a_post_without_the_csrf_token_is_refused(client: TestClient) -> None:
    for path in ("/leder/sygefravaerssamtale", "/leder/screening", "/leder/bekymring"):
        assert client.post(path, data=TALK).status_code == 403


def test_the_talk_makes_a_pdf_record_and_stores_nothing(
    client: TestClient, ctx: AppContext
) -> None:
    before = table_counts(ctx)
    token = csrf_of(client, "/leder/sygefravaerssamtale")
    answer = client.post(
        "/leder/sygefravaerssamtale", data={**TALK, CSRF_FIELD: token, "action": "pdf"}
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    assert table_counts(ctx) == before


def test_the_talk_carries_its_answers_into_the_request_form(client: TestClient) -> None:
    token = csrf_of(client, "/leder/sygefravaerssamtale")
    form = client.post(
        "/leder/sygefravaerssamtale", data={**TALK, CSRF_FIELD: token, "action": "anmodning"}
    )
    assert form.status_code == 200
    assert 'action="/anmodning"' in form.text
    assert ">Myndighedsopgaver og telefonvagt</textarea>" in form.text
    assert ">Siden januar</textarea>" in form.text
    assert ">Færre sager i februar</textarea>" in form.text
    assert 'value="2026-03-16"' in form.text and 'value="Hanne Holm"' in form.text
    assert re.search(r'name="expected_over_8_weeks" value="ja"\s+checked', form.text)


def test_a_bad_talk_date_is_named_next_to_its_field_and_a_late_talk_warned(
    client: TestClient,
) -> None:
    token = csrf_of(client, "/leder/sygefravaerssamtale")
    bad = client.post(
        "/leder/sygefravaerssamtale",
        data={**TALK, "talk_day": "31-02-2026", CSRF_FIELD: token, "action": "pdf"},
    )
    assert bad.status_code == 422
    assert (
        'id="talk_day-error"' in bad.text
        and 'aria-describedby="talk_day-help talk_day-error"' in bad.text
    )
    late = client.post(
        "/leder/sygefravaerssamtale",
        data={**TALK, "talk_day": "2026-04-14", "affected_since": "x" * 2001, CSRF_FIELD: token},
    )
    assert late.status_code == 422
    assert "13. april 2026" in late.text  # § 7 a: 4 weeks from 16 March


def test_the_screening_suggests_and_says_why_and_stores_nothing(
    client: TestClient, ctx: AppContext
) -> None:
    before = table_counts(ctx)
    token = csrf_of(client, "/leder/screening")
    high = client.post(
        "/leder/screening",
        data={CSRF_FIELD: token, "ja": ["expects_over_8_weeks", "strain_or_stress"]},
    )
    assert "Overvej Fast track" in high.text
    assert "Fast track er netop for fravær" in high.text
    low = client.post("/leder/screening", data={CSRF_FIELD: token, "ja": ["earlier_long_absence"]})
    assert "Ikke noget endnu" in low.text
    middle = client.post("/leder/screening", data={CSRF_FIELD: token, "ja": ["work_factors"]})
    assert "Overvej en tidlig indsats" in middle.text
    assert table_counts(ctx) == before


CONCERN = {
    "raised_by": "leader",
    "employee.name": "Ole Jensen",
    "employee.cpr": "0304782678",
    "employee.email": "ole@example.dk",
    "employee.phone": "",
    "employee.residence_municipality": "621",
    "employer.cvr": "29189595",
    "employer.name": "Hjørring Kommune",
    "employer.workplace": "Ældreplejen",
    "leader.name": "Lise Leder",
    "leader.email": "lise@example.dk",
    "concern": "Ondt i ryggen efter løft; overvejer at sygemelde sig.",
    "absent_since": "",
    "employee_consents": "ja",
}


def test_a_concern_is_received_with_the_same_receipt_either_way(
    client: TestClient, ctx: AppContext
) -> None:
    token = csrf_of(client, "/leder/bekymring")
    first = client.post("/leder/bekymring", data={**CONCERN, CSRF_FIELD: token})
    second = client.post("/leder/bekymring", data={**CONCERN, CSRF_FIELD: token})
    assert first.status_code == second.status_code == 200
    assert first.text == second.text
    assert "henvendelsen er modtaget" in first.text
    with ctx.unit_of_work() as session:
        concerns = session.exec(select(ConcernCase)).all()
    assert [c.reference[:8] for c in concerns] == ["FB-2026-"]


def test_a_concern_without_consent_is_refused_next_to_the_box(
    client: TestClient, ctx: AppContext
) -> None:
    before = table_counts(ctx)
    token = csrf_of(client, "/leder/bekymring")
    refused = client.post(
        "/leder/bekymring", data={**CONCERN, "employee_consents": "", CSRF_FIELD: token}
    )
    assert refused.status_code == 422
    assert 'id="employee_consents-error"' in refused.text
    assert "samtykke" in refused.text
    assert 'value="Ole Jensen"' in refused.text  # what was typed is kept
    assert table_counts(ctx) == before


def test_the_information_page_shows_the_job_centres_own_process(client: TestClient) -> None:
    hjorring = client.get("/leder/information?kommune=860").text
    assert "Jobcenter Hjørring" in hjorring
    assert "7 dages fravær i træk" in hjorring  # its absence alerts
    assert "13 dage efter første sygedag" in hjorring  # its roundtable in the 2nd sick week
    kolding = client.get("/leder/information?kommune=621").text
    assert "fastholdelsestelefon" in kolding and "7 dage efter anmodningen" in kolding
    assert "fraværsalarm" not in kolding
    assert "@media print" in client.get("/static/fasttrack.css").text


def alert_answer_path(ctx: AppContext) -> str:
    """Imports an absence file that raises an alert (7 days in a row); the alert's answer link."""
    rows = "L-7,29189595,Ældreplejen,leder@hjorring.example.dk,2026-03-09,2026-03-15"
    content = f"employee_id,cvr,workplace,leader_email,first_day,last_day\n{rows}\n".encode()
    import_absence_file(
        ctx, content=content, file_name="f.csv", as_of=at("2026-03-16 08:00"), actor=Actor("t")
    )
    with ctx.unit_of_work() as session:
        mail = session.exec(
            select(OutboxMessage).where(col(OutboxMessage.kind) == "absence_alert")
        ).one()
    found = re.search(r"http://[^/]+(/leder/fravaersalarm/[\w-]+)", rendered(mail).text)
    assert found
    path = found.group(1)
    return path


def test_an_alert_is_answered_by_its_link_and_an_unknown_link_is_404(
    client: TestClient, ctx: AppContext
) -> None:
    path = alert_answer_path(ctx)
    page = client.get(path)
    assert page.status_code == 200 and "L-7" in page.text and "7 dages fravær i træk" in page.text
    token = csrf_of(client, path)
    done = client.post(path, data={CSRF_FIELD: token, "answer": "not_relevant"})
    assert "Jeres svar er registreret: Alarmen er ikke relevant" in done.text
    with ctx.unit_of_work() as session:
        assert session.exec(select(AbsenceAlert)).one().answer == "not_relevant"
    assert client.get("/leder/fravaersalarm/ukendt-token").status_code == 404
    assert client.post("/leder/fravaersalarm/ukendt", data={CSRF_FIELD: token}).status_code == 404


def test_the_leaders_posts_are_rate_limited_per_client_address(ctx: AppContext) -> None:
    app: FastAPI = create_app(ctx, TEST_SECRET, limits=AbuseLimits(form_rate="2/minute"))
    client = TestClient(app)
    token = csrf_of(client, "/leder/screening")
    for _ in range(2):
        assert client.post("/leder/screening", data={CSRF_FIELD: token}).status_code == 200
    assert client.post("/leder/sygefravaerssamtale", data={CSRF_FIELD: token}).status_code == 429
