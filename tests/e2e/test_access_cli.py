"""`fasttrack user add` (password on standard input) and `fasttrack apikey create/revoke`."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from fasttrack_core.cli import app
from fasttrack_core.services.users import authenticate
from fasttrack_core.web.app import app_from_settings
from tests.e2e.cli import Fasttrack


def _use_settings_of(fasttrack: Fasttrack, monkeypatch: pytest.MonkeyPatch) -> None:
    """This process's settings are the command's (its database and secret)."""
    for name, value in fasttrack.env.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)


def test_a_user_added_on_the_command_line_signs_in_with_the_password_from_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fasttrack = Fasttrack(tmp_path)
    added = fasttrack.runner.invoke(
        app,
        [
            "user",
            "add",
            "Mette Holm",
            "--role",
            "consultant",
            "--email",
            "mette@ishoj.example.dk",
            "--municipality",
            "183",
        ],
        input="et langt nok kodeord\n",
        env=fasttrack.env,
    )
    assert added.exit_code == 0, added.output
    _use_settings_of(fasttrack, monkeypatch)
    ctx = app_from_settings().state.ctx
    assert authenticate(ctx, "mette@ishoj.example.dk", "et langt nok kodeord") is not None
    refused = fasttrack.runner.invoke(
        app,
        ["user", "add", "Ny", "--role", "chef", "--email", "ny@example.dk"],
        input="kort\n",
        env=fasttrack.env,
    )
    assert refused.exit_code == 2
    assert "Rollen 'chef' findes ikke" in refused.stderr
    assert "mindst 12 tegn" in refused.stderr


def test_an_api_key_is_printed_once_and_refused_after_it_is_revoked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fasttrack = Fasttrack(tmp_path)
    key = fasttrack.run("apikey", "create", "HR-system").stdout.strip()
    assert key.startswith("ft_")
    _use_settings_of(fasttrack, monkeypatch)
    client = TestClient(app_from_settings())
    assert client.post("/api/requests", json={}, headers={"X-API-Key": key}).status_code == 422
    fasttrack.run("apikey", "revoke", "HR-system")
    assert client.post("/api/requests", json={}, headers={"X-API-Key": key}).status_code == 401
    unknown = fasttrack.run("apikey", "revoke", "Ukendt", expect=2)
    assert "ingen API-nøgle med navnet 'Ukendt'" in unknown.stderr
