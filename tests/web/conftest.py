"""The web app through its ASGI interface: a client per test, a user per role, an API key."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import select

from fasttrack_core.db import Context
from fasttrack_core.domain.access import Role
from fasttrack_core.models import Consultant, JobCentre, User
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.users import create_api_key
from fasttrack_core.web.app import create_app
from fasttrack_core.web.security import CSRF_FIELD
from tests.conftest import START, TEST_SECRET

PASSWORD = "korrekt hest batteri"
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


def add_people(ctx: Context, password_hash: str, people: dict[str, Person]) -> None:
    """Users (named after their keys) with PASSWORD."""
    with ctx.unit_of_work() as session:
        centres = {c.municipality_code: c.id for c in session.exec(select(JobCentre))}
        for key, person in people.items():
            session.add(
                User(
                    name=key.replace("_", " ").title(),
                    email=person.email,
                    role=person.role,
                    job_centre_id=centres[person.municipality] if person.municipality else None,
                    system_admin=person.role is Role.ADMIN and person.municipality is None,
                    password_hash=password_hash,
                    created_at=START,
                )
            )
        session.commit()


@pytest.fixture
def people(ctx: Context, password_hash: str) -> dict[str, Person]:
    """One user per role (and a consultant of another job centre), all with PASSWORD."""
    add_people(ctx, password_hash, PEOPLE)
    return PEOPLE


@dataclass(frozen=True)
class OpenCase:
    reference: str
    owner: Person  # the consultant the case was assigned to, as a user who can sign in


@pytest.fixture
def ole_case(
    ctx: Context, ole: dict[str, Any], people: dict[str, Person], password_hash: str
) -> OpenCase:
    """Ole's case in Ishøj, opened at START, and its consultant as a user."""
    result = submit_request(ctx, ole, START)
    with ctx.unit_of_work() as session:
        consultant = session.get_one(Consultant, result.consultant_id)
    owner = Person(consultant.email, Role.CONSULTANT, "183")
    add_people(ctx, password_hash, {consultant.name: owner})
    return OpenCase(result.reference, owner)


@pytest.fixture
def app(ctx: Context) -> FastAPI:
    return create_app(ctx, TEST_SECRET)


@pytest.fixture
def client(app: FastAPI) -> TestClient:
    return TestClient(app, follow_redirects=False)


@pytest.fixture
def api_key(ctx: Context) -> str:
    return create_api_key(ctx, "HR-system", START)


def csrf_of(client: TestClient, path: str = "/login") -> str:
    """The CSRF token a page's forms carry (the session's token)."""
    page = client.get(path)
    found = _CSRF.search(page.text)
    assert found, f"no CSRF token on {path} ({page.status_code})"
    return found.group(1)


def sign_in(client: TestClient, person: Person) -> None:
    response = client.post(
        "/login",
        data={"email": person.email, "password": PASSWORD, CSRF_FIELD: csrf_of(client)},
    )
    assert response.status_code == 303, response.text
