"""Issue 12, defect 3: sign-in is throttled per account and per client address (a lockout with a
Danish message and an audit entry, that ends by itself); common and trivial passwords are
refused; users change their password; admins give a TOTP code (or a recovery code)."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import text
from sqlmodel import col, select

from fasttrack_core.clock import FixedClock
from fasttrack_core.db import AppContext
from fasttrack_core.errors import Refused
from fasttrack_core.models import AuditEntry
from fasttrack_core.services.users import add_user
from fasttrack_core.web.security import CSRF_FIELD
from tests.conftest import START
from tests.web.conftest import (
    ADMIN_TOTP_SECRET,
    PASSWORD,
    Person,
    csrf_of,
    next_totp_code,
    sign_in,
)

LOCKED = "For mange mislykkede forsøg på at logge ind."


def _login(client: TestClient, email: str, password: str) -> Response:
    return client.post(
        "/login", data={"email": email, "password": password, CSRF_FIELD: csrf_of(client)}
    )


def _lockouts(ctx: AppContext) -> list[AuditEntry]:
    with ctx.unit_of_work() as session:
        return list(session.exec(select(AuditEntry).where(col(AuditEntry.action) == "lockout")))


def test_defect_3_wrong_passwords_lock_the_account_with_a_danish_message_and_an_audit_entry(
    client: TestClient, people: dict[str, Person], ctx: AppContext
) -> None:
    email = people["consultant"].email
    for attempt in range(4):
        assert _login(client, email, f"forkert {attempt}").status_code == 401
    fifth = _login(client, email, "forkert 5")
    assert fifth.status_code == 429
    right = _login(client, email, PASSWORD)  # the right password no longer helps
    assert right.status_code == 429
    assert LOCKED in right.text and "15 minutter" in right.text
    assert int(right.headers["retry-after"]) == 15 * 60
    [entry] = _lockouts(ctx)
    assert entry.actor == f"log ind: {email}" and entry.user_id is not None
    assert "kontoen spærret" in (entry.detail or "")


def test_defect_3_the_lockout_ends_by_itself_after_15_minutes(
    client: TestClient, people: dict[str, Person], clock: FixedClock
) -> None:
    email = people["consultant"].email
    for attempt in range(5):
        _login(client, email, f"forkert {attempt}")
    clock.set(START + timedelta(minutes=14))
    assert _login(client, email, PASSWORD).status_code == 429
    clock.set(START + timedelta(minutes=15))
    assert _login(client, email, PASSWORD).status_code == 303


def test_defect_3_many_accounts_tried_from_one_address_lock_the_address(
    client: TestClient, people: dict[str, Person], ctx: AppContext
) -> None:
    for attempt in range(20):
        _login(client, f"gaet{attempt}@example.dk", "forkert")
    blocked = _login(client, people["consultant"].email, PASSWORD)
    assert blocked.status_code == 429
    assert "adgangen fra denne adresse" in blocked.text
    elsewhere = TestClient(client.app, follow_redirects=False, client=("10.0.0.7", 50000))
    assert _login(elsewhere, people["consultant"].email, PASSWORD).status_code == 303
    assert any("klientadressen testclient" in (e.detail or "") for e in _lockouts(ctx))


@pytest.mark.parametrize(
    "password", ["aaaaaaaaaaaa", "password1234", "qwertyuiopas", "123456789012", "Karin Karin 1"]
)
def test_defect_3_common_and_trivial_passwords_are_refused(ctx: AppContext, password: str) -> None:
    with pytest.raises(Refused, match="for let at gætte"):
        add_user(ctx, "Karin", "consultant", "karin@ishoj.example.dk", "183", password, as_of=START)


def test_defect_3_a_user_changes_their_password_and_the_policy_applies(
    client: TestClient, people: dict[str, Person]
) -> None:
    consultant = people["consultant"]
    sign_in(client, consultant)

    def change(current: str, new: str) -> Response:
        token = csrf_of(client, "/konto/adgangskode")
        data = {"current": current, "new": new, "repeated": new, CSRF_FIELD: token}
        return client.post("/konto/adgangskode", data=data)

    weak = change(PASSWORD, "aaaaaaaaaaaa")
    assert weak.status_code == 422 and "for let at gætte" in weak.text
    wrong = change("forkert", "blå kaffekande under hækken")
    assert wrong.status_code == 422
    assert "nuværende adgangskode er forkert" in wrong.text
    assert change(PASSWORD, "blå kaffekande under hækken").status_code == 200
    fresh = TestClient(client.app, follow_redirects=False)
    assert _login(fresh, consultant.email, PASSWORD).status_code == 401
    ok = _login(fresh, consultant.email, "blå kaffekande under hækken")
    assert ok.status_code == 303


def test_defect_3_an_admin_gets_no_page_before_the_totp_code(
    client: TestClient, people: dict[str, Person], ctx: AppContext
) -> None:
    admin = people["admin"]
    after_password = _login(client, admin.email, PASSWORD)
    assert after_password.headers["location"] == "/login/kode"
    assert client.get("/admin/log").headers["location"] == "/login/kode"
    token = csrf_of(client, "/login/kode")
    wrong = client.post("/login/kode", data={"code": "000000", CSRF_FIELD: token})
    assert wrong.status_code == 401 and "Koden er forkert" in wrong.text
    code = next_totp_code(ctx, admin.email)
    right = client.post("/login/kode", data={"code": code, CSRF_FIELD: token})
    assert right.headers["location"] == "/admin/log"
    assert client.get("/admin/log").status_code == 200
    replay = TestClient(client.app, follow_redirects=False)
    _login(replay, admin.email, PASSWORD)
    token = csrf_of(replay, "/login/kode")
    again = replay.post("/login/kode", data={"code": code, CSRF_FIELD: token})
    assert again.status_code == 401  # a code is accepted once


def test_the_totp_secret_is_stored_encrypted_and_its_codes_still_sign_in(
    client: TestClient, people: dict[str, Person], ctx: AppContext
) -> None:
    with ctx.engine.connect() as connection:
        stored = connection.execute(text("SELECT * FROM totp_factor")).one()
    assert not any(ADMIN_TOTP_SECRET in str(value) for value in stored)
    assert _login(client, people["admin"].email, PASSWORD).headers["location"] == "/login/kode"
    code = pyotp.TOTP(ADMIN_TOTP_SECRET).at(ctx.clock.now())  # the app's code, from its secret
    token = csrf_of(client, "/login/kode")
    signed_in = client.post("/login/kode", data={"code": code, CSRF_FIELD: token})
    assert signed_in.status_code == 303
    assert client.get("/admin/log").status_code == 200


def test_defect_3_an_admin_without_a_second_factor_sets_it_up_first_and_gets_recovery_codes(
    client: TestClient, ctx: AppContext
) -> None:
    password = "en helt anden lang adgangskode"
    add_user(ctx, "Ada Admin", "admin", "ada@jobcenter.example.dk", None, password, as_of=START)
    assert _login(client, "ada@jobcenter.example.dk", password).headers["location"] == "/konto/totp"
    assert client.get("/admin/log").headers["location"] == "/konto/totp"
    setup = client.get("/konto/totp")
    assert setup.status_code == 200 and 'src="data:image/svg+xml' in setup.text
    found = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', setup.text)
    assert found
    secret = found.group(1).replace(" ", "")
    code = pyotp.TOTP(secret).at(ctx.clock.now())
    done = client.post(
        "/konto/totp", data={"code": code, CSRF_FIELD: csrf_of(client, "/konto/totp")}
    )
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([0-9a-f]{5}(?:-[0-9a-f]{5}){3})</code></li>", done.text)
    assert len(codes) == 10
    assert client.get("/admin/log").status_code == 200
    # A recovery code instead of the app, once.
    for expected in (303, 401):
        other = TestClient(client.app, follow_redirects=False)
        _login(other, "ada@jobcenter.example.dk", password)
        token = csrf_of(other, "/login/kode")
        answer = other.post("/login/kode", data={"code": codes[0], CSRF_FIELD: token})
        assert answer.status_code == expected


def test_defect_3_someone_with_only_the_password_cannot_replace_an_admins_second_factor(
    client: TestClient, people: dict[str, Person]
) -> None:
    _login(client, people["admin"].email, PASSWORD)
    assert client.get("/konto/totp").headers["location"] == "/login/kode"
    assert ADMIN_TOTP_SECRET not in client.get("/login/kode").text
