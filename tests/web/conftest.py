"""The web app through its ASGI interface: a client per test, a user per role, an API key."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from weakref import WeakKeyDictionary

import pyotp
import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import select

from fasttrack_core.clock import FixedClock
from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import Role
from fasttrack_core.models import Consultant, JobCentre, TotpFactor, User
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.users import create_api_key
from fasttrack_core.web.app import create_app
from fasttrack_core.web.security import CSRF_FIELD
from tests.conftest import START, TEST_SECRET

PASSWORD = "korrekt hest batteri"
# Every admin's authenticator app (admins must use a second factor).
ADMIN_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_CSRF = re.compile(rf'name="{CSRF_FIELD}" value="([^"]+)"')


@dataclass(frozen=True)
class Person:
    email: str
    role: Role
    municipality: str | None


# Ishøj (183) is the demo job centre most tests use; Kolding (621) is "another job centre".
PEOPLE: dict[str, Person] = {
    "consultant": Person("konsulent@ishoj.example.dk", Role.CONSULTANT, "183"),
    "team_lead": Person("teamleder@ishoj.example.dk", Role.TEAM_LEAD, "183"),
    "admin": Person("admin@jobcenter.example.dk", Role.ADMIN, None),
    "steering": Person("styregruppe@ishoj.example.dk", Role.STEERING, "183"),
    "other_consultant": Person("konsulent@kolding.example.dk", Role.CONSULTANT, "621"),
}


@pytest.fixture(scope="session")
def password_hash() -> str:
    """PASSWORD hashed once (argon2id takes ~0.2 s; `add_user` itself is tested in the service
    tests)."""
    return PasswordHasher().hash(PASSWORD)


def add_people(ctx: AppContext, password_hash: str, people: dict[str, Person]) -> None:
    """Users (named after their keys) with PASSWORD; admins with ADMIN_TOTP_SECRET."""
    with ctx.unit_of_work() as session:
        centres = {c.municipality_code: c.id for c in session.exec(select(JobCentre))}
        for key, person in people.items():
            user = User(
                name=key.replace("_", " ").title(),
                email=person.email,
                role=person.role,
                job_centre_id=centres[person.municipality] if person.municipality else None,
                system_admin=person.role is Role.ADMIN and person.municipality is None,
                password_hash=password_hash,
                created_at=START,
            )
            session.add(user)
            if person.role == Role.ADMIN:
                session.flush()
                assert user.id is not None
                session.add(TotpFactor(user_id=user.id, secret=ADMIN_TOTP_SECRET, enabled_at=START))
        session.commit()


@pytest.fixture
def people(ctx: AppContext, password_hash: str) -> dict[str, Person]:
    """One user per role (and a consultant of another job centre), all with PASSWORD."""
    add_people(ctx, password_hash, PEOPLE)
    return PEOPLE


@dataclass(frozen=True)
class OpenCase:
    reference: str
    owner: Person  # the consultant the case was assigned to, as a user who can sign in


@pytest.fixture
def ole_case(
    ctx: AppContext, ole: dict[str, Any], people: dict[str, Person], password_hash: str
) -> OpenCase:
    """Ole's case in Ishøj, opened at START, and its consultant as a user."""
    return open_case(ctx, ole, password_hash)


def open_case(
    ctx: AppContext, request: dict[str, Any], password_hash: str, municipality: str = "183"
) -> OpenCase:
    """The request's case, for an employee living in `municipality`, opened at START; its
    consultant as a user."""
    request["employee"]["residence_municipality"] = municipality
    result = submit_request(ctx, parse(RequestIn, request), as_of=START)
    with ctx.unit_of_work() as session:
        consultant = session.get_one(Consultant, result.consultant_id)
    owner = Person(consultant.email, Role.CONSULTANT, municipality)
    add_people(ctx, password_hash, {consultant.name: owner})
    return OpenCase(result.reference, owner)


@pytest.fixture
def app(ctx: AppContext) -> FastAPI:
    return create_app(ctx, TEST_SECRET)


@pytest.fixture
def client(app: FastAPI) -> TestClient:
    return TestClient(app, follow_redirects=False)


@pytest.fixture
def api_key(ctx: AppContext) -> str:
    return create_api_key(ctx, "HR-system", as_of=START)


def csrf_of(client: TestClient, path: str = "/login") -> str:
    """The CSRF token a page's forms carry (the session's token)."""
    page = client.get(path)
    found = _CSRF.search(page.text)
    assert found, f"no CSRF token on {path} ({page.status_code})"
    return found.group(1)


def next_totp_code(ctx: AppContext, email: str) -> str:
    """The admin's authenticator code at the app's clock: the step after the last one used
    (a code is accepted once; one step either side of now is accepted)."""
    with ctx.unit_of_work() as session:
        factor = session.exec(
            select(TotpFactor).join(User).where(User.email == email)  # type: ignore[arg-type]
        ).one()
    now_step = int(ctx.clock.now().timestamp()) // 30
    step = max(now_step - 1, factor.last_step + 1)
    assert step <= now_step + 1, "more sign-ins at one moment than codes the clock allows"
    return pyotp.TOTP(factor.secret).at(step * 30)


_signed_in: WeakKeyDictionary[TestClient, Person] = WeakKeyDictionary()


def resume_at(client: TestClient, clock: FixedClock, when: datetime) -> None:
    """Set the clock to `when`; the person signed in on the client signs in again (a session
    ends after 30 minutes without a request)."""
    clock.set(when)
    person = _signed_in.get(client)
    if person is not None:
        sign_in(client, person)


def sign_in(client: TestClient, person: Person) -> str:
    """Sign in (with the second factor where asked for it); where the browser is sent."""
    _signed_in[client] = person
    response = client.post(
        "/login",
        data={"email": person.email, "password": PASSWORD, CSRF_FIELD: csrf_of(client)},
    )
    assert response.status_code == 303, response.text
    if response.headers["location"] == "/login/kode":
        ctx: AppContext = client.app.state.ctx  # type: ignore[attr-defined]
        code = next_totp_code(ctx, person.email)
        response = client.post(
            "/login/kode", data={"code": code, CSRF_FIELD: csrf_of(client, "/login/kode")}
        )
        assert response.status_code == 303, response.text
    location: str = response.headers["location"]
    return location


# The browser tests' fixtures (`live_server`, `browser`). Imported last: tests/web/browser.py uses
# the people and helpers defined above.
from tests.web.browser import browser, live_server  # noqa: E402, F401
