"""End to end in a real browser (Debian's Chromium through Playwright), against the app served by
Uvicorn on loopback: a leader asks for Fast track for Ole; his consultant finds the task, records
the follow-up talk and the roundtable; the case page shows the plan; the admin's audit log shows
each view.

The server's clock is a FixedClock the test moves, so every deadline on the pages is fixed.
A screenshot of each page is saved in `<tmp_path>/screenshots/` (pytest prints tmp_path on
failure; `--basetemp DIR` keeps them somewhere known).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlmodel import select

from fasttrack_core.models import Case, Consultant
from tests.conftest import at
from tests.web.browser import LiveServer, Shots, requires_chromium, sign_in
from tests.web.conftest import PEOPLE, next_totp_code

pytestmark = requires_chromium


def fill_request(page: Any, ole: dict[str, Any]) -> None:
    """The leader's form, field by field as a person fills it in."""
    employee, employer = ole["employee"], ole["employer"]
    page.get_by_label("Navn", exact=True).fill(employee["name"])
    page.get_by_label("CPR-nummer").fill(employee["cpr"])
    page.locator("#employee\\.email").fill(employee["email"])
    page.get_by_label("Telefon").fill(employee["phone"])
    page.get_by_label("Bopælskommune").select_option(employee["residence_municipality"])
    page.get_by_label("CVR-nummer").fill(employer["cvr"])
    page.get_by_label("Arbejdsgiver", exact=True).fill(employer["name"])
    page.get_by_label("Arbejdssted eller afdeling").fill(employer["workplace"])
    page.get_by_label("Lederens navn").fill(ole["leader"]["name"])
    page.get_by_label("Lederens e-mail").fill(ole["leader"]["email"])
    page.get_by_label("Første sygedag").fill(ole["first_absence_day"])
    page.get_by_label("Fraværet forventes at vare mere end 8 uger").check()
    page.get_by_label("Årsag, hvis den er kendt").select_option(ole["cause_category"])
    questions = ole["questions"]
    page.get_by_label("1. Hvilke jobfunktioner").fill(questions["affected_functions"])
    page.get_by_label("2. Hvor længe").fill(questions["affected_since"])
    page.get_by_label("3. Har arbejdspladsen").fill(questions["adaptation_tried"])
    page.get_by_label("Ved ikke endnu", exact=True).check()  # answered by phone


