"""WCAG 2.1 AA in a real browser (issue 14 item 10): axe-core on every page of the site, as the
public and as each role, with a form's errors showing where a page has a form; and the
consultant's main path by keyboard alone.

`check_accessibility` prints each page's violations by impact and fails on a serious or critical
one. A screenshot of each page is saved in `<tmp_path>/screenshots/` (`--basetemp DIR` keeps
them somewhere known).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyotp
from sqlmodel import select

from fasttrack_core.models import Case, Consultant
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.intake import submit_request
from tests.conftest import START, at
from tests.web.axe import IMPACTS
from tests.web.browser import LiveServer, Shots, requires_chromium
from tests.web.conftest import PASSWORD, PEOPLE, next_totp_code

pytestmark = requires_chromium


class Audit:
    """Visits pages, runs axe on each and keeps the counts for a summary at the end."""

    def __init__(self, server: LiveServer, shots: Shots) -> None:
        self.server, self.shots = server, shots
        self.counts: dict[str, dict[str, int]] = {}

    def check(self, page: Any, label: str) -> None:
        self.counts[label] = self.shots.take(page, label)

    def visit(self, page: Any, path: str, label: str, status: int = 200) -> None:
        response = page.goto(self.server.url + path)
        assert response.status == status, f"{path}: {response.status}"
        self.check(page, label)

    def summary(self) -> str:
        lines = [f"{'page':28} " + " ".join(f"{i:>8}" for i in IMPACTS)]
        for label, counts in self.counts.items():
            lines.append(f"{label:28} " + " ".join(f"{counts[i]:>8}" for i in IMPACTS))
        return "\n".join(lines)


def open_every_form(page: Any) -> None:
    """Every <details> open, so axe sees the forms inside them."""
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")


def sign_in(page: Any, server: LiveServer, email: str) -> None:
    page.goto(f"{server.url}/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    if page.url.endswith("/login/kode"):
        page.get_by_label("Koden fra godkendelsesappen").fill(next_totp_code(server.ctx, email))
        page.get_by_role("button", name="Bekræft").click()


def ole_case(server: LiveServer, ole: dict[str, Any]) -> tuple[str, str]:
    """Ole's case, opened at START: its reference and its consultant's email."""
    result = submit_request(server.ctx, parse(RequestIn, ole), as_of=START)
    with server.ctx.unit_of_work() as session:
        case = session.exec(select(Case).where(Case.reference == result.reference)).one()
        owner = session.get_one(Consultant, case.consultant_id)
    return result.reference, owner.email


def test_every_page_has_no_serious_or_critical_accessibility_violation(
    live_server: LiveServer, browser: Any, ole: dict[str, Any], tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    server = live_server
    audit = Audit(server, Shots(tmp_path / "screenshots"))
    reference, owner = ole_case(server, ole)

    # The public: the front page, the forms (empty, with errors, received), the about pages.
    public = browser.new_page(locale="da-DK")
    audit.visit(public, "/", "forside")
    audit.visit(public, "/om-fast-track", "om-fast-track")
    audit.visit(public, "/tilgaengelighed", "tilgaengelighed")
    for path, name in (("/anmodning", "anmodning"), ("/anmodning/medarbejder", "medarbejder")):
        audit.visit(public, path, name)
        public.get_by_label("Første sygedag").fill("31-02-2026")
        public.get_by_role("button", name="Send anmodningen").click()
        audit.check(public, f"{name}-fejl")
    public.goto(f"{server.url}/anmodning/medarbejder")
    employee = ole["employee"]
    public.get_by_label("Navn", exact=True).fill(employee["name"])
    public.get_by_label("CPR-nummer").fill(employee["cpr"])
    public.locator("#employee\\.email").fill(employee["email"])
    public.get_by_label("Bopælskommune").select_option(employee["residence_municipality"])
    public.get_by_label("Er du ansat?").select_option("unemployed")
    public.get_by_label("Første sygedag").fill("10-03-2026")  # Danish, as the hint says
    public.get_by_label("Fraværet forventes at vare mere end 8 uger").check()
    for number, answer in enumerate(ole["questions"].values(), start=1):
        public.get_by_label(f"{number}. ").fill(answer)
    public.get_by_role("button", name="Send anmodningen").click()
    expect(public.get_by_role("heading", level=1)).to_have_text("Tak – anmodningen er modtaget")
    audit.check(public, "medarbejder-modtaget")
    # Reflow (WCAG 1.4.10): at 320 CSS pixels wide the public pages need no sideways scrolling.
    public.set_viewport_size({"width": 320, "height": 640})
    for path in ("/", "/anmodning", "/tilgaengelighed", "/login"):
        public.goto(server.url + path)
        width = public.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width} px wide at 320 px"
    audit.check(public, "login-320px")
    public.set_viewport_size({"width": 1280, "height": 720})
    audit.visit(public, "/login", "login")
    public.get_by_label("E-mail").fill(PEOPLE["consultant"].email)
    public.get_by_label("Adgangskode").fill("forkert adgangskode")
    public.get_by_role("button", name="Log ind").click()
    audit.check(public, "login-fejl")
    audit.visit(public, "/findes-ikke", "fejl-404", status=404)

    # The consultant: tasks, the case list (and a refused filter), the case page with every
    # form open, a form refused, the account pages and setting up a second factor.
    server.clock.set(at("2026-03-24 10:15"))
    consultant = browser.new_page(locale="da-DK")
    sign_in(consultant, server, owner)
    audit.check(consultant, "mine-opgaver")
    audit.visit(consultant, "/sager", "find-sag")
    audit.visit(consultant, "/sager?fra=31-02-2026", "find-sag-fejl", status=422)
    audit.visit(consultant, f"/sager/{reference}", "sagen")
    open_every_form(consultant)
    audit.check(consultant, "sagen-alle-formularer")
    form = consultant.locator("#form-followup_held")
    form.get_by_label("Hvornår skete det?").fill("i går")
    form.get_by_role("button").click()
    audit.check(consultant, "sagen-formular-fejl")
    audit.visit(consultant, "/telefonanmodning", "telefonanmodning")
    consultant.get_by_label("Tidspunkt for opkaldet").fill("24-03-2026 25:00")
    consultant.get_by_label("Første sygedag").fill("03-03-2026")
    consultant.get_by_role("button", name="Send anmodningen").click()
    audit.check(consultant, "telefonanmodning-fejl")
    audit.visit(consultant, "/admin/log", "fejl-403", status=403)
    audit.visit(consultant, "/konto", "konto")
    audit.visit(consultant, "/konto/adgangskode", "adgangskode")
    consultant.get_by_label("Nuværende adgangskode").fill("forkert adgangskode")
    consultant.get_by_role("button", name="Skift adgangskode").click()
    audit.check(consultant, "adgangskode-fejl")
    audit.visit(consultant, "/konto/totp", "totp-opsaetning")
    secret = consultant.locator("code.secret").inner_text().replace(" ", "")
    consultant.get_by_label("Kode fra appen").fill("000000")
    consultant.get_by_role("button", name="Slå til").click()
    audit.check(consultant, "totp-opsaetning-fejl")
    consultant.get_by_label("Kode fra appen").fill(pyotp.TOTP(secret).at(server.clock.now()))
    consultant.get_by_role("button", name="Slå til").click()
    audit.check(consultant, "gendannelseskoder")

    # The team lead's team page; the steering group's report.
    lead = browser.new_page(locale="da-DK")
    sign_in(lead, server, PEOPLE["team_lead"].email)
    audit.visit(lead, "/team", "team")
    audit.visit(lead, "/team/ko", "teamets-koe")
    steering = browser.new_page(locale="da-DK")
    sign_in(steering, server, PEOPLE["steering"].email)
    audit.visit(steering, "/rapporter", "rapporter")
    audit.visit(steering, "/rapporter?fra=01-03-2026&til=31-03-2026", "rapporter-marts")
    audit.visit(steering, "/rapporter?fra=i+går&til=31-03-2026", "rapporter-fejl", status=422)
    audit.visit(steering, "/rapporter/rapport?fra=01-03-2026&til=31-03-2026", "rapport")

    # The admin: the second factor, the audit log (all, one case), sessions, an insight refused.
    admin = browser.new_page(locale="da-DK")
    admin.goto(f"{server.url}/login")
    admin.get_by_label("E-mail").fill(PEOPLE["admin"].email)
    admin.get_by_label("Adgangskode").fill(PASSWORD)
    admin.get_by_role("button", name="Log ind").click()
    audit.check(admin, "login-kode")
    admin.get_by_label("Koden fra godkendelsesappen").fill("000000")
    admin.get_by_role("button", name="Bekræft").click()
    audit.check(admin, "login-kode-fejl")
    admin.get_by_label("Koden fra godkendelsesappen").fill(
        next_totp_code(server.ctx, PEOPLE["admin"].email)
    )
    admin.get_by_role("button", name="Bekræft").click()
    audit.check(admin, "adgangslog")
    audit.visit(admin, f"/admin/log?sag={reference}", "adgangslog-sag")
    admin.get_by_label("Borgerens CPR-nummer").fill("1234")
    admin.get_by_label("Formål").fill("borgerens anmodning om indsigt")
    admin.get_by_role("button", name="Hent indsigt (CSV)").click()
    audit.check(admin, "indsigt-fejl")
    audit.visit(admin, "/admin/sessioner", "sessioner")
    audit.visit(admin, "/sager", "find-sag-admin")

    # Past the abuse limit for the public forms: the 429 page.
    for _ in range(25):
        if public.request.post(f"{server.url}/anmodning").status == 429:
            break
    public.goto(f"{server.url}/anmodning")
    public.get_by_role("button", name="Send anmodningen").click()
    audit.check(public, "fejl-429")

    print("\naxe-core violations by impact per page\n" + audit.summary())


FOCUSED = """() => {
  const e = document.activeElement, style = getComputedStyle(e), box = e.getBoundingClientRect();
  return {tag: e.tagName.toLowerCase(), id: e.id, text: (e.innerText || e.value || '').trim(),
          outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
          visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight};
}"""


def focused(page: Any) -> dict[str, Any]:
    """What has the keyboard focus; asserted to be on screen with a visible focus ring."""
    element: dict[str, Any] = page.evaluate(FOCUSED)
    assert element["visible"], f"the focused element is not on screen: {element}"
    if element["tag"] != "main":  # the skip link's target takes focus without a ring
        assert element["outline"] != "none" and element["width"] >= 2, f"no focus ring: {element}"
    return element


def tab_to(page: Any, wanted: Any, presses: int = 60) -> dict[str, Any]:
    """Press Tab until `wanted(focused element)` holds."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        element = focused(page)
        if wanted(element):
            return element
    raise AssertionError(f"Tab never reached the element (last: {element})")


