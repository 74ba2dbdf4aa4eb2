"""The consultant's own calendar over CalDAV (issue 15), against a real Radicale server on
loopback: its busy times are not offered to the employee, and the first talk the employee books
is written there, moved there and taken out there."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import caldav
import pytest
import requests
from sqlmodel import select

from fasttrack_core.clock import FixedClock
from fasttrack_core.db import AppContext
from fasttrack_core.domain.vocabulary import StepKind
from fasttrack_core.models import Case, ConsultantCalendar
from fasttrack_core.services import booking, citizen_case
from fasttrack_core.services.citizen_access import CitizenGrant, confirm_link
from tests.conftest import at
from tests.service.test_citizen_access import ADDRESS, OLE_BORN, opened_with_link
from tests.smtp_servers import free_port

PASSWORD_ENV = "FASTTRACK_TEST_CALDAV_PASSWORD"
PASSWORD = "kalender-adgang-7Qm2"  # the test server's only user

TALK = StepKind.FIRST_FOLLOWUP


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Radicale on 127.0.0.1 with one user (htpasswd, plain); its base URL."""
    folder = tmp_path_factory.mktemp("radicale")
    (folder / "users").write_text(f"mette:{PASSWORD}\n")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", "", "--server-hosts", f"127.0.0.1:{port}",
         "--storage-filesystem-folder", str(folder / "collections"),
         "--auth-type", "htpasswd", "--auth-htpasswd-filename", str(folder / "users"),
         "--auth-htpasswd-encryption", "plain", "--logging-level", "warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            requests.get(url, timeout=1)
            break
        except requests.ConnectionError:
            assert time.monotonic() < deadline, "Radicale did not start within 20 s"
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


EVENT = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//test//EN
BEGIN:VEVENT
UID:{uid}
DTSTAMP:20260320T090000Z
{when}
SUMMARY:Optaget
{extra}END:VEVENT
END:VCALENDAR
"""


@pytest.fixture
def calendar(radicale: str, request: pytest.FixtureRequest) -> caldav.Calendar:
    """Mette's calendar (new per test): a meeting 25 March 10-12, a day off 26 March, and a
    reminder marked free 27 March 9-10."""
    client = caldav.DAVClient(url=radicale, username="mette", password=PASSWORD)
    name = f"arbejde-{request.node.callspec.id}-{time.monotonic_ns()}"
    made = client.principal().make_calendar(name=name, cal_id=name)
    for uid, when, extra in (
        ("busy", "DTSTART;TZID=Europe/Copenhagen:20260325T100000\n"
                 "DTEND;TZID=Europe/Copenhagen:20260325T120000", ""),
        ("off", "DTSTART;VALUE=DATE:20260326\nDTEND;VALUE=DATE:20260327", ""),
        ("free", "DTSTART;TZID=Europe/Copenhagen:20260327T090000\n"
                 "DTEND;TZID=Europe/Copenhagen:20260327T100000", "TRANSP:TRANSPARENT\n"),
    ):  # fmt: skip
        made.save_event(EVENT.format(uid=uid, when=when, extra=extra))
    return made


def _configure(ctx: AppContext, grant: CitizenGrant, url: str) -> None:
    with ctx.unit_of_work() as session:
        consultant_id = session.get_one(Case, grant.case_id).consultant_id
        assert consultant_id is not None
        session.add(
            ConsultantCalendar(
                consultant_id=consultant_id,
                caldav_url=url,
                caldav_username="mette",
                caldav_password_env=PASSWORD_ENV,
            )
        )
        session.commit()


@pytest.fixture
def grant(
    ctx: AppContext, clock: FixedClock, ole: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> CitizenGrant:
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    _, token = opened_with_link(ctx, ole)
    clock.set(at("2026-03-24 10:00"))
    return confirm_link(ctx, token, OLE_BORN, ADDRESS, clock.now())


def _starts(calendar: caldav.Calendar, uid: str) -> Any:
    found = [e for e in calendar.events() if uid in e.data]
    return found[0].icalendar_component.decoded("dtstart") if found else None


def test_busy_times_in_the_consultants_calendar_are_not_offered_and_bookings_go_there(
    ctx: AppContext, clock: FixedClock, grant: CitizenGrant, calendar: caldav.Calendar
) -> None:
    _configure(ctx, grant, str(calendar.url))
    talk = citizen_case.citizen_view(ctx, grant, clock.now()).talk
    assert talk is not None
    offered = {f"{t:%m-%d %H:%M}" for t in talk.free}
    assert not {"03-25 10:00", "03-25 10:30", "03-25 11:00", "03-25 11:30"} & offered
    assert "03-25 12:00" in offered
    assert not any(t.startswith("03-26") for t in offered), "a day off, all day"
    assert "03-27 09:00" in offered, "an event marked free does not take the time"

    with ctx.unit_of_work() as session:
        reference = session.get_one(Case, grant.case_id).reference
    uid = f"{reference}-first_followup@fasttrack"
    first, moved = at("2026-03-25 12:00"), at("2026-03-27 10:00")
    booking.book_meeting(ctx, grant, kind=TALK, starts_at=first, now=clock.now())
    assert _starts(calendar, uid) == first
    booking.book_meeting(ctx, grant, kind=TALK, starts_at=moved, now=clock.now())
    assert _starts(calendar, uid) == moved
    assert len([e for e in calendar.events() if uid in e.data]) == 1, "moved, not copied"
    booking.cancel_meeting(ctx, grant, kind=TALK, now=clock.now())
    assert _starts(calendar, uid) is None


def test_a_calendar_that_cannot_be_reached_leaves_the_booking_to_this_system(
    ctx: AppContext, clock: FixedClock, grant: CitizenGrant
) -> None:
    _configure(ctx, grant, f"http://127.0.0.1:{free_port()}/mette/borte/")
    talk = citizen_case.citizen_view(ctx, grant, clock.now()).talk
    assert talk is not None and talk.free
    assert (
        booking.book_meeting(ctx, grant, kind=TALK, starts_at=talk.free[0], now=clock.now())
        == "flash.booked"
    )
    with ctx.unit_of_work() as session:
        calendars = session.exec(select(ConsultantCalendar)).all()
    assert calendars and all(PASSWORD not in repr(c) for c in calendars), "never stored"
