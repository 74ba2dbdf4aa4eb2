"""The audit log (admins), the insight export per citizen, and the steering report page."""

from __future__ import annotations

import csv
import html
import io
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import AuditAction
from fasttrack_core.models import AuditEntry
from fasttrack_core.services.audit import PAGE_SIZE, Actor, write
from fasttrack_core.services.case_access import case_key
from fasttrack_core.web.security import CSRF_FIELD
from tests.conftest import START
from tests.web.conftest import OpenCase, Person, csrf_of, sign_in

OLE_CPR = "0304782678"


def view_case_as(client: TestClient, person: Person, reference: str) -> None:
    client.cookies.clear()
    sign_in(client, person)
    assert client.get(f"/sager/{reference}").status_code == 200
    client.cookies.clear()


def test_the_admin_sees_who_viewed_a_case_newest_first(
    client: TestClient, people: dict[str, Person], ole_case: OpenCase
) -> None:
    view_case_as(client, ole_case.owner, ole_case.reference)
    view_case_as(client, people["team_lead"], ole_case.reference)
    sign_in(client, people["admin"])
    page = html.unescape(client.get("/admin/log").text)
    assert page.index(people["team_lead"].email) < page.index(ole_case.owner.email)
    assert page.count("Så sagen") == 2
    only = html.unescape(client.get(f"/admin/log?sag={ole_case.reference.lower()}").text)
    assert only.count("Så sagen") == 2
    assert "Intet logget for den sag" in client.get("/admin/log?sag=FT-2026-999999").text


def test_older_entries_are_on_the_next_pages(
    client: TestClient, people: dict[str, Person], ole_case: OpenCase, ctx: AppContext
) -> None:
    actor = Actor("konsulent@ishoj.example.dk")
    key = case_key(ctx, ole_case.reference)
    assert key is not None
    for minute in range(PAGE_SIZE + 5):
        write(ctx, actor, AuditAction.VIEW, START + timedelta(minutes=minute), key.id)
    sign_in(client, people["admin"])
    first = client.get("/admin/log").text
    assert first.count("Så sagen") == PAGE_SIZE and "Ældre" in first
    second = client.get("/admin/log?side=2").text
    assert second.count("Så sagen") == 5 and "Ældre" not in second and "Nyere" in second
    assert client.get("/admin/log?side=0").status_code == 422


def test_audit_entries_carry_no_citizen_data(
    client: TestClient, people: dict[str, Person], ole_case: OpenCase, ctx: AppContext
) -> None:
    view_case_as(client, ole_case.owner, ole_case.reference)
    with ctx.unit_of_work() as session:
        entries = session.exec(select(AuditEntry)).all()
    for entry in entries:
        text = f"{entry.actor} {entry.detail}"
        assert "Ole" not in text and "030478" not in text and "Hansen" not in text


def test_the_insight_export_lists_every_entry_about_the_citizen_and_is_logged(
    client: TestClient, people: dict[str, Person], ole_case: OpenCase, ctx: AppContext
) -> None:
    view_case_as(client, ole_case.owner, ole_case.reference)
    sign_in(client, people["admin"])
    token = csrf_of(client, "/admin/log")
    purpose = "borgerens anmodning om indsigt"
    response = client.post(
        "/admin/indsigt", data={CSRF_FIELD: token, "cpr": "030478-2678", "formaal": purpose}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    disposition = response.headers["content-disposition"]
    assert disposition == 'attachment; filename="indsigt-adgangslog-2026-03-24.csv"'
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["tidspunkt", "hvem", "handling", "sag", "detalje", "formål"]
    assert [row[1:4] for row in rows[1:]] == [
        [ole_case.owner.email, "Så sagen", ole_case.reference]
    ]
    assert rows[1][0] == "2026-03-24T09:30:00+01:00"
    assert OLE_CPR not in response.text and "Ole" not in response.text
    with ctx.unit_of_work() as session:
        exports = session.exec(select(AuditEntry).where(col(AuditEntry.action) == "export")).all()
    assert [(e.actor, e.case_id is not None, e.purpose) for e in exports] == [
        (people["admin"].email, True, purpose)
    ]


def test_an_insight_export_needs_a_valid_cpr_number_and_the_csrf_token(
    client: TestClient, people: dict[str, Person], ole_case: OpenCase
) -> None:
    sign_in(client, people["admin"])
    token = csrf_of(client, "/admin/log")
    response = client.post("/admin/indsigt", data={CSRF_FIELD: token, "cpr": "3204781234"})
    assert response.status_code == 422
    assert 'id="cpr-error">Skriv et gyldigt CPR-nummer' in html.unescape(response.text)
    assert 'value="3204781234"' not in response.text  # the number is not echoed back
    assert client.post("/admin/indsigt", data={"cpr": OLE_CPR}).status_code == 403


def test_only_admins_read_the_log(client: TestClient, people: dict[str, Person]) -> None:
    for key in ("consultant", "team_lead", "steering"):
        client.cookies.clear()
        sign_in(client, people[key])
        assert client.get("/admin/log").status_code == 403, key
        token = csrf_of(client, "/opgaver" if key != "steering" else "/login")
        assert (
            client.post("/admin/indsigt", data={CSRF_FIELD: token, "cpr": OLE_CPR}).status_code
            == 403
        )


def test_steering_members_read_last_months_report_for_their_municipality(
    client: TestClient, people: dict[str, Person], ole_case: OpenCase, ctx: AppContext
) -> None:
    sign_in(client, people["steering"])
    chooser = html.unescape(client.get("/rapporter").text)
    assert "Jobcenter Ishøj" in chooser
    assert "/rapporter/rapport?fra=01-02-2026&til=28-02-2026" in chooser  # last month by default
    report = html.unescape(client.get("/rapporter/rapport").text)
    assert "februar 2026" in report and "Jobcenter Ishøj (183)" in report
    chosen = html.unescape(client.get("/rapporter/rapport?fra=2026-03-01&til=2026-03-31").text)
    assert "marts 2026" in chosen
    pdf = client.get("/rapporter/rapport.pdf?fra=2026-03-01&til=2026-03-31")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    refused = client.get("/rapporter?fra=2026-03-31&til=marts")
    assert refused.status_code == 422 and "Angiv perioden som to datoer" in refused.text
    assert client.get("/rapporter/rapport?fra=2026-03-31&til=2026-03-01").status_code == 422
    with ctx.unit_of_work() as session:
        logged = session.exec(select(AuditEntry.action).where(col(AuditEntry.user_id) != None))  # noqa: E711
        assert set(logged.all()) == {"sign_in"}  # counts only: the report itself is not logged


def test_consultants_have_no_report_page(client: TestClient, people: dict[str, Person]) -> None:
    sign_in(client, people["consultant"])
    for path in ("/rapporter", "/rapporter/rapport", "/rapporter/rapport.pdf"):
        assert client.get(path).status_code == 403
