"""Signing in: each role lands on its own page; a wrong password or a missing CSRF token fails."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from fasttrack_core.db import AppContext
from fasttrack_core.errors import Refused
from fasttrack_core.services.users import deactivate_user
from fasttrack_core.web.security import CSRF_FIELD
from tests.web.conftest import PASSWORD, Person, csrf_of, sign_in


def test_each_role_lands_on_its_own_start_page(
    client: TestClient, people: dict[str, Person]
) -> None:
    landing = {"consultant": "/opgaver", "team_lead": "/team", "admin": "/admin/log",
               "steering": "/rapporter"}  # fmt: skip
    for key, target in landing.items():
        client.cookies.clear()
        assert sign_in(client, people[key]) == target


def test_a_wrong_password_is_refused_in_danish(
    client: TestClient, people: dict[str, Person]
) -> None:
    response = client.post(
        "/login",
        data={
            "email": people["consultant"].email,
            "password": "forkert",
            CSRF_FIELD: csrf_of(client),
        },
    )
    assert response.status_code == 401
    assert "Forkert e-mail eller adgangskode." in response.text


def test_sign_in_without_the_csrf_token_is_refused(
    client: TestClient, people: dict[str, Person]
) -> None:
    client.get("/login")
    response = client.post(
        "/login", data={"email": people["consultant"].email, "password": PASSWORD}
    )
    assert response.status_code == 403
    assert "Formularen er udløbet" in response.text


def test_sign_in_never_forwards_to_another_site(
    client: TestClient, people: dict[str, Person]
) -> None:
    response = client.post(
        "/login",
        data={
            "email": people["consultant"].email,
            "password": PASSWORD,
            "next": "//evil.example/",
            CSRF_FIELD: csrf_of(client),
        },
    )
    assert response.headers["location"] == "/opgaver"


def test_a_disabled_user_is_signed_out_and_cannot_sign_in_again(
    client: TestClient, people: dict[str, Person], ctx: AppContext
) -> None:
    consultant = people["consultant"]
    sign_in(client, consultant)
    assert client.get("/opgaver").status_code == 200
    deactivate_user(ctx, consultant.email.upper())
    assert client.get("/opgaver").headers["location"] == "/login?next=/opgaver"
    response = client.post(
        "/login",
        data={"email": consultant.email, "password": PASSWORD, CSRF_FIELD: csrf_of(client)},
    )
    assert response.status_code == 401
    with pytest.raises(Refused, match="ingen bruger med e-mailadressen"):
        deactivate_user(ctx, "ukendt@example.dk")
