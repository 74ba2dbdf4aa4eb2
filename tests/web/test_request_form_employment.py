"""The employee's own request form (§ 7 e; issue 11, item 3): an unemployed or self-employed
person asks without an employer or a leader, and is not asked to consent to their own request."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.models import Case, OutboxMessage
from fasttrack_core.notify.outbox import rendered
from fasttrack_core.web.security import CSRF_FIELD
from tests.web.conftest import csrf_of

FORM = "/anmodning/medarbejder"


def own_request_fields(ole: dict[str, Any]) -> dict[str, str]:
    """Ole's request as he would type it himself, with the workplace fields left empty."""
    fields = {f"employee.{name}": str(value) for name, value in ole["employee"].items()}
    fields |= {f"questions.{name}": str(value) for name, value in ole["questions"].items()}
    fields |= {f"employer.{name}": "" for name in ("cvr", "name", "workplace")}
    fields |= {"leader.name": "", "leader.email": "", "hr_contact.name": "", "hr_contact.email": ""}
    fields |= {"first_absence_day": ole["first_absence_day"], "expected_over_8_weeks": "ja"}
    return fields


def test_the_employee_form_asks_about_employment_not_about_consent(client: TestClient) -> None:
    page = client.get(FORM).text
    assert 'name="employment"' in page
    assert "Nej, jeg er ledig" in page
    assert 'name="employee_agrees"' not in page
    assert 'name="employee_agrees"' in client.get("/anmodning").text


def test_an_unemployed_person_asks_without_an_employer(
    client: TestClient, ctx: AppContext, ole: dict[str, Any]
) -> None:
    fields = own_request_fields(ole) | {"employment": "unemployed"}
    response = client.post(FORM, data={**fields, CSRF_FIELD: csrf_of(client, FORM)})
    assert response.status_code == 200
    assert "Tak" in response.text
    with ctx.unit_of_work() as session:
        case = session.exec(select(Case)).one()
    assert (case.employment, case.employer_cvr, case.leader_email) == ("unemployed", None, None)
    assert case.status == "accepted"  # asking is agreeing: nothing to answer


def test_an_employed_person_must_name_the_employer(
    client: TestClient, ctx: AppContext, ole: dict[str, Any]
) -> None:
    fields = own_request_fields(ole)
    response = client.post(FORM, data={**fields, CSRF_FIELD: csrf_of(client, FORM)})
    assert response.status_code == 422
    assert '<p class="field-error" id="employer.cvr-error">' in response.text
    with ctx.unit_of_work() as session:
        assert session.exec(select(col(Case.id))).first() is None


def test_a_request_without_the_employees_email_is_taken_and_the_notice_goes_as_a_letter(
    client: TestClient, ctx: AppContext, ole: dict[str, Any]
) -> None:
    """Issue 15, item 5: an employee without an e-mail address gets the letter."""
    fields = own_request_fields(ole) | {"employee.email": ""}
    fields |= {"employer.cvr": ole["employer"]["cvr"], "employer.name": ole["employer"]["name"]}
    fields |= {"employer.workplace": ole["employer"]["workplace"]}
    fields |= {"leader.name": ole["leader"]["name"], "leader.email": ole["leader"]["email"]}
    fields |= {CSRF_FIELD: csrf_of(client, FORM)}
    response = client.post(FORM, data=fields)
    assert response.status_code == 200, response.text
    with ctx.unit_of_work() as session:
        case = session.exec(select(Case)).one()
        notice = session.exec(
            select(OutboxMessage).where(col(OutboxMessage.kind) == "employee_notice")
        ).one()
    assert case.employee_email is None
    assert notice.channel == "letter" and notice.proof


def test_the_request_form_asks_for_the_language_of_the_employees_and_leaders_messages(
    client: TestClient, ctx: AppContext, ole: dict[str, Any]
) -> None:
    """Issue 15, item 4: English chosen in the request."""
    assert 'name="language"' in client.get("/anmodning").text
    fields = own_request_fields(ole) | {"language": "en", "employment": "unemployed"}
    fields |= {CSRF_FIELD: csrf_of(client, FORM)}
    assert client.post(FORM, data=fields).status_code == 200
    with ctx.unit_of_work() as session:
        case = session.exec(select(Case)).one()
        notice = session.exec(
            select(OutboxMessage).where(col(OutboxMessage.kind) == "employee_notice")
        ).one()
    assert case.language == "en"
    assert rendered(notice).subject.startswith("Fast track offer from")
