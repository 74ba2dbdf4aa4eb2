"""Accessibility without a browser (issue 14 item 10): the accessibility statement and its link in
every page's footer, the skip link, and date fields in the Danish format (dd-mm-åååå) read on
the server with a Danish message when they name no day."""

from __future__ import annotations

import html
from datetime import date, datetime

import pytest
from fastapi.testclient import TestClient

from fasttrack_core.db import AppContext
from fasttrack_core.web.about import AccessibilityContact
from fasttrack_core.web.app import create_app
from fasttrack_core.web.danish_dates import day_text, moment_text, parse_day, parse_moment
from fasttrack_core.web.security import CSRF_FIELD
from tests.conftest import TEST_SECRET
from tests.web.conftest import PEOPLE, OpenCase, Person, csrf_of, sign_in
from tests.web.test_case_page import error_next_to, record, text_of

FOOTER_LINK = '<a href="/tilgaengelighed">Tilgængelighedserklæring</a>'


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("31-03-2026", date(2026, 3, 31)),
        ("1-4-2026", date(2026, 4, 1)),
        ("31.03.2026", date(2026, 3, 31)),
        ("31/03/2026", date(2026, 3, 31)),
        (" 2026-03-31 ", date(2026, 3, 31)),  # ISO: links and bookmarks
    ],
)
def test_a_day_is_read_as_danes_write_it_or_in_iso_form(text: str, day: date) -> None:
    assert parse_day(text) == day


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("31-03-2026 10:00", datetime(2026, 3, 31, 10, 0)),
        ("31.03.2026 kl. 9.05", datetime(2026, 3, 31, 9, 5)),
        ("31-03-2026, 10:00", datetime(2026, 3, 31, 10, 0)),
        ("2026-03-31T10:00", datetime(2026, 3, 31, 10, 0)),
    ],
)
def test_a_moment_is_read_as_danes_write_it_or_in_iso_form(text: str, moment: datetime) -> None:
    assert parse_moment(text) == moment


@pytest.mark.parametrize("text", ["31-02-2026", "03-31-2026", "31-03-26", "i går", "2026-3-31", ""])
def test_what_names_no_day_is_refused_with_the_format_in_danish(text: str) -> None:
    with pytest.raises(ValueError, match="Skriv datoen som dd-mm-åååå"):
        parse_day(text)


@pytest.mark.parametrize("text", ["31-03-2026", "31-03-2026 24:00", "31-03-2026 10:60", "10:00"])
def test_what_names_no_moment_is_refused_with_the_format_in_danish(text: str) -> None:
    with pytest.raises(ValueError, match="Skriv dato og klokkeslæt som dd-mm-åååå tt:mm"):
        parse_moment(text)


def test_a_field_shows_a_day_and_a_moment_in_the_format_it_reads() -> None:
    assert day_text(date(2026, 4, 1)) == "01-04-2026"
    assert moment_text(datetime(2026, 4, 1, 9, 5)) == "01-04-2026 09:05"
    assert parse_day(day_text(date(2026, 4, 1))) == date(2026, 4, 1)


def test_the_statement_names_status_shortcomings_contact_and_enforcement(
    ctx: AppContext,
) -> None:
    contact = AccessibilityContact(
        "Ishøj Kommune, Jobcenter", "web@ishoj.example.dk", "43 57 70 00", None
    )
    client = TestClient(create_app(ctx, TEST_SECRET, accessibility=contact))
    response = client.get("/tilgaengelighed")
    assert response.status_code == 200
    text = html.unescape(response.text)
    for heading in (
        "Tilgængelighedserklæring",
        "Overholdelsesstatus",
        "Ikke-tilgængeligt indhold",
        "Feedback og kontaktoplysninger",
        "Håndhævelse",
    ):
        assert heading in text
    assert "overholder delvist" in text and "EN 301 549" in text and "WCAG 2.1" in text
    assert "Ishøj Kommune, Jobcenter forpligter sig" in text
    assert 'href="mailto:web@ishoj.example.dk"' in text and 'href="tel:43577000"' in text
    assert "Digitaliseringsstyrelsen" in text and "webtilgængelighedsloven" in text
    assert "udarbejdet mandag den 30. november 2026" in text
    assert "WAS-Tool" not in text  # no published statement configured


def test_the_statement_links_to_the_one_published_in_was_tool_when_configured(
    ctx: AppContext,
) -> None:
    was = "https://www.was.digst.dk/fasttrack-example-dk"
    contact = AccessibilityContact("Jobcentret", "a@example.dk", "70 10 20 30", was)
    client = TestClient(create_app(ctx, TEST_SECRET, accessibility=contact))
    assert f'<a href="{was}">' in client.get("/tilgaengelighed").text


def test_every_page_links_to_the_statement_and_can_be_skipped_to_its_content(
    client: TestClient, people: dict[str, Person]
) -> None:
    pages = ["/", "/anmodning", "/anmodning/medarbejder", "/om-fast-track", "/login"]
    for path in [*pages, "/findes-ikke"]:
        response = client.get(path)
        assert FOOTER_LINK in response.text, path
        assert '<a class="skip" href="#indhold">' in response.text, path
        assert '<main id="indhold"' in response.text, path
    sign_in(client, PEOPLE["team_lead"])
    for path in ("/opgaver", "/sager", "/team", "/rapporter", "/konto"):
        assert FOOTER_LINK in client.get(path).text, path


def test_the_request_forms_date_is_a_danish_text_field_and_read_as_such(
    client: TestClient,
) -> None:
    form = client.get("/anmodning").text
    assert 'id="first_absence_day" name="first_absence_day" type="text"' in form
    assert "Skriv som dd-mm-åååå, fx 31-03-2026." in html.unescape(form)
    token = csrf_of(client, "/anmodning")
    for typed, message in (("31-02-2026", DAY_MESSAGE), ("03-03-2026", None)):
        response = client.post("/anmodning", data={"first_absence_day": typed, CSRF_FIELD: token})
        assert response.status_code == 422  # the rest of the form is empty
        page = text_of(response)
        assert f'value="{typed}"' in page  # kept as typed
        if message:
            assert error_next_to(page, "first_absence_day") == message
        else:
            assert 'id="first_absence_day-error"' not in page


def test_a_case_event_takes_danish_dates_and_refuses_others_next_to_the_field(
    client: TestClient, ole_case: OpenCase
) -> None:
    sign_in(client, ole_case.owner)
    response = record(
        client,
        ole_case.reference,
        "doctor_statement_requested",
        {"at": "24-03-2026 09:30", "due": "31-02-2026"},
    )
    assert response.status_code == 422
    page = text_of(response)
    assert error_next_to(page, "doctor_statement_requested.due") == DAY_MESSAGE
    assert 'value="31-02-2026"' in page  # kept as typed
    response = record(
        client,
        ole_case.reference,
        "doctor_statement_requested",
        {"at": "24-03-2026 09:30", "due": "07-04-2026"},
    )
    assert response.status_code == 303, response.text
    case_page = text_of(client.get(response.headers["location"]))
    assert "7. april 2026" in case_page


DAY_MESSAGE = "Skriv datoen som dd-mm-åååå, fx 31-03-2026."
