"""Issue 14, items 1, 4, 5 and 7 in a real browser (Debian's Chromium through Playwright): the
consultant finds Ole's case by searching for his name, pauses it and resumes it, corrects the
first talk's time, and downloads the case file; axe-core checks every page shown
(tests/web/axe.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlmodel import select

from fasttrack_core.models import Consultant
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.intake import submit_request
from tests.conftest import at
from tests.web.browser import LiveServer, Shots, requires_chromium, sign_in

pytestmark = requires_chromium


def test_the_consultant_finds_pauses_resumes_corrects_and_exports_a_case(
    live_server: LiveServer, browser: Any, ole: dict[str, Any], tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    server, shots = live_server, Shots(tmp_path / "screenshots")
    opened = submit_request(server.ctx, parse(RequestIn, ole), as_of=at("2026-03-24 12:00"))
    with server.ctx.unit_of_work() as session:
        owner = session.exec(select(Consultant).where(Consultant.id == opened.consultant_id)).one()
    reference = opened.reference

    # The first talk is recorded with the wrong day.
    server.clock.set(at("2026-04-01 12:00"))
    page = browser.new_page(locale="da-DK")
    sign_in(page, server, owner.email)
    # She finds the case by searching for the employee's name (issue 14, item 1).
    page.goto(f"{server.url}/sager")
    page.get_by_label("Sagsnummer, navn eller CPR-nummer").fill("Ole Hansen")
    page.get_by_role("button", name="Søg", exact=True).click()
    shots.take(page, "soegning-paa-navn")
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ole Hansen")
    form = page.locator("#form-followup_held")
    form.locator("summary").click()
    form.get_by_label("Hvornår skete det?").fill("2026-04-01T10:00")
    form.get_by_label("Samtaleform").select_option("in_person")
    form.get_by_role("button").click()
    expect(page.get_by_role("status")).to_have_text("Registreret: Første samtale holdt.")

    # Standby: the employee is admitted to hospital.
    form = page.locator("#form-paused")
    form.locator("summary").click()
    form.get_by_label("Hvornår skete det?").fill("2026-04-01T11:00")
    form.get_by_label("Grund").select_option("standby")
    form.get_by_label("Genoptages").fill("2026-04-15")
    shots.take(page, "pause-udfyldt")
    form.get_by_role("button").click()
    expect(page.locator("#pause")).to_contain_text("i bero til onsdag den 15. april 2026")
    shots.take(page, "sagen-i-bero")

    # Back early: resumed a week later.
    server.clock.set(at("2026-04-08 09:00"))
    sign_in(page, server, owner.email)
    page.goto(f"{server.url}/sager/{reference}")
    form = page.locator("#form-resumed")
    form.locator("summary").click()
    form.get_by_label("Hvornår skete det?").fill("2026-04-08T09:00")
    form.get_by_role("button").click()
    expect(page.get_by_role("status")).to_have_text("Registreret: Sagen genoptaget.")
    expect(page.locator("#pause")).to_have_count(0)

    # The first talk was the day before: corrected, the original struck through.
    form = page.locator("#form-corrected")
    form.locator("summary").click()
    form.get_by_label("Hændelsen, der skal rettes").select_option(index=1)
    form.get_by_label("Hvad var forkert?").fill("Samtalen var den 31. marts")
    form.get_by_label("Det rigtige tidspunkt").fill("2026-03-31T10:00")
    shots.take(page, "rettelse-udfyldt")
    form.get_by_role("button").click()
    expect(page.get_by_role("status")).to_have_text("Registreret: Hændelse rettet.")
    corrected = page.locator("tr.corrected")
    expect(corrected).to_contain_text("Samtalen var den 31. marts")
    expect(corrected.locator("del").first).to_be_visible()
    shots.take(page, "tidslinje-med-rettelse")

    # The case file for the citizen's right of access.
    page.locator("#sagsakt summary").click()
    page.get_by_label("Formål med udleveringen").fill("borgerens anmodning om indsigt")
    with page.expect_download() as download:
        page.get_by_role("button", name="Hent sagsakten").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"sagsakt-{reference}.pdf" and saved.read_bytes().startswith(b"%PDF")
