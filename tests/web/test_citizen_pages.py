"""The employee's own pages (issue 15) over HTTP: the link asks for the date of birth before
anything and answers every failure alike; the case page hides what the employer said in
confidence; every post needs the CSRF token; English with ?lang=en."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from fasttrack_core.clock import FixedClock
from fasttrack_core.db import AppContext
from fasttrack_core.web.abuse_limits import AbuseLimits
from fasttrack_core.web.app import create_app
from fasttrack_core.web.security import CSRF_FIELD
from tests.conftest import TEST_SECRET, at
from tests.service.test_citizen_access import OLE_BORN, opened_with_link
from tests.service.test_employer_booking import links
from tests.web.conftest import csrf_of


def _open(client: TestClient, token: str, typed: str) -> Any:
    csrf = csrf_of(client, f"/borger/{token}")
    return client.post(f"/borger/{token}", data={"answer": typed, CSRF_FIELD: csrf})


def test_any_link_shows_the_same_form_and_every_failure_the_same_answer(
    client: TestClient, ctx: AppContext, clock: FixedClock, ole: dict[str, Any]
) -> None:
    _, token = opened_with_link(ctx, ole)
    clock.set(at("2026-03-24 10:00"))
    known, unknown = client.get(f"/borger/{token}"), client.get("/borger/" + "A" * 43)
    assert known.status_code == unknown.status_code == 200
    assert known.text.replace(token, "T") == unknown.text.replace("A" * 43, "T")
    wrong, foreign = _open(client, token, "04-04-1978"), _open(client, "A" * 43, OLE_BORN)
    assert wrong.status_code == foreign.status_code == 422
    assert "Vi kunne ikke genkende linket eller fødselsdatoen" in wrong.text
    for answer in (wrong, foreign):
        assert "FT-2026" not in answer.text and "Ole" not in answer.text
    assert client.get("/borger/sag").status_code == 401


def test_the_case_page_after_the_date_of_birth_hides_what_was_said_in_confidence(
    client: TestClient, ctx: AppContext, clock: FixedClock, ole: dict[str, Any]
) -> None:
    reference, token = opened_with_link(ctx, ole)
    clock.set(at("2026-03-24 10:00"))
    opened = _open(client, token, OLE_BORN)
    assert (opened.status_code, opened.headers["location"]) == (303, "/borger/sag")
    page = client.get("/borger/sag")
    assert page.status_code == 200
    assert reference in page.text and "Ja tak, jeg vil gerne" in page.text
    for secret in (
        "Smerter",
        "tunge løft",
        "Lise Berg",
        "musculoskeletal",
        "Muskler",
        "0304782678",
    ):
        assert secret not in page.text

    no_csrf = client.post("/borger/sag/svar", data={"answer": "ja"})
    assert no_csrf.status_code == 403
    csrf = csrf_of(client, "/borger/sag")
    accepted = client.post("/borger/sag/svar", data={"answer": "ja", CSRF_FIELD: csrf})
    assert (accepted.status_code, accepted.headers["location"]) == (303, "/borger/sag")
    assert "Dit ja til Fast track er registreret" in client.get("/borger/sag").text
    again = client.post("/borger/sag/svar", data={"answer": "nej", CSRF_FIELD: csrf})
    assert again.status_code == 422 and "Du har allerede svaret" in again.text

    english = client.get("/borger/sag?lang=en")
    assert '<html lang="en">' in english.text and "You have said yes to Fast track" in english.text
    taken = client.post(
        "/borger/sag/samtale",
        data={"starts_at": "2026-04-03T10:00:00+02:00", CSRF_FIELD: csrf},
    )
    assert taken.status_code == 422 and "That time is no longer free" in taken.text


def test_varde_s_workplace_books_the_roundtable_through_its_own_pages(
    client: TestClient, ctx: AppContext, clock: FixedClock, ole: dict[str, Any]
) -> None:
    found = links(ctx, ole, "573")
    clock.set(at("2026-03-24 10:00"))
    token = found["leader_receipt"]
    form = client.get(f"/arbejdsgiver/{token}")
    assert form.status_code == 200 and "Arbejdsgiverens CVR-nummer" in form.text
    csrf = csrf_of(client, f"/arbejdsgiver/{token}")
    wrong = client.post(f"/arbejdsgiver/{token}", data={"answer": "04-04-1978", CSRF_FIELD: csrf})
    assert wrong.status_code == 422 and "CVR-nummeret" in wrong.text
    right = client.post(f"/arbejdsgiver/{token}", data={"answer": "12345674", CSRF_FIELD: csrf})
    assert (right.status_code, right.headers["location"]) == (303, "/arbejdsgiver/sag")
    page = client.get("/arbejdsgiver/sag")
    assert page.status_code == 200 and "Rundbordssamtale i sag" in page.text
    assert "Fast track for arbejdspladsen" in page.text
    assert "Ole" not in page.text and "Smerter" not in page.text
    assert client.get("/borger/sag").status_code == 403, "the workplace never sees the case"
    csrf = csrf_of(client, "/arbejdsgiver/sag")
    slot = re.search(r'name="starts_at" value="([^"]+)"', page.text)
    assert slot is not None
    data = {"starts_at": slot.group(1), CSRF_FIELD: csrf}
    booked = client.post("/arbejdsgiver/sag/moede", data=data)
    assert booked.status_code == 303
    assert "Din samtale er booket" in client.get("/arbejdsgiver/sag").text


def test_posts_on_the_citizens_pages_count_against_the_form_rate_per_address(
    ctx: AppContext,
) -> None:
    tight = TestClient(
        create_app(ctx, TEST_SECRET, limits=AbuseLimits(form_rate="3/minute")),
        follow_redirects=False,
    )
    csrf = csrf_of(tight, "/borger/" + "B" * 43)
    answers = [
        tight.post(f"/borger/{'B' * 43}", data={"answer": OLE_BORN, CSRF_FIELD: csrf}).status_code
        for _ in range(4)
    ]
    assert answers == [422, 422, 422, 429]
    assert tight.post("/arbejdsgiver/sag/moede", data={CSRF_FIELD: csrf}).status_code == 429