def test_from_the_leaders_request_to_the_plan_and_the_audit_log(
    live_server: LiveServer, browser: Any, ole: dict[str, Any], tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    server, shots = live_server, Shots(tmp_path / "screenshots")

    # The leader asks for Fast track (Tuesday 24 March 2026, 09:30).
    leader = browser.new_page(locale="da-DK")
    leader.goto(f"{server.url}/anmodning")
    fill_request(leader, ole)
    shots.take(leader, "anmodning-udfyldt")
    leader.get_by_role("button", name="Send anmodningen").click()
    expect(leader.get_by_role("heading", level=1)).to_have_text("Tak – anmodningen er modtaget")
    expect(leader.locator("main")).not_to_contain_text("FT-2026")  # the reference goes by e-mail
    shots.take(leader, "anmodning-modtaget")
    with server.ctx.unit_of_work() as session:
        case = session.exec(select(Case)).one()
        owner = session.get_one(Consultant, case.consultant_id)
    reference = case.reference

    # The consultant signs in the same morning and finds the new case's task.
    server.clock.set(at("2026-03-24 10:15"))
    consultant = browser.new_page(locale="da-DK")
    sign_in(consultant, server, owner.email)
    expect(consultant).to_have_url(f"{server.url}/opgaver")
    task = consultant.get_by_role("link", name=reference)
    expect(task).to_be_visible()
    expect(consultant.locator("tr", has=task)).to_contain_text("Borgerens accept")
    shots.take(consultant, "mine-opgaver")
    task.click()
    expect(consultant.get_by_role("heading", level=1)).to_contain_text("Ole Hansen")
    expect(consultant.locator("#cpr")).to_have_text("030478-****")
    shots.take(consultant, "sagen")
    views = 1

    # The follow-up talk, held a week later (a new working day: signed in again).
    server.clock.set(at("2026-03-31 11:00"))
    sign_in(consultant, server, owner.email)
    consultant.goto(f"{server.url}/sager/{reference}")
    views += 1
    form = consultant.locator("#form-followup_held")
    form.locator("summary").click()
    form.get_by_label("Hvornår skete det?").fill("2026-03-31T10:00")
    form.get_by_label("Samtaleform").select_option("in_person")
    shots.take(consultant, "samtale-udfyldt")
    form.get_by_role("button").click()
    views += 1
    expect(consultant.get_by_role("status")).to_have_text("Registreret: Første samtale holdt.")
    expect(consultant.locator("dl.facts")).to_contain_text("Første samtale holdt")

    # The roundtable two days later: the measures, who does what by when (Ishøj does not use
    # Helsingør's staircase: issue 11 item 2).
    server.clock.set(at("2026-04-02 12:00"))
    sign_in(consultant, server, owner.email)
    consultant.goto(f"{server.url}/sager/{reference}")
    views += 1
    form = consultant.locator("#form-roundtable_held")
    form.locator("summary").click()
    form.get_by_label("Hvornår skete det?").fill("2026-04-02T10:00")
    form.get_by_label("Deltager 2: navn").fill(ole["leader"]["name"])
    form.get_by_label("Behandling eller træning").check()
    form.get_by_label("Ændrede opgaver").check()
    form.get_by_label("Handling 1: hvad").fill("Ryg- og skuldertræning to gange om ugen")
    form.get_by_label("Handling 1: hvem").select_option("employee")
    form.get_by_label("Handling 1: frist").fill("2026-04-20")
    form.get_by_label("Handling 2: hvad").fill("Gennemgå arbejdsgange og hjælpemidler")
    form.get_by_label("Handling 2: hvem").select_option("leader")
    form.get_by_label("Handling 2: frist").fill("2026-04-15")
    form.get_by_label("Næste opfølgning").fill("2026-04-28")
    shots.take(consultant, "rundbord-udfyldt")
    form.get_by_role("button").click()
    views += 1
    expect(consultant.get_by_role("status")).to_have_text("Registreret: Rundbordssamtale holdt.")
    plan = consultant.locator("section#plan-section")
    expect(plan).not_to_contain_text("trappemodellen")
    expect(plan).to_contain_text("Behandling eller træning")
    expect(plan).to_contain_text("Ryg- og skuldertræning to gange om ugen")
    expect(plan).to_contain_text("mandag den 20. april 2026")
    expect(plan).to_contain_text("tirsdag den 28. april 2026")
    shots.take(consultant, "sagen-med-plan")

    # The admin's audit log shows each view of the case.
    admin = browser.new_page(locale="da-DK")
    sign_in(admin, server, PEOPLE["admin"].email)
    expect(admin).to_have_url(f"{server.url}/login/kode")  # an admin gives a second factor
    admin.get_by_label("Koden fra godkendelsesappen").fill(
        next_totp_code(server.ctx, PEOPLE["admin"].email)
    )
    admin.get_by_role("button", name="Bekræft").click()
    expect(admin).to_have_url(f"{server.url}/admin/log")
    admin.get_by_label("Sagsnummer").fill(reference)
    admin.get_by_role("button", name="Vis sagens log").click()
    rows = admin.locator("tbody tr")
    viewed = rows.filter(has_text="Så sagen").filter(has_text=owner.email)
    expect(viewed).to_have_count(views)
    expect(rows.filter(has_text="Ændrede sagen")).to_have_count(2)
    expect(rows.filter(has_text="Indsendte anmodning")).to_have_count(1)
    shots.take(admin, "adgangslog")
    assert shots.count == 8
