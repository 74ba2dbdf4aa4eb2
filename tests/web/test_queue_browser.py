"""In the browser (issue 14, items 2 and 3): a consultant hands a case back, the team lead
assigns it from the queue, a consultant registers a call to the retention phone; axe-core on
every page.

Screenshots in `<tmp_path>/screenshots/`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fasttrack_core.models import Consultant
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.intake import submit_request
from fasttrack_core.web import phone_request
from tests.conftest import START
from tests.web.browser import LiveServer, Shots, requires_chromium, sign_in
from tests.web.conftest import PEOPLE

pytestmark = requires_chromium


def field(page: Any, name: str) -> Any:
    return page.locator(f'[id="{name}"]')


def test_hand_back_assign_from_the_queue_and_register_a_call(
    live_server: LiveServer,
    browser: Any,
    tmp_path: Path,
    ole: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No Prefect server here: the announcement of a new request is not part of this story.
    monkeypatch.setattr(phone_request, "announce_request_received", lambda reference: False)
    server, shots = live_server, Shots(tmp_path / "screenshots")
    opened = submit_request(server.ctx, parse(RequestIn, ole), as_of=START)
    reference = opened.reference
    with server.ctx.unit_of_work() as session:
        owner = session.get_one(Consultant, opened.consultant_id)

    consultant = browser.new_context(locale="da-DK").new_page()
    sign_in(consultant, server, owner.email)
    consultant.goto(f"{server.url}/sager/{reference}")
    consultant.get_by_text("Læg sagen tilbage i teamets kø").click()
    field(consultant, "reason").fill("Jeg er på kursus de næste to uger.")
    shots.take(consultant, "case-hand-back")
    consultant.get_by_role("button", name="Læg tilbage i køen").click()
    consultant.get_by_text("Sagen er lagt tilbage i teamets kø").wait_for()

    lead = browser.new_context(locale="da-DK").new_page()
    sign_in(lead, server, PEOPLE["team_lead"].email)
    lead.get_by_role("link", name="Kø", exact=True).click()
    lead.get_by_text("Lagt tilbage i køen", exact=True).wait_for()
    shots.take(lead, "queue")
    field(lead, f"assign-{reference}").select_option(label="Jonas Krogh")
    lead.get_by_role("button", name="Tildel").click()
    lead.get_by_text(f"Sag {reference} er tildelt Jonas Krogh.").wait_for()
    shots.take(lead, "queue-assigned")

    consultant.get_by_role("link", name="Telefonanmodning").click()
    shots.take(consultant, "phone-form")
    field(consultant, "caller").select_option("leader")
    field(consultant, "called_at").fill("2026-03-24T09:00")
    for name, value in {
        "employee.name": "Hanne Jensen",
        "employee.cpr": "1207821432",
        "employee.email": "hanne@example.dk",
        "employer.cvr": ole["employer"]["cvr"],
        "employer.name": ole["employer"]["name"],
        "employer.workplace": ole["employer"]["workplace"],
        "leader.name": ole["leader"]["name"],
        "leader.email": ole["leader"]["email"],
        "first_absence_day": "2026-03-10",
        **{f"questions.{k}": v for k, v in ole["questions"].items()},
    }.items():
        field(consultant, name).fill(value)
    field(consultant, "employee.residence_municipality").select_option("183")
    consultant.get_by_label("Fraværet forventes at vare mere end 8 uger").check()
    consultant.get_by_role("button", name="Send anmodningen").click()
    consultant.get_by_text("Telefonanmodningen er registreret som sag").wait_for()
    shots.take(consultant, "phone-case")
