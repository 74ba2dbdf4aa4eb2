"""The employee's own way in, in a real browser (issue 15): Ole opens the personal link from the
notice the SMTP server caught, confirms his date of birth, accepts Fast track, books the first
talk, receives the invitation, moves it once; his consultant sees it all on the case page. The
same path in Danish and in English (the request's language: the notice, the pages, the
invitations), each page checked by axe-core."""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from fasttrack_core.models import Consultant
from fasttrack_core.notify.dispatcher import deliver_due
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.intake import submit_request
from fasttrack_core.settings import Settings
from tests.conftest import at
from tests.smtp_servers import RecordingHandler, smtp_server
from tests.web.browser import LiveServer, Shots, requires_chromium, sign_in

pytestmark = requires_chromium


def _deliver(server: LiveServer, port: int, now: datetime) -> None:
    settings = Settings(
        _env_file=None, smtp_host="127.0.0.1", smtp_port=port, smtp_timeout_s=5.0,
        base_url=server.url,
    )  # fmt: skip
    # Playwright's sync API keeps an event loop in this thread: the dispatcher runs in another.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, deliver_due(server.ctx, settings, now)).result()


def _mail_to(handler: RecordingHandler, address: str, subject_part: str) -> list[Any]:
    return [
        r.message
        for r in handler.received
        if address in r.rcpt_tos and subject_part in str(r.message["Subject"])
    ]


def _invitations(handler: RecordingHandler, address: str) -> list[Any]:
    """The meeting invitations (a calendar attached) the SMTP server caught for `address`."""
    return [
        r.message
        for r in handler.received
        if address in r.rcpt_tos
        and any(part.get_content_type() == "text/calendar" for part in r.message.walk())
    ]


def _calendar(message: Any) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            return str(part.get_content())
    raise AssertionError("no invitation attached")


@dataclass(frozen=True)
class Journey:
    """What Ole reads on the way, in the language his request chose."""

    language: str
    locale: str
    notice: str  # the notice's subject
    confirm: str
    birth_date: str
    go_on: str
    not_recognised: str
    case: str  # the case page's heading, before its reference
    accept: str
    accepted: str
    book: str
    booked: str
    booked_at: str
    invited: str  # the first invitation's subject
    day: str
    moved_time: str
    move: str
    moved: str
    moved_at: str
    moved_mail: str  # the moved invitation's subject
    other: str  # the other language, and its heading
    other_case: str


DANISH = Journey(
    "da", "da-DK", "Tilbud om Fast track", "Bekræft, at det er dig", "Din fødselsdato",
    "Fortsæt", "Vi kunne ikke genkende", "Din sag", "Ja tak, jeg vil gerne",
    "Tak. Dit ja til Fast track er registreret.", "Book tiden", "Din samtale er booket",
    "onsdag den 25. marts 2026 kl. 10.00", "Første opfølgningssamtale",
    "onsdag den 25. marts 2026", "kl. 12.00", "Flyt til den valgte tid", "Din samtale er flyttet",
    "onsdag den 25. marts 2026 kl. 12.00", "Første opfølgningssamtale", "en", "Your case",
)  # fmt: skip
ENGLISH = Journey(
    "en", "en-GB", "Fast track offer from", "Confirm that it is you", "Your date of birth",
    "Continue", "We could not recognise", "Your case", "Yes, please",
    "Thank you. Your yes to Fast track has been recorded.", "Book this time",
    "Your talk is booked", "Wednesday 25 March 2026 at 10:00", "Invitation: ",
    "Wednesday 25 March 2026", "12:00", "Move to the chosen time", "Your talk has been moved",
    "Wednesday 25 March 2026 at 12:00", "Moved: ", "da", "Din sag",
)  # fmt: skip


