"""An employee asks for Fast track in English, in a real browser (issue 15 item 4): from the
start page to "In English", the employee's form, an English error next to the field, the English
receipt; the request asks for English messages. axe-core checks every page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlmodel import col, select

from fasttrack_core.models import Case, OutboxMessage
from fasttrack_core.notify.outbox import rendered
from tests.web.browser import LiveServer, Shots, requires_chromium

pytestmark = requires_chromium


def test_an_employee_asks_for_fast_track_in_english(
    live_server: LiveServer, browser: Any, ole: dict[str, Any], tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    server, shots = live_server, Shots(tmp_path / "screenshots")
    page = browser.new_page(locale="en-GB")
    page.goto(server.url)
    expect(page.locator("html")).to_have_attribute("lang", "da")
    page.get_by_role("link", name="In English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    shots.take(page, "start-en")
    page.get_by_role("link", name="I am on sick leave").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for Fast track – for yourself")
    shots.take(page, "employee-form-en")

    employee, employer = ole["employee"], ole["employer"]
    page.get_by_label("Name", exact=True).fill(employee["name"])
    page.get_by_label("CPR number").fill(employee["cpr"])
    page.locator("#employee\\.email").fill(employee["email"])
    page.get_by_label("Municipality of residence").select_option(employee["residence_municipality"])
    expect(page.get_by_label("Language of the messages")).to_have_value("en")
    page.get_by_label("CVR number").fill(employer["cvr"])
    page.get_by_label("Employer", exact=True).fill(employer["name"])
    page.get_by_label("Workplace or department").fill(employer["workplace"])
    page.get_by_label("The manager's name").fill(ole["leader"]["name"])
    page.get_by_label("The manager's e-mail").fill(ole["leader"]["email"])
    page.get_by_label("The absence is expected to last more than 8 weeks").check()
    questions = ole["questions"]
    page.get_by_label("1. Which job functions").fill(questions["affected_functions"])
    page.get_by_label("2. For how long").fill(questions["affected_since"])
    page.get_by_label("3. Has the workplace").fill(questions["adaptation_tried"])
    # The first day of absence forgotten: refused in English, next to the field.
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("alert")).to_contain_text("The request has not been sent.")
    first_day = page.get_by_label("First day of absence")
    expect(first_day).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#first_absence_day-error")).to_have_text(
        "The first day of absence must be a date written as dd-mm-yyyy, e.g. 31-03-2026."
    )
    shots.take(page, "employee-form-en-error")

    first_day.fill(ole["first_absence_day"])
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you – the request has been received"
    )
    expect(page.locator("html")).to_have_attribute("lang", "en")
    shots.take(page, "receipt-en")

    with server.ctx.unit_of_work() as session:
        case = session.exec(select(Case)).one()
        notice = session.exec(
            select(OutboxMessage).where(col(OutboxMessage.kind) == "employee_notice")
        ).one()
    assert (case.requested_by, case.language) == ("employee", "en")
    assert rendered(notice).subject.startswith("Fast track offer from")
