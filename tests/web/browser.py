"""What every browser test shares: Debian's Chromium through Playwright, the app served by Uvicorn
on loopback over a file SQLite database with the demo configuration and a user per role, a clock
the test moves, and numbered screenshots each checked by axe-core (tests/web/axe.py) and for
anything the Content-Security-Policy blocked (an inline style or script) since the page opened.

The fixtures `live_server` and `browser` are registered in tests/web/conftest.py; a browser test
module sets `pytestmark = requires_chromium`.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import pytest
import uvicorn
from sqlmodel import col, select

from fasttrack_core.clock import FixedClock
from fasttrack_core.crypto import CprVault
from fasttrack_core.danish_calendar import DanishCalendar
from fasttrack_core.db import AppContext, make_engine
from fasttrack_core.domain.access import Role
from fasttrack_core.models import Consultant, JobCentre
from fasttrack_core.web import intake_forms
from fasttrack_core.web.app import create_app
from tests.conftest import START, TEST_SECRET
from tests.web.axe import check_accessibility
from tests.web.conftest import PASSWORD, PEOPLE, Person, add_people

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

requires_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"Chromium is not installed at {CHROMIUM} (Debian: apt-get install chromium); "
    "the browser test drives that binary and installs no browser of its own.",
)


@dataclass
class LiveServer:
    url: str
    ctx: AppContext
    clock: FixedClock


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def live_server(
    tmp_path: Path, sqlite_template: Path, password_hash: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[LiveServer]:
    """The app on a file SQLite database with the demo configuration, a user per role and one
    per Ishøj consultant, served by Uvicorn in a background thread."""
    path = tmp_path / "fasttrack.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    clock = FixedClock(START)
    ctx = AppContext(engine, clock, CprVault(TEST_SECRET), DanishCalendar())
    add_people(ctx, password_hash, PEOPLE)
    with ctx.unit_of_work() as session:
        ishoj = session.exec(
            select(Consultant)
            .join(JobCentre, col(JobCentre.id) == col(Consultant.job_centre_id))
            .where(col(JobCentre.municipality_code) == "183")
        ).all()
    add_people(ctx, password_hash, {c.name: Person(c.email, Role.CONSULTANT, "183") for c in ishoj})
    # No Prefect server here: the announcement of a new request is not part of this story.
    monkeypatch.setattr(intake_forms, "announce_request_received", lambda reference: False)
    port = _free_port()
    config = uvicorn.Config(
        create_app(ctx, TEST_SECRET), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "Uvicorn did not start within 10 s"
        time.sleep(0.05)
    yield LiveServer(f"http://127.0.0.1:{port}", ctx, clock)
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


# What the Content-Security-Policy blocked, by browser context (Chromium says so on the console).
_blocked: WeakKeyDictionary[Any, list[str]] = WeakKeyDictionary()


class WatchedBrowser:
    """Chromium whose every page records what the Content-Security-Policy blocked."""

    def __init__(self, chromium: Any) -> None:
        self._chromium = chromium

    def new_context(self, **options: Any) -> Any:
        context = self._chromium.new_context(**options)
        blocked = _blocked.setdefault(context, [])
        context.on(
            "console",
            lambda message: (
                blocked.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        return context

    def new_page(self, **options: Any) -> Any:
        return self.new_context(**options).new_page()


@pytest.fixture
def browser() -> Iterator[WatchedBrowser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield WatchedBrowser(chromium)
        chromium.close()


class Shots:
    """Numbered full-page screenshots in one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def take(self, page: Any, name: str) -> dict[str, int]:
        """The screenshot, and axe-core's check of the page as it is shown (its counts of
        violations by impact); nothing blocked by the Content-Security-Policy so far."""
        self.count += 1
        page.screenshot(path=str(self.folder / f"{self.count:02d}-{name}.png"), full_page=True)
        blocked = _blocked.get(page.context, [])
        assert not blocked, f"the Content-Security-Policy blocked on {name}: {blocked}"
        return check_accessibility(page, name)


def sign_in(page: Any, server: LiveServer, email: str) -> None:
    page.goto(f"{server.url}/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
