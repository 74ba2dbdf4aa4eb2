"""The leader's side in a real browser (issue 16; Debian's Chromium through Playwright): Hanne's
leader fills in the sickness-absence talk and downloads its record, runs the screening in another
tab, then sends a Fast track request prefilled from the talk. axe-core checks every page shown
(no serious or critical WCAG 2.1 AA violation). The server's clock is Tuesday 24 March 2026."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlmodel import select

from fasttrack_core.models import Case
from fasttrack_core.notify.outbox import rendered
from tests.web.browser import LiveServer, Shots, requires_chromium

pytestmark = requires_chromium

QUESTIONS = {
    "affected_functions": "Sagsbehandling og borgersamtaler; kan ikke overskue sager.",
    "affected_since": "Stigende belastning i to måneder.",
    "adaptation_tried": "Færre sager i februar; ikke tilstrækkeligt.",
}


def test_a_leader_holds_the_talk_screens_and_asks_for_fast_track_prefilled(
    live_server: LiveServer, browser: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    server, shots = live_server, Shots(tmp_path / "screenshots")
    leader = browser.new_page(locale="da-DK")
    leader.goto(f"{server.url}/leder")
    shots.take(leader, "leder")

    # The talk, held on Monday 23 March for an absence that began on Thursday 19 March.
    leader.get_by_role("link", name="Sygefraværssamtalen").click()
    leader.get_by_label("Medarbejderens navn").fill("Hanne Nielsen")
    leader.get_by_label("Første sygedag").fill("19-03-2026")
    leader.get_by_label("Samtalens dato").fill("23-03-2026")
    leader.get_by_label("Hvilke opgaver kan").fill(QUESTIONS["affected_functions"])
    leader.get_by_label("Hvor længe har situationen").fill(QUESTIONS["affected_since"])
    leader.get_by_label("Hvad har I prøvet").fill(QUESTIONS["adaptation_tried"])
    leader.get_by_label("Ja", exact=True).check()
    leader.get_by_label("Hvad har I aftalt?").fill("Vi ringer sammen fredag.")
    shots.take(leader, "samtale-udfyldt")
    with leader.expect_download() as download:
        leader.get_by_role("button", name="Hent referatet (PDF)").click()
    record = tmp_path / "referat.pdf"
    download.value.save_as(record)
    assert record.read_bytes().startswith(b"%PDF")

    # The screening, in another tab (keyboard only): nothing is stored.
    screening = browser.new_page(locale="da-DK")
    screening.goto(f"{server.url}/leder/screening")
    shots.take(screening, "screening")
    for question in (
        "Forventer medarbejderen",
        "stress eller psykisk",
        "forhold på arbejdspladsen",
    ):
        screening.get_by_label(question).focus()
        screening.keyboard.press("Space")
    screening.get_by_role("button", name="Se forslaget").click()
    expect(screening.get_by_role("heading", name="Forslag: Overvej Fast track")).to_be_visible()
    shots.take(screening, "screening-forslag")

    # Back in the talk: its answers go into the request form by a form post.
    leader.get_by_role("button", name="Brug svarene i en anmodning om Fast track").click()
    expect(leader.get_by_label("1. Hvilke jobfunktioner")).to_have_value(
        QUESTIONS["affected_functions"]
    )
    expect(leader.get_by_label("Første sygedag")).to_have_value("19-03-2026")
    expect(leader.get_by_label("Fraværet forventes at vare mere end 8 uger")).to_be_checked()
    assert "Hanne" not in leader.url and "Sagsbehandling" not in leader.url
    shots.take(leader, "anmodning-forudfyldt")
    leader.get_by_label("CPR-nummer").fill("1207822432")
    leader.locator("#employee\\.email").fill("hanne.nielsen@example.dk")
    leader.get_by_label("Bopælskommune").select_option("183")
    leader.get_by_label("CVR-nummer").fill("12345674")
    leader.get_by_label("Arbejdsgiver", exact=True).fill("Ishøj Kommune")
    leader.get_by_label("Arbejdssted eller afdeling").fill("Børne- og familieafdelingen")
    leader.get_by_label("Lederens navn").fill("Peter Mørk")
    leader.get_by_label("Lederens e-mail").fill("peter.mork@example.dk")
    leader.get_by_label("Ja", exact=True).check()
    leader.get_by_role("button", name="Send anmodningen").click()
    expect(leader.get_by_role("heading", level=1)).to_contain_text("modtaget")
    shots.take(leader, "anmodning-modtaget")

    with server.ctx.unit_of_work() as session:
        case = session.exec(select(Case)).one()
    assert case.employee_name == "Hanne Nielsen"
    assert json.loads(server.ctx.vault.decrypt(case.answers_encrypted)) == QUESTIONS
    assert str(case.first_absence_day) == "2026-03-19"
    assert shots.count == 6


def test_the_information_concern_and_alert_pages_pass_axe(
    live_server: LiveServer, browser: Any, tmp_path: Path
) -> None:
    """The other leader pages as a leader meets them: the job centre's process, a concern refused
    for want of consent (errors tied to their fields), and an absence alert answered."""
    from playwright.sync_api import expect

    from fasttrack_core.services.absence_alerts import import_absence_file
    from fasttrack_core.services.audit import Actor
    from tests.conftest import at

    server, shots = live_server, Shots(tmp_path / "screenshots")
    page = browser.new_page(locale="da-DK")
    page.goto(f"{server.url}/leder/information")
    page.get_by_label("Vis forløbet for").select_option("860")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jobcenter Hjørring")
    shots.take(page, "information-hjorring")

    page.goto(f"{server.url}/leder/bekymring")
    page.get_by_label("Navn", exact=True).fill("Ole Jensen")
    page.get_by_label("CPR-nummer").fill("0304782678")
    page.get_by_label("E-mail", exact=True).fill("ole@example.dk")
    page.get_by_label("Bopælskommune").select_option("621")
    page.get_by_label("Hvad er du bekymret for?").fill("Ondt i ryggen efter løft.")
    page.get_by_role("button", name="Send henvendelsen").click()
    expect(page.get_by_role("alert")).to_contain_text("samtykke")
    shots.take(page, "bekymring-fejl")
    page.get_by_label("CVR-nummer").fill("29189595")
    page.locator("#employer\\.name").fill("Hjørring Kommune")
    page.get_by_label("Arbejdssted eller afdeling").fill("Ældreplejen")
    page.get_by_label("Lederens navn").fill("Lise Leder")
    page.get_by_label("Lederens e-mail").fill("lise@example.dk")
    page.get_by_label("Medarbejderen kender til henvendelsen").check()
    page.get_by_role("button", name="Send henvendelsen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("modtaget")
    shots.take(page, "bekymring-modtaget")

    row = "L-7,29189595,Ældreplejen,leder@hjorring.example.dk,2026-03-16,2026-03-22"
    content = f"employee_id,cvr,workplace,leader_email,first_day,last_day\n{row}\n".encode()
    import_absence_file(
        server.ctx, content=content, file_name="f.csv", as_of=at("2026-03-23 07:00"),
        actor=Actor("test"),
    )  # fmt: skip
    with server.ctx.unit_of_work() as session:
        from fasttrack_core.models import OutboxMessage

        mail = session.exec(select(OutboxMessage)).all()[-1]
    link = rendered(mail).text.split("Svar på alarmen:")[1].split()[0]
    page.goto(server.url + link[link.index("/leder/") :])
    shots.take(page, "fravaersalarm")
    page.get_by_label("Alarmen er ikke relevant").check()
    page.get_by_role("button", name="Send svaret").click()
    expect(page.get_by_role("status")).to_contain_text("registreret")
    shots.take(page, "fravaersalarm-besvaret")


def test_a_leader_who_chose_english_holds_the_talk_and_screens_in_english(
    live_server: LiveServer, browser: Any, tmp_path: Path
) -> None:
    """The same tools in English (issue 15, item 4): chosen once with "In English", kept from
    page to page; the talk's record is an English PDF; axe-core checks every page shown."""
    from playwright.sync_api import expect
    from pypdf import PdfReader

    server, shots = live_server, Shots(tmp_path / "screenshots")
    leader = browser.new_page(locale="en-GB")
    leader.goto(f"{server.url}/leder")
    leader.get_by_role("link", name="In English").click()
    expect(leader.locator("html")).to_have_attribute("lang", "en")
    shots.take(leader, "leader")

    leader.get_by_role("link", name="The sickness absence talk").click()
    expect(leader.locator("html")).to_have_attribute("lang", "en")
    leader.get_by_label("The employee's name").fill("Hanne Nielsen")
    leader.get_by_label("First day of absence").fill("19-03-2026")
    leader.get_by_label("Date of the talk").fill("23-03-2026")
    leader.get_by_label("Which tasks can").fill("Case work and meetings with citizens.")
    leader.get_by_label("Yes", exact=True).check()
    shots.take(leader, "talk-filled-in")
    with leader.expect_download() as download:
        leader.get_by_role("button", name="Download the record (PDF)").click()
    assert download.value.suggested_filename == "sickness-absence-talk.pdf"
    record = tmp_path / "record.pdf"
    download.value.save_as(record)
    text = "\n".join(page.extract_text() for page in PdfReader(record).pages)
    assert "Record of a sickness absence talk" in text and "Case work and meetings" in text

    leader.goto(f"{server.url}/leder/screening")
    leader.get_by_label("Has the employee told you about stress").check()
    leader.get_by_label("Does the employee or the doctor expect").check()
    leader.get_by_role("button", name="See the suggestion").click()
    expect(leader.get_by_role("heading", name="Suggestion: Consider Fast track")).to_be_visible()
    shots.take(leader, "screening-suggestion")

    leader.goto(f"{server.url}/leder/information?kommune=860")
    expect(leader.get_by_role("table")).to_contain_text("After 7 days of absence in a row")
    shots.take(leader, "information")
    leader.get_by_role("link", name="På dansk").click()
    expect(leader.locator("html")).to_have_attribute("lang", "da")
    assert shots.count == 4
