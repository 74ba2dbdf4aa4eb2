"""The leader's pages in English (issue 15, item 4): `?lang=en` on any of them, kept in the
session the public pages use; the talk's PDF record, its errors, the screening's questions, the
job centre's process and an absence alert's answer page in English."""

from __future__ import annotations

import io
import re

from fastapi.testclient import TestClient
from pypdf import PdfReader

from fasttrack_core.db import AppContext
from fasttrack_core.web.security import CSRF_FIELD
from tests.web.conftest import csrf_of
from tests.web.test_leader_pages import TALK, alert_answer_path

LEADER_PAGES = (
    "/leder",
    "/leder/sygefravaerssamtale",
    "/leder/screening",
    "/leder/bekymring",
    "/leder/information",
)


def test_every_leader_page_is_english_with_lang_en_and_links_back_to_danish(
    client: TestClient,
) -> None:
    for path in LEADER_PAGES:
        page = client.get(f"{path}?lang=en").text
        assert '<html lang="en">' in page, path
        assert f'<link rel="alternate" hreflang="da" href="{path}?lang=da">' in page, path
        assert f'<a href="{path}?lang=da" lang="da" hreflang="da">På dansk</a>' in page, path
    assert "For managers: absence, well-being and Fast track" in client.get("/leder").text
    assert "Write it as dd-mm-yyyy" in client.get("/leder/sygefravaerssamtale").text
    page = client.get("/leder/screening?lang=da").text
    assert '<html lang="da">' in page and "Risiko for langt fravær" in page


def test_the_talks_pdf_record_is_english_when_english_was_chosen(client: TestClient) -> None:
    client.get("/leder?lang=en")
    token = csrf_of(client, "/leder/sygefravaerssamtale")
    answer = client.post(
        "/leder/sygefravaerssamtale", data={**TALK, CSRF_FIELD: token, "action": "pdf"}
    )
    assert answer.status_code == 200
    assert 'filename="sickness-absence-talk.pdf"' in answer.headers["content-disposition"]
    pdf = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(answer.content)).pages)
    assert "Record of a sickness absence talk" in pdf
    assert "Which tasks can the employee not do right now?" in pdf
    assert "Yes" in pdf and "Myndighedsopgaver og telefonvagt" in pdf


def test_a_bad_or_late_talk_is_explained_in_english(client: TestClient) -> None:
    client.get("/leder?lang=en")
    token = csrf_of(client, "/leder/sygefravaerssamtale")
    bad = client.post(
        "/leder/sygefravaerssamtale",
        data={**TALK, "talk_day": "31-02-2026", CSRF_FIELD: token, "action": "pdf"},
    )
    assert bad.status_code == 422
    assert "Write the date as dd-mm-yyyy, e.g. 31-03-2026." in bad.text
    late = client.post(
        "/leder/sygefravaerssamtale",
        data={**TALK, "talk_day": "2026-04-14", "affected_since": "x" * 2001, CSRF_FIELD: token},
    )
    assert "At most 2000 characters." in late.text
    assert "(the last day was Monday 13 April 2026)" in late.text


def test_the_screening_asks_and_suggests_in_english(client: TestClient) -> None:
    client.get("/leder?lang=en")
    token = csrf_of(client, "/leder/screening")
    answer = client.post(
        "/leder/screening",
        data={CSRF_FIELD: token, "ja": ["expects_over_8_weeks", "strain_or_stress"]},
    )
    assert "Consider Fast track" in answer.text
    assert "Has the employee told you about stress or mental strain?" in answer.text
    assert "Fast track is meant for absence expected to last more than 8 weeks." in answer.text


def test_the_information_page_shows_the_job_centres_process_in_english(
    client: TestClient,
) -> None:
    hjorring = client.get("/leder/information?kommune=860&lang=en").text
    assert "After 7 days of absence in a row" in hjorring
    assert "No later than 13 days after the first day of absence" in hjorring
    assert "changed tasks, another function" in hjorring
    kolding = client.get("/leder/information?kommune=621").text
    assert (
        "A retention phone line" in kolding and "No later than 7 days after the request" in kolding
    )


def test_the_concern_form_and_its_refusal_are_english(client: TestClient) -> None:
    page = client.get("/leder/bekymring?lang=en").text
    assert "working days after the enquiry, holds a talk within" in page
    token = csrf_of(client, "/leder/bekymring")
    refused = client.post("/leder/bekymring", data={CSRF_FIELD: token, "raised_by": "leader"})
    assert refused.status_code == 422
    assert '<html lang="en">' in refused.text
    assert "The concern is missing." in refused.text
    assert "consent is missing: the job centre contacts the employee only with" in refused.text


def test_an_absence_alert_is_answered_in_english(client: TestClient, ctx: AppContext) -> None:
    path = alert_answer_path(ctx)
    page = client.get(f"{path}?lang=en").text
    assert "7 days of absence in a row" in page and "Answer by" in page
    assert re.search(r"<dd>\w+day \d+ March 2026</dd>", page)
    token = csrf_of(client, path)
    done = client.post(path, data={CSRF_FIELD: token, "answer": "not_relevant"})
    assert "Your answer has been registered: The alert is not relevant." in done.text