@pytest.mark.parametrize("words", [DANISH, ENGLISH], ids=["da", "en"])
def test_ole_answers_books_and_moves_his_first_talk_and_the_consultant_sees_it(
    live_server: LiveServer, browser: Any, ole: dict[str, Any], tmp_path: Path, words: Journey
) -> None:
    from playwright.sync_api import expect

    server, shots = live_server, Shots(tmp_path / "screenshots")
    server.ctx.base_url = server.url  # the links in the emails point at this server
    request = parse(RequestIn, {**ole, "language": words.language})
    result = submit_request(server.ctx, request, as_of=at("2026-03-24 09:30"))
    handler = RecordingHandler()
    with smtp_server(handler) as smtp:
        _deliver(server, smtp.port, at("2026-03-24 09:31"))
        (notice,) = _mail_to(handler, ole["employee"]["email"], words.notice)
        body = notice.get_body(preferencelist=("plain",)).get_content()
        link = re.search(r"(http://127\.0\.0\.1:\d+/borger/[A-Za-z0-9_?=-]+)", body)
        assert link is not None, body

        # Tuesday 10:00: Ole opens the link; it asks for his date of birth first.
        server.clock.set(at("2026-03-24 10:00"))
        page = browser.new_page(locale=words.locale)
        page.goto(link.group(1))
        expect(page.locator("html")).to_have_attribute("lang", words.language)
        expect(page.get_by_role("heading", level=1)).to_have_text(words.confirm)
        expect(page.locator("main")).not_to_contain_text(result.reference)
        shots.take(page, "borger-foedselsdato")
        page.get_by_label(words.birth_date).fill("04-04-1978")
        page.get_by_role("button", name=words.go_on).click()
        expect(page.get_by_role("alert")).to_contain_text(words.not_recognised)
        shots.take(page, "borger-forkert-dato")
        page.get_by_label(words.birth_date).fill("03-04-1978")
        page.get_by_role("button", name=words.go_on).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"{words.case} {result.reference}"
        )
        shots.take(page, "borger-sagen")

        page.get_by_role("button", name=words.accept).click()
        expect(page.get_by_role("status")).to_have_text(words.accepted)
        page.locator("input[name=starts_at]").first.check()
        page.get_by_role("button", name=words.book).click()
        expect(page.get_by_role("status")).to_contain_text(words.booked)
        expect(page.locator("#booked-talk")).to_contain_text(words.booked_at)
        shots.take(page, "borger-booket")

        _deliver(server, smtp.port, at("2026-03-24 10:01"))
        (invitation,) = _invitations(handler, ole["employee"]["email"])
        assert words.invited in str(invitation["Subject"])
        assert "SEQUENCE:0" in _calendar(invitation)

        page.get_by_role("group", name=words.day).get_by_label(words.moved_time).check()
        page.get_by_role("button", name=words.move).click()
        expect(page.get_by_role("status")).to_contain_text(words.moved)
        expect(page.locator("#booked-talk")).to_contain_text(words.moved_at)
        shots.take(page, "borger-flyttet")
        _deliver(server, smtp.port, at("2026-03-24 10:02"))
        invitations = _invitations(handler, ole["employee"]["email"])
        assert len(invitations) == 2 and words.moved_mail in str(invitations[-1]["Subject"])
        assert "SEQUENCE:1" in _calendar(invitations[-1])

        page.goto(f"{server.url}/borger/sag?lang={words.other}")
        expect(page.locator("html")).to_have_attribute("lang", words.other)
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"{words.other_case} {result.reference}"
        )
        shots.take(page, "borger-andet-sprog")

    # The consultant sees the employee's own events in the case's timeline (staff: Danish).
    with server.ctx.unit_of_work() as session:
        owner = session.get_one(Consultant, result.consultant_id)
    consultant = browser.new_page(locale="da-DK")
    sign_in(consultant, server, owner.email)
    consultant.goto(f"{server.url}/sager/{result.reference}")
    rows = consultant.locator("tr", has_text="medarbejderen selv")
    expect(rows).to_have_count(3)  # accepted, booked, moved
    shots.take(consultant, "konsulent-tidslinje")


def test_vardes_workplace_books_the_roundtable_from_the_leaders_receipt(
    live_server: LiveServer, browser: Any, ole: dict[str, Any], tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    server, shots = live_server, Shots(tmp_path / "screenshots")
    server.ctx.base_url = server.url
    varde = {**ole, "employee": {**ole["employee"], "residence_municipality": "573"}}
    result = submit_request(server.ctx, parse(RequestIn, varde), as_of=at("2026-03-24 09:30"))
    handler = RecordingHandler()
    with smtp_server(handler) as smtp:
        _deliver(server, smtp.port, at("2026-03-24 09:31"))
        (receipt,) = _mail_to(handler, ole["leader"]["email"], result.reference)
        body = receipt.get_body(preferencelist=("plain",)).get_content()
        link = re.search(r"(http://127\.0\.0\.1:\d+/arbejdsgiver/[A-Za-z0-9_-]+)", body)
        assert link is not None, body

        server.clock.set(at("2026-03-24 10:00"))
        page = browser.new_page(locale="da-DK")
        page.goto(link.group(1))
        expect(page.get_by_role("heading", level=1)).to_have_text("Bekræft arbejdspladsen")
        shots.take(page, "arbejdsgiver-cvr")
        page.get_by_label("Arbejdsgiverens CVR-nummer").fill(ole["employer"]["cvr"])
        page.get_by_role("button", name="Fortsæt").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(result.reference)
        expect(page.locator("main")).not_to_contain_text(ole["employee"]["name"])
        shots.take(page, "arbejdsgiver-rundbord")
        page.get_by_role("group", name="onsdag den 25. marts 2026").get_by_label(
            "kl. 13.00"
        ).check()
        page.get_by_role("button", name="Book tiden").click()
        expect(page.locator("#booked-roundtable")).to_contain_text("kl. 13.00")
        shots.take(page, "arbejdsgiver-booket")
        _deliver(server, smtp.port, at("2026-03-24 10:01"))
        invited = {a for r in handler.received if "Rundbordssamtale" in str(r.message["Subject"])
                   for a in r.rcpt_tos}  # fmt: skip
        assert {ole["employee"]["email"], ole["leader"]["email"]} <= invited
