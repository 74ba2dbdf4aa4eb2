"""Issue 12, defect 2: sessions are server-side. Signing out, idling 30 minutes, 8 hours, a
disabled user, a password change and an admin end them; the cookie is Secure and `__Host-`
prefixed over HTTPS."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import col, select

from fasttrack_core.clock import FixedClock
from fasttrack_core.db import AppContext
from fasttrack_core.models import User
from fasttrack_core.web.app import create_app
from fasttrack_core.web.security import CSRF_FIELD
from tests.conftest import START, TEST_SECRET
from tests.web.conftest import PASSWORD, Person, csrf_of, sign_in

NEW_PASSWORD = "blå kaffekande under hækken"


def _signed_in(client: TestClient) -> bool:
    response = client.get("/opgaver")
    if response.status_code == 303:
        assert response.headers["location"].startswith("/login")
        return False
    assert response.status_code == 200
    return True


def _copy(client: TestClient, app_client: TestClient) -> TestClient:
    thief = TestClient(app_client.app, follow_redirects=False)
    thief.cookies.update(dict(client.cookies.items()))
    return thief


def test_defect_2_a_cookie_copied_before_sign_out_opens_nothing_after(
    client: TestClient, people: dict[str, Person]
) -> None:
    sign_in(client, people["consultant"])
    copied = _copy(client, client)
    assert _signed_in(copied)
    response = client.post("/logout", data={CSRF_FIELD: csrf_of(client, "/opgaver")})
    assert response.status_code == 303
    assert not _signed_in(copied)
    assert not _signed_in(client)


def test_defect_2_a_session_ends_after_30_minutes_without_a_request(
    client: TestClient, people: dict[str, Person], clock: FixedClock
) -> None:
    sign_in(client, people["consultant"])
    clock.set(START + timedelta(minutes=29))
    assert _signed_in(client)
    clock.set(START + timedelta(minutes=58))  # 29 minutes after the last request
    assert _signed_in(client)
    clock.set(START + timedelta(minutes=88))  # 30 minutes after it
    assert not _signed_in(client)
    clock.set(START + timedelta(minutes=89))
    assert not _signed_in(client)  # and it stays ended


def test_defect_2_a_session_ends_8_hours_after_sign_in_however_busy(
    client: TestClient, people: dict[str, Person], clock: FixedClock
) -> None:
    sign_in(client, people["consultant"])
    for minutes in range(20, 8 * 60, 20):
        clock.set(START + timedelta(minutes=minutes))
        assert _signed_in(client), minutes
    clock.set(START + timedelta(hours=8))
    assert not _signed_in(client)


def test_defect_2_a_password_change_ends_the_users_other_sessions(
    client: TestClient, people: dict[str, Person]
) -> None:
    consultant = people["consultant"]
    other_browser = TestClient(client.app, follow_redirects=False)
    sign_in(other_browser, consultant)
    sign_in(client, consultant)
    changed = client.post(
        "/konto/adgangskode",
        data={
            "current": PASSWORD,
            "new": NEW_PASSWORD,
            "repeated": NEW_PASSWORD,
            CSRF_FIELD: csrf_of(client, "/konto/adgangskode"),
        },
    )
    assert changed.status_code == 200, changed.text
    assert "Adgangskoden er skiftet" in changed.text
    assert not _signed_in(other_browser)
    assert _signed_in(client)  # the browser that changed it goes on, in a new session


def test_defect_2_an_admin_sees_a_users_sessions_and_ends_them(
    client: TestClient, people: dict[str, Person], ctx: AppContext
) -> None:
    consultant = TestClient(client.app, follow_redirects=False)
    sign_in(consultant, people["consultant"])
    sign_in(client, people["admin"])
    listing = client.get("/admin/sessioner")
    assert listing.status_code == 200
    assert people["consultant"].email in listing.text
    with ctx.unit_of_work() as session:
        user = session.exec(select(User).where(col(User.email) == people["consultant"].email)).one()
    ended = client.post(
        f"/admin/brugere/{user.id}/afslut-sessioner",
        data={CSRF_FIELD: csrf_of(client, "/admin/sessioner")},
    )
    assert ended.status_code == 303
    assert not _signed_in(consultant)
    assert people["consultant"].email not in client.get("/admin/sessioner").text


def test_defect_2_over_https_the_cookie_is_secure_and_host_prefixed(ctx: AppContext) -> None:
    app = create_app(ctx, TEST_SECRET, https_only=True)
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    cookie = client.get("/login").headers["set-cookie"]
    assert cookie.startswith("__Host-fasttrack_session=")
    assert "secure" in cookie.lower() and "path=/" in cookie.lower()
    assert "domain" not in cookie.lower()
