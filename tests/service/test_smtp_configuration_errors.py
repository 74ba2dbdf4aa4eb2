"""Errors no retry can fix are configuration errors: the messages are held (not failed, no attempt
counted), the run says what to change, and the next run after the fix sends them.

Each against a real aiosmtpd relay on loopback (or a host name that cannot exist)."""

from __future__ import annotations

import asyncio
import json
import ssl
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.models import OutboxMessage
from fasttrack_core.notify.dispatcher import deliver_due
from fasttrack_core.settings import Settings
from tests.conftest import EXAMPLES
from tests.e2e.cli import Fasttrack
from tests.smtp_servers import PasswordCheck, RecordingHandler, smtp_server

START = datetime(2026, 3, 24, 9, 0, tzinfo=COPENHAGEN)


def settings_for(port: int, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_timeout_s": 5.0,
        "smtp_connections": 2,
        **overrides,
    }
    return Settings(_env_file=None, **values)


def queue(ctx: AppContext, count: int = 3) -> None:
    with ctx.unit_of_work() as session:
        for number in range(count):
            session.add(
                OutboxMessage(
                    dedupe_key=f"config:{number}",
                    kind="reminder",
                    recipients=[f"konsulent{number}@jobcenter.example.dk"],
                    subject=f"Påmindelse {number}",
                    text_body="Tekst\n",
                    html_body="<p>Tekst</p>",
                    attachments=[],
                    status="pending",
                    attempts=0,
                    next_attempt_at=START,
                    created_at=START,
                )
            )
        session.commit()


def rows(ctx: AppContext) -> list[OutboxMessage]:
    with ctx.unit_of_work() as session:
        return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.dedupe_key)))


def deliver(ctx: AppContext, settings: Settings, now: datetime, **kwargs: Any) -> dict[str, Any]:
    return asyncio.run(deliver_due(ctx, settings, now, **kwargs)).as_dict()


def assert_held(ctx: AppContext, summary: dict[str, Any], says: str) -> None:
    assert summary["held"] == 3
    assert (summary["sent"], summary["retried"], summary["failed"]) == (0, 0, 0)
    assert says in str(summary["configuration_error"])
    for row in rows(ctx):
        assert (row.status, row.attempts) == ("held", 0)


def test_a_username_for_a_relay_without_auth_holds_the_messages_until_it_is_removed(
    ctx: AppContext,
) -> None:
    queue(ctx)
    handler = RecordingHandler()
    with smtp_server(handler) as server:  # offers no AUTH
        wrong = settings_for(server.port, smtp_username="fasttrack", smtp_password="x")
        assert_held(ctx, deliver(ctx, wrong, START), "FASTTRACK_SMTP_USERNAME")
        # Held messages are not given up on, however many runs pass.
        for minute in range(1, 4):
            assert_held(ctx, deliver(ctx, wrong, START + timedelta(minutes=minute)), "AUTH")
        fixed = settings_for(server.port)
        summary = deliver(ctx, fixed, START + timedelta(minutes=5))
    assert summary["sent"] == 3
    assert len(handler.received) == 3
    assert [row.status for row in rows(ctx)] == ["sent"] * 3


def test_a_refused_login_535_holds_the_messages(
    ctx: AppContext, server_tls: ssl.SSLContext, client_tls: ssl.SSLContext
) -> None:
    queue(ctx)
    check = PasswordCheck("fasttrack", "rigtigt-kodeord")
    with smtp_server(
        RecordingHandler(), security="starttls", server_tls=server_tls, authenticator=check
    ) as server:
        wrong = settings_for(
            server.port, smtp_security="starttls", smtp_username="fasttrack", smtp_password="nej"
        )
        summary = deliver(ctx, wrong, START, tls_context=client_tls)
    assert_held(ctx, summary, "FASTTRACK_SMTP_PASSWORD")
    assert "535" in str(summary["configuration_error"])


def test_a_certificate_that_does_not_verify_holds_the_messages(
    ctx: AppContext, server_tls: ssl.SSLContext
) -> None:
    queue(ctx)
    with smtp_server(RecordingHandler(), security="starttls", server_tls=server_tls) as server:
        summary = deliver(ctx, settings_for(server.port, smtp_security="starttls"), START)
    assert_held(ctx, summary, "TLS-certifikat")


def test_an_unknown_host_holds_the_messages(ctx: AppContext) -> None:
    queue(ctx)
    settings = settings_for(25, smtp_host="relay.fasttrack.invalid")
    assert_held(ctx, deliver(ctx, settings, START), "relay.fasttrack.invalid")


def test_a_relay_that_is_down_is_still_a_temporary_failure(ctx: AppContext) -> None:
    from tests.smtp_servers import free_port

    queue(ctx)
    summary = deliver(ctx, settings_for(free_port()), START)
    assert (summary["retried"], summary["held"], summary["configuration_error"]) == (3, 0, None)


def test_an_empty_setting_means_not_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FASTTRACK_SMTP_USERNAME", "")
    monkeypatch.setenv("FASTTRACK_SMTP_PASSWORD", "")
    monkeypatch.setenv("FASTTRACK_SMTP_PORT", "")
    settings = Settings(_env_file=None)
    assert settings.smtp_username is None
    assert settings.smtp_password is None
    assert settings.smtp_port == Settings.model_fields["smtp_port"].default


def test_outbox_send_exits_non_zero_and_says_what_to_change(tmp_path: Path) -> None:
    handler = RecordingHandler()
    with smtp_server(handler) as server:
        cli = Fasttrack(tmp_path)
        cli.env.update(
            FASTTRACK_SMTP_HOST="127.0.0.1",
            FASTTRACK_SMTP_PORT=str(server.port),
            FASTTRACK_SMTP_USERNAME="fasttrack",
            FASTTRACK_SMTP_PASSWORD="x",
        )
        cli.run("request", "submit", str(EXAMPLES / "request-ole.json"))
        result = cli.run("outbox", "send", expect=2)
    assert "Konfigurationsfejl" in result.stderr
    assert "FASTTRACK_SMTP_USERNAME" in result.stderr
    assert json.loads(result.stdout)["held"] >= 1
    assert handler.received == []