def test_the_consultant_records_an_event_by_keyboard_alone(
    live_server: LiveServer, browser: Any, ole: dict[str, Any], tmp_path: Path
) -> None:
    """Sign in, open the case from Mine opgaver and record the first talk: Tab, Enter, Space
    and typing only, every focused element on screen with a visible focus ring."""
    from playwright.sync_api import expect

    server, shots = live_server, Shots(tmp_path / "screenshots")
    reference, owner = ole_case(server, ole)
    server.clock.set(at("2026-03-31 11:00"))
    page = browser.new_page(locale="da-DK")
    page.goto(f"{server.url}/login")

    # The first Tab reaches the skip link, shown when focused; Enter moves past the menu.
    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["text"] == "Gå til indholdet"
    shots.take(page, "tastatur-spring-til-indhold")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "indhold"
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "email"
    page.keyboard.type(owner)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{server.url}/opgaver")

    # Mine opgaver: Tab to the case's task, Enter opens the case.
    tab_to(page, lambda e: e["tag"] == "a" and e["text"] == reference)
    shots.take(page, "tastatur-opgave")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{server.url}/sager/{reference}")

    # The form for the first talk: Enter opens it; type the time, choose the mode, Space saves.
    tab_to(page, lambda e: e["tag"] == "summary" and e["text"] == "Første samtale holdt")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "followup_held.at"
    page.keyboard.press("Control+A")
    page.keyboard.type("31-03-2026 10:00")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "followup_held.mode"
    page.keyboard.type("F")  # Fremmøde
    shots.take(page, "tastatur-samtale-udfyldt")
    tab_to(page, lambda e: e["tag"] == "button" and e["text"] == "Gem: første samtale holdt")
    page.keyboard.press("Space")
    expect(page.get_by_role("status")).to_have_text("Registreret: Første samtale holdt.")
    expect(page.locator("dl.facts")).to_contain_text("Første samtale holdt")
    timeline = page.locator("table").last
    expect(timeline).to_contain_text("31. marts 2026")
    shots.take(page, "tastatur-registreret")
