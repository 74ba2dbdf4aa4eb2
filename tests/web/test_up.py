"""`fasttrack up`'s web part: the app served from a thread on a free port, links pointing there,
and demo logins for a database that runs the demo and has no users."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator

import httpx
import pytest

from fasttrack_core.cli.up import _use_web_port
from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import Role
from fasttrack_core.embedded.web_server import first_free_port, start_web
from fasttrack_core.services.demo_logins import create_demo_logins
from fasttrack_core.services.users import authenticate
from fasttrack_core.settings import load_settings
from fasttrack_core.web.app import create_app
from tests.conftest import START, TEST_SECRET
from tests.web.conftest import Person

HOST = "127.0.0.1"
pytestmark = pytest.mark.parametrize("engine", ["sqlite"], indirect=True)


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as listener:
        listener.bind((HOST, 0))
        listener.listen()
        port: int = listener.getsockname()[1]
        yield port


def test_the_web_app_runs_in_a_thread_on_the_next_free_port(
    ctx: AppContext, taken_port: int
) -> None:
    port = first_free_port(HOST, taken_port)
    assert port > taken_port
    web = start_web(create_app(ctx, TEST_SECRET), HOST, port)
    try:
        assert web.url == f"http://{HOST}:{port}"
        assert httpx.get(f"{web.url}/api/health").json() == {"status": "ok"}
    finally:
        web.stop()
    assert not web.thread.is_alive()


def test_links_in_messages_point_to_the_web_app_unless_configured(
    ctx: AppContext, taken_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FASTTRACK_BASE_URL", raising=False)
    port, settings = _use_web_port(load_settings(), taken_port)
    assert settings.base_url == os.environ["FASTTRACK_BASE_URL"] == f"http://{HOST}:{port}"
    monkeypatch.setenv("FASTTRACK_BASE_URL", "https://fasttrack.example.dk")
    _, settings = _use_web_port(load_settings(), taken_port)
    assert settings.base_url == os.environ["FASTTRACK_BASE_URL"] == "https://fasttrack.example.dk"


def test_the_demo_gets_an_admin_consultant_team_lead_and_steering_login_once(
    ctx: AppContext,
) -> None:
    logins = create_demo_logins(ctx, as_of=START)
    assert [login.role for login in logins] == [
        Role.ADMIN,
        Role.CONSULTANT,
        Role.TEAM_LEAD,
        Role.STEERING,
    ]
    password = logins[0].password
    assert len(password) >= 16 and {login.password for login in logins} == {password}
    for login in logins:
        assert authenticate(ctx, login.email, password) is not None
    assert create_demo_logins(ctx, as_of=START) == []  # shown once: the next start creates none


def test_no_demo_logins_where_people_can_already_sign_in(
    ctx: AppContext, people: dict[str, Person]
) -> None:
    assert create_demo_logins(ctx, as_of=START) == []
