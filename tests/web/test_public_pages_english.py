"""The public pages in English (issue 15 item 4): `?lang=en` on any of them, kept in the session;
the form's labels, errors and refusals in English; a request sent from the English form asks for
English messages; staff pages stay Danish."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.models import Case, OutboxMessage
from fasttrack_core.notify.outbox import rendered
from fasttrack_core.web.abuse_limits import AbuseLimits
from fasttrack_core.web.app import create_app
from fasttrack_core.web.security import CSRF_FIELD
from tests.conftest import TEST_SECRET
from tests.web.conftest import csrf_of
from tests.web.test_request_form_employment import own_request_fields

EMPLOYER_FORM = "/anmodning"
EMPLOYEE_FORM = "/anmodning/medarbejder"
PUBLIC = ("/", "/om-fast-track", "/tilgaengelighed", EMPLOYER_FORM, EMPLOYEE_FORM)


def employer_fields(ole: dict[str, Any]) -> dict[str, str]:
    fields = own_request_fields(ole)
    fields |= {f"employer.{name}": str(value) for name, value in ole["employer"].items()}
    fields |= {f"leader.{name}": str(value) for name, value in ole["leader"].items()}
    return fields


def test_every_public_page_is_english_with_lang_en_and_links_back_to_danish(
    client: TestClient,
) -> None:
    for path in PUBLIC:
        page = client.get(f"{path}?lang=en").text
        assert '<html lang="en">' in page, path
        assert f'<a href="{path}?lang=da" lang="da" hreflang="da">På dansk</a>' in page, path
        assert "Ask for Fast track" in page
        assert "Health information is treated confidentially." in page


def test_the_accessibility_statement_is_danish_text_marked_as_such_under_an_english_note(
    client: TestClient,
) -> None:
    page = client.get("/tilgaengelighed?lang=en").text
    assert "<h1>Accessibility statement</h1>" in page
    assert "The accessibility statement is published in Danish" in page
    assert '<div lang="da">' in page


def test_the_chosen_language_is_kept_until_danish_is_chosen(client: TestClient) -> None:
    client.get("/?lang=en")
    assert '<html lang="en">' in client.get(EMPLOYEE_FORM).text
    page = client.get("/?lang=da").text
    assert '<html lang="da">' in page
    assert 'hreflang="en">In English</a>' in page
    assert '<html lang="da">' in client.get(EMPLOYER_FORM).text


def test_the_english_employer_form_has_english_labels_help_and_button(client: TestClient) -> None:
    page = client.get(f"{EMPLOYER_FORM}?lang=en").text
    for english in (
        "<legend>The employee</legend>",
        '<label for="employee.cpr">CPR number</label>',
        "10 digits without a hyphen, e.g. 0304781234.",
        '<label for="leader.email">The manager&#39;s e-mail</label>',
        "Pain in muscles and joints",
        "<legend>Does the employee agree?</legend>",
        '<button type="submit">Send the request</button>',
        f'action="{EMPLOYER_FORM}?lang=en"',
        '<option value="en" selected>English</option>',  # English messages unless chosen else
    ):
        assert english in page, english
    for danish in ("Anmod om Fast track", "Lederens e-mail", "Send anmodningen", "(valgfrit)"):
        assert danish not in page, danish


def test_a_missing_field_on_the_english_form_is_shown_in_english_next_to_it(
    client: TestClient, ctx: AppContext, ole: dict[str, Any]
) -> None:
    client.get(f"{EMPLOYEE_FORM}?lang=en")
    fields = own_request_fields(ole) | {"first_absence_day": "", "language": "en"}
    response = client.post(
        f"{EMPLOYEE_FORM}?lang=en", data={**fields, CSRF_FIELD: csrf_of(client, EMPLOYEE_FORM)}
    )
    assert response.status_code == 422
    page = response.text
    assert "<strong>The request has not been sent.</strong>" in page
    assert (
        '<p class="field-error" id="first_absence_day-error">The first day of absence must be a '
        "date written as dd-mm-yyyy, e.g. 31-03-2026.</p>"
    ) in page
    assert (
        '<p class="field-error" id="employer.cvr-error">The employer&#39;s CVR number must be a '
        "valid CVR number of 8 digits.</p>"
    ) in page
    assert 'aria-describedby="first_absence_day-help first_absence_day-error"' in page
    with ctx.unit_of_work() as session:
        assert session.exec(select(col(Case.id))).first() is None


def test_a_date_the_english_form_cannot_read_is_explained_in_english(
    client: TestClient, ole: dict[str, Any]
) -> None:
    page = client.get(f"{EMPLOYEE_FORM}?lang=en").text
    assert "Write it as dd-mm-yyyy, e.g. 31-03-2026." in page
    fields = own_request_fields(ole) | {"first_absence_day": "31-02-2026"}
    response = client.post(
        EMPLOYEE_FORM, data={**fields, CSRF_FIELD: csrf_of(client, EMPLOYEE_FORM)}
    )
    assert response.status_code == 422
    assert (
        '<p class="field-error" id="first_absence_day-error">Write the date as dd-mm-yyyy, e.g. '
        "31-03-2026.</p>"
    ) in response.text
    assert '<a href="#first_absence_day">Write the date as dd-mm-yyyy' in response.text


def test_a_late_request_on_the_english_form_is_refused_in_english(
    client: TestClient, ole: dict[str, Any]
) -> None:
    client.get(f"{EMPLOYER_FORM}?lang=en")
    fields = employer_fields(ole) | {"first_absence_day": "2025-01-06"}
    response = client.post(
        EMPLOYER_FORM, data={**fields, CSRF_FIELD: csrf_of(client, EMPLOYER_FORM)}
    )
    assert response.status_code == 422
    assert "The employer must ask for Fast track before 5 weeks have passed" in response.text


def test_the_same_mistake_on_the_danish_form_is_refused_in_danish(
    client: TestClient, ole: dict[str, Any]
) -> None:
    fields = own_request_fields(ole) | {"first_absence_day": ""}
    response = client.post(
        EMPLOYEE_FORM, data={**fields, CSRF_FIELD: csrf_of(client, EMPLOYEE_FORM)}
    )
    assert response.status_code == 422
    assert "Første sygedag (first_absence_day) skal være en dato" in response.text


def test_a_request_from_the_english_form_asks_for_english_messages(
    client: TestClient, ctx: AppContext, ole: dict[str, Any]
) -> None:
    page = client.get(f"{EMPLOYER_FORM}?lang=en").text
    assert '<option value="en" selected>English</option>' in page
    fields = employer_fields(ole) | {"language": "en"}  # as the English form sends it
    response = client.post(
        f"{EMPLOYER_FORM}?lang=en", data={**fields, CSRF_FIELD: csrf_of(client, EMPLOYER_FORM)}
    )
    assert response.status_code == 200, response.text
    assert "Thank you – the request has been received" in response.text
    assert '<html lang="en">' in response.text
    with ctx.unit_of_work() as session:
        case = session.exec(select(Case)).one()
        notice = session.exec(
            select(OutboxMessage).where(col(OutboxMessage.kind) == "employee_notice")
        ).one()
    assert case.language == "en"
    assert rendered(notice).subject.startswith("Fast track offer from")


def test_danish_chosen_on_the_english_form_gives_danish_messages(
    client: TestClient, ctx: AppContext, ole: dict[str, Any]
) -> None:
    client.get(f"{EMPLOYER_FORM}?lang=en")
    fields = employer_fields(ole) | {"language": ""}  # "Dansk" chosen in the select
    response = client.post(
        EMPLOYER_FORM, data={**fields, CSRF_FIELD: csrf_of(client, EMPLOYER_FORM)}
    )
    assert response.status_code == 200
    with ctx.unit_of_work() as session:
        assert session.exec(select(Case)).one().language == "da"


def test_the_error_pages_of_an_english_visitor_are_english(client: TestClient) -> None:
    client.get("/?lang=en")
    missing = client.get("/findes-ikke")
    assert missing.status_code == 404
    assert '<html lang="en">' in missing.text
    assert "The page does not exist." in missing.text
    expired = client.post(EMPLOYER_FORM, data={CSRF_FIELD: "wrong"})
    assert expired.status_code == 403
    assert "The form has expired" in expired.text


def test_too_many_posts_from_the_english_form_are_refused_in_english(ctx: AppContext) -> None:
    client = TestClient(create_app(ctx, TEST_SECRET, limits=AbuseLimits(form_rate="1/minute")))
    client.post(f"{EMPLOYER_FORM}?lang=en", data={})
    refused = client.post(f"{EMPLOYER_FORM}?lang=en", data={})
    assert refused.status_code == 429
    assert '<html lang="en">' in refused.text
    assert "Too many requests in a short time. Please try again in 1 minute." in refused.text


def test_staff_pages_stay_danish_after_english_was_chosen(client: TestClient) -> None:
    client.get("/?lang=en")
    page = client.get("/login").text
    assert '<html lang="da">' in page
    assert "In English" not in page


def _failing_app(ctx: AppContext) -> TestClient:
    app = create_app(ctx, TEST_SECRET)

    @app.get("/fejl-til-testen")
    def broken() -> None:
        raise RuntimeError("a fault")

    return TestClient(app, raise_server_exceptions=False)


def test_a_fault_is_answered_in_english_to_a_visitor_who_chose_english(ctx: AppContext) -> None:
    client = _failing_app(ctx)
    client.get("/?lang=en")
    fault = client.get("/fejl-til-testen")
    assert fault.status_code == 500
    assert '<html lang="en">' in fault.text
    assert "Something went wrong. Please try again later." in fault.text
    assert "RuntimeError" not in fault.text
    client.get("/?lang=da")
    danish = client.get("/fejl-til-testen")
    assert '<html lang="da">' in danish.text and "Der skete en fejl." in danish.text


def test_a_fault_on_an_address_asking_for_english_is_answered_in_english(
    ctx: AppContext,
) -> None:
    fault = _failing_app(ctx).get("/fejl-til-testen?lang=en")
    assert fault.status_code == 500
    assert "Something went wrong. Please try again later." in fault.text
