"""Delivering the outbox over SMTP, against real aiosmtpd servers on 127.0.0.1.

Each message is delivered once: retried with backoff while the relay is down or answers 4xx,
failed and reported to the job centre's administrator on 5xx, never sent twice.
"""

from __future__ import annotations

import asyncio
import base64
import json
import socket
import ssl
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import typer
from pydantic import SecretStr
from sqlalchemy import insert
from sqlmodel import col, select
from typer.testing import CliRunner

from fasttrack_core.cli.mail import mail_app, outbox_app
from fasttrack_core.cli.support import resolve_settings
from fasttrack_core.db import AppContext, make_engine
from fasttrack_core.embedded.mail_catcher import (
    describe_caught,
    list_caught,
    read_caught,
    start_catcher,
)
from fasttrack_core.migrations import upgrade_schema
from fasttrack_core.models import Case, JobCentre, OutboxMessage
from fasttrack_core.notify.dispatcher import (
    DeliverySummary,
    backoff,
    deliver_due,
    list_messages,
    sending,
)
from fasttrack_core.notify.outbox import message_id
from fasttrack_core.notify.smtp import build_message, render_message
from fasttrack_core.settings import Settings
from tests.conftest import START, TEST_SECRET
from tests.smtp_servers import (
    PasswordCheck,
    RecordingHandler,
    SlowHandler,
    first_replies,
    free_port,
    smtp_server,
)

SENDER_DOMAIN = "jobcenter.example.dk"
ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//fasttrack//Fast track//DA\r\nMETHOD:REQUEST\r\n"
    "BEGIN:VEVENT\r\nUID:rundbord-1@fasttrack\r\nSUMMARY:Rundbordssamtale\r\n"
    "DTSTART:20260407T080000Z\r\nDTEND:20260407T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


# --- fixtures and helpers ------------------------------------------------------------------------


def smtp_settings(port: int, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_timeout_s": 5.0,
        "smtp_connections": 2,
        "base_url": "https://fasttrack.example.dk",
        **overrides,
    }
    return Settings(_env_file=None, **values)


def deliver(ctx: AppContext, settings: Settings, now: datetime, **kwargs: Any) -> dict[str, object]:
    return asyncio.run(deliver_due(ctx, settings, now, **kwargs)).as_dict()


def add_message(
    ctx: AppContext,
    key: str = "test:1",
    *,
    kind: str = "reminder",
    recipients: tuple[str, ...] = ("konsulent@ishoj.jobcenter.example.dk",),
    case_id: int | None = None,
    attachments: list[dict[str, str]] | None = None,
    now: datetime = START,
) -> OutboxMessage:
    row = OutboxMessage(
        dedupe_key=key,
        kind=kind,
        case_id=case_id,
        recipients=list(recipients),
        subject="Påmindelse: ring til medarbejderen (FT-2026-000001)",
        text_body="Hej\n\nRing til medarbejderen senest fredag. Åbn sagen i Fast track.\n",
        html_body="<p>Ring til medarbejderen senest <b>fredag</b>. Åbn sagen i Fast track.</p>",
        attachments=attachments or [],
        status="pending",
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    with ctx.unit_of_work() as session:
        session.add(row)
        session.commit()
    return row


def add_many(ctx: AppContext, count: int, prefix: str = "bulk") -> None:
    rows = [
        {
            "dedupe_key": f"{prefix}:{number}",
            "kind": "reminder",
            "case_id": None,
            "recipients": [f"konsulent{number}@ishoj.jobcenter.example.dk"],
            "subject": f"Påmindelse {number}",
            "text_body": f"Tekst {number}\n",
            "html_body": f"<p>Tekst {number}</p>",
            "attachments": [],
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": START,
            "created_at": START,
        }
        for number in range(count)
    ]
    with ctx.unit_of_work() as session:
        session.execute(insert(OutboxMessage), rows)
        session.commit()


def add_case(ctx: AppContext, municipality: str = "183") -> tuple[int, str]:
    """A bare case at the job centre of `municipality` (only what the dispatcher looks at)."""
    with ctx.unit_of_work() as session:
        centre = session.exec(
            select(JobCentre).where(col(JobCentre.municipality_code) == municipality)
        ).one()
        case = Case(
            reference="FT-2026-009999",
            job_centre_id=centre.id or 0,
            status="requested",
            requested_by="employer",
            channel="web",
            requested_at=START,
            first_absence_day=date(2026, 3, 10),
            expected_over_8_weeks=True,
            cpr_encrypted="x",
            cpr_hash="h" * 64,
            employee_name="Ole",
            employee_email="ole@example.dk",
            employer_cvr="12345678",
            employer_name="Plejecentret",
            workplace="Plejecentret",
            leader_name="Leder",
            leader_email="leder@example.dk",
            answers_encrypted="x",
            opened_at=START,
            ruleset="2025",
        )
        session.add(case)
        session.commit()
        return case.id or 0, case.reference


def plain_text(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content()).replace("\r\n", "\n")  # parsed as received: CRLF


def outbox(ctx: AppContext) -> dict[str, OutboxMessage]:
    with ctx.unit_of_work() as session:
        return {row.dedupe_key: row for row in session.exec(select(OutboxMessage))}


# --- delivery ------------------------------------------------------------------------------------


def test_a_message_arrives_with_its_headers_bodies_and_invitation(ctx: AppContext) -> None:
    row = add_message(
        ctx,
        attachments=[
            {"filename": "x.ics", "content_type": "text/calendar; method=REQUEST", "content": ICS}
        ],
    )
    handler = RecordingHandler()
    with smtp_server(handler) as server:
        summary = deliver(ctx, smtp_settings(server.port), START)

    assert summary == {"as_of": START.isoformat(), "sent": 1, "retried": 0, "failed": 0,
                       "reported": 0, "held": 0, "configuration_error": None}  # fmt: skip
    [received] = handler.received
    assert received.mail_from == "fasttrack@jobcenter.example.dk"
    assert received.rcpt_tos == ["konsulent@ishoj.jobcenter.example.dk"]
    message = received.message
    assert message["From"] == "Fast track <fasttrack@jobcenter.example.dk>"
    assert message["To"] == "konsulent@ishoj.jobcenter.example.dk"
    assert message["Subject"] == "Påmindelse: ring til medarbejderen (FT-2026-000001)"
    assert message["Message-ID"] == message_id(row.id or 0, "test:1", SENDER_DOMAIN)
    assert message["Date"].datetime == START
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_type() == "multipart/mixed"
    assert "senest fredag" in plain_text(message)
    html = message.get_body(("html",))
    assert html is not None and "<b>fredag</b>" in html.get_content()
    [invitation] = message.iter_attachments()
    assert invitation.get_content_type() == "text/calendar"
    assert invitation.get_param("method") == "REQUEST"
    assert invitation.get_content_charset() == "utf-8"
    assert invitation.get_filename() == "invite.ics"
    assert invitation.get_content().replace("\r\n", "\n") == ICS.replace("\r\n", "\n")

    stored = outbox(ctx)["test:1"]
    assert (stored.status, stored.attempts, stored.sent_at, stored.last_error) == (
        "sent", 1, START, None,
    )  # fmt: skip


def test_headers_are_encoded_folded_and_safe() -> None:
    recipients = [f"konsulent.nummer{n}@frederikssund.jobcenter.example.dk" for n in range(5)]
    row = OutboxMessage(
        id=7,
        dedupe_key="k",
        kind="reminder",
        recipients=recipients,
        subject="Påmindelse: book opfølgningssamtalen før fristen tirsdag den 7. april 2026 "
        "(FT-2026-000123)",
        text_body="Linje med mellemrum til sidst   \r\n" + "æ" * 120 + "\n.\nslut",
        html_body="<p>Hej</p>",
        attachments=[],
        created_at=START,
    )
    settings = Settings(_env_file=None, smtp_sender="Jobcenter Ishøj <fasttrack@ishoj.example.dk>")
    raw = render_message(row, settings)
    assert raw.isascii() and all(len(line) <= 78 for line in raw.split(b"\r\n"))
    assert b"\n" not in raw.replace(b"\r\n", b"")
    message = build_message(row, settings)
    assert message["From"] == "Jobcenter Ishøj <fasttrack@ishoj.example.dk>"
    assert [a.addr_spec for a in message["To"].addresses] == recipients
    assert message["Subject"] == row.subject
    assert message["Message-ID"] == message_id(7, "k", "ishoj.example.dk")
    assert plain_text(message) == ("Linje med mellemrum til sidst   \n" + "æ" * 120 + "\n.\nslut")
    assert render_message(row, settings) == raw  # the same bytes on every attempt

    with pytest.raises(ValueError, match="line break"):
        render_message(row.model_copy(update={"subject": "Hej\r\nBcc: x@example.dk"}), settings)
    with pytest.raises(ValueError, match="not an address"):
        render_message(row.model_copy(update={"recipients": ["ikke en adresse"]}), settings)


def test_a_long_subject_is_cut_into_encoded_words_between_characters() -> None:
    # Each RFC 2047 word must hold whole characters: 1-, 2-, 3- and 4-byte ones across the cuts.
    subject = "Frist: æ – 😀 ø " * 12 + "FT-2026-000123"
    row = OutboxMessage(
        id=8, dedupe_key="k", kind="reminder", recipients=["a@example.dk"], subject=subject,
        text_body="t", html_body="<p>h</p>", attachments=[], created_at=START,
    )  # fmt: skip
    raw = render_message(row, Settings(_env_file=None))
    header = raw.split(b"\r\nDate:")[0].split(b"Subject:")[1]
    words = header.split()
    assert len(words) > 4 and all(len(line) <= 78 for line in raw.split(b"\r\n"))
    for word in words:  # each word decodes alone
        assert word.startswith(b"=?utf-8?b?") and word.endswith(b"?=")
        base64.b64decode(word[10:-2]).decode("utf-8")
    message = build_message(row, Settings(_env_file=None))
    assert message["Subject"] == subject and not message["Subject"].defects


def test_a_message_no_relay_can_take_fails_at_once(ctx: AppContext) -> None:
    add_message(ctx, recipients=("ikke en adresse",))
    handler = RecordingHandler()
    with smtp_server(handler) as server:
        summary = deliver(ctx, smtp_settings(server.port), START)
    assert (summary["failed"], summary["reported"], summary["sent"]) == (1, 1, 1)
    assert (outbox(ctx)["test:1"].last_error or "").startswith("ValueError: not an address")
    assert [item.rcpt_tos for item in handler.received] == [["admin@jobcenter.example.dk"]]


def test_a_sent_message_is_never_sent_again(ctx: AppContext) -> None:
    add_message(ctx)
    handler = RecordingHandler()
    with smtp_server(handler) as server:
        settings = smtp_settings(server.port)
        assert deliver(ctx, settings, START)["sent"] == 1
        for later in (START, START + timedelta(minutes=20), START + timedelta(days=3)):
            assert deliver(ctx, settings, later)["sent"] == 0
    assert len(handler.received) == 1


def test_starttls_with_a_trusted_certificate(
    ctx: AppContext, server_tls: ssl.SSLContext, client_tls: ssl.SSLContext
) -> None:
    add_message(ctx)
    handler = RecordingHandler()
    with smtp_server(handler, security="starttls", server_tls=server_tls) as server:
        settings = smtp_settings(server.port, smtp_security="starttls")
        # Without the test CA the certificate is not trusted: a configuration error, so the
        # message is held (no attempt counted), nothing sent, nothing lost.
        held = deliver(ctx, settings, START)
        assert (held["held"], held["retried"]) == (1, 0)
        assert "TLS-certifikat" in (outbox(ctx)["test:1"].last_error or "")
        assert outbox(ctx)["test:1"].attempts == 0
        summary = deliver(ctx, settings, START + timedelta(minutes=1), tls_context=client_tls)
    assert summary["sent"] == 1
    assert len(handler.received) == 1


def test_implicit_tls(
    ctx: AppContext, server_tls: ssl.SSLContext, client_tls: ssl.SSLContext
) -> None:
    add_message(ctx)
    handler = RecordingHandler()
    with smtp_server(handler, security="tls", server_tls=server_tls) as server:
        settings = smtp_settings(server.port, smtp_security="tls")
        summary = deliver(ctx, settings, START, tls_context=client_tls)
    assert summary["sent"] == 1
    assert len(handler.received) == 1


@pytest.mark.parametrize("mechanism", ["LOGIN", "PLAIN"])
def test_authenticated_relay_over_starttls(
    ctx: AppContext, server_tls: ssl.SSLContext, client_tls: ssl.SSLContext, mechanism: str
) -> None:
    add_message(ctx)
    check = PasswordCheck("fasttrack", "hemmeligt-kodeord")
    handler = RecordingHandler()
    other = ("PLAIN",) if mechanism == "LOGIN" else ("LOGIN",)
    with smtp_server(
        handler,
        security="starttls",
        server_tls=server_tls,
        authenticator=check,
        auth_exclude=other,
    ) as server:
        wrong = smtp_settings(
            server.port,
            smtp_security="starttls",
            smtp_username="fasttrack",
            smtp_password="forkert",
        )
        # A refused login is the relay's configuration, not the message's fault: held until the
        # settings are fixed, then sent by the next run.
        assert deliver(ctx, wrong, START, tls_context=client_tls)["held"] == 1
        assert "535" in (outbox(ctx)["test:1"].last_error or "")
        assert outbox(ctx)["test:1"].status == "held"
        right = wrong.model_copy(update={"smtp_password": SecretStr("hemmeligt-kodeord")})
        summary = deliver(ctx, right, START + timedelta(minutes=1), tls_context=client_tls)
    assert summary["sent"] == 1
    assert len(handler.received) == 1
    assert set(check.mechanisms) == {mechanism}


@pytest.mark.parametrize(
    "reply", ["421 4.3.2 Service not available, closing channel", "451 4.3.0 Try again later"]
)
def test_a_temporary_refusal_is_retried_with_backoff_and_delivered_once(
    ctx: AppContext, reply: str
) -> None:
    row = add_message(ctx)
    handler = RecordingHandler(reply=first_replies(reply, reply))
    with smtp_server(handler) as server:
        settings = smtp_settings(server.port)
        assert deliver(ctx, settings, START)["retried"] == 1
        stored = outbox(ctx)["test:1"]
        code = reply[:3]
        assert (stored.status, stored.attempts) == ("pending", 1)
        assert stored.next_attempt_at == START + timedelta(minutes=1)
        assert (stored.last_error or "").startswith(f"SMTP {code}")

        # Not due yet: nothing happens.
        assert deliver(ctx, settings, START + timedelta(seconds=59))["retried"] == 0
        assert deliver(ctx, settings, START + timedelta(minutes=1))["retried"] == 1
        stored = outbox(ctx)["test:1"]
        assert stored.attempts == 2
        assert stored.next_attempt_at == START + timedelta(minutes=3)  # then 2 minutes

        assert deliver(ctx, settings, START + timedelta(minutes=3))["sent"] == 1
        assert deliver(ctx, settings, START + timedelta(minutes=10))["sent"] == 0
    assert handler.data_commands == 3
    assert handler.message_ids() == [message_id(row.id or 0, "test:1", SENDER_DOMAIN)]
    stored = outbox(ctx)["test:1"]
    assert (stored.status, stored.attempts, stored.sent_at) == (
        "sent", 3, START + timedelta(minutes=3),
    )  # fmt: skip


def test_backoff_doubles_from_one_minute_up_to_an_hour() -> None:
    assert [backoff(n) // timedelta(minutes=1) for n in range(1, 10)] == [
        1, 2, 4, 8, 16, 32, 60, 60, 60,
    ]  # fmt: skip


def test_a_permanent_refusal_fails_and_tells_the_job_centres_admin(ctx: AppContext) -> None:
    case_id, reference = add_case(ctx, "183")  # Ishøj
    refused = "nobody@ishoj.example.dk"
    row = add_message(ctx, "notice:1", kind="employee_notice", recipients=(refused,),
                      case_id=case_id)  # fmt: skip
    handler = RecordingHandler(
        refuse_recipients={refused: f"550 5.1.1 <{refused}>: Recipient address rejected"}
    )
    with smtp_server(handler) as server:
        summary = deliver(ctx, smtp_settings(server.port), START)

    # The report is due at once and delivered in the same run.
    assert summary == {"as_of": START.isoformat(), "sent": 1, "retried": 0, "failed": 1,
                       "reported": 1, "held": 0, "configuration_error": None}  # fmt: skip
    rows = outbox(ctx)
    failed = rows["notice:1"]
    assert (failed.status, failed.attempts, failed.sent_at) == ("failed", 1, None)
    assert "550" in (failed.last_error or "")
    report = rows[f"delivery_failed:{row.id}"]
    assert (report.kind, report.recipients, report.case_id, report.status) == (
        "delivery_failed", ["admin@ishoj.jobcenter.example.dk"], case_id, "sent",
    )  # fmt: skip
    [received] = handler.received
    assert received.rcpt_tos == ["admin@ishoj.jobcenter.example.dk"]
    assert reference in received.message["Subject"]
    text = plain_text(received.message)
    assert str(row.id) in text and "550" in text
    assert refused not in received.message.as_string()  # the address is not repeated


def test_a_failed_failure_report_is_only_logged(
    ctx: AppContext, caplog: pytest.LogCaptureFixture
) -> None:
    row = add_message(ctx, "notice:1", recipients=("someone@example.dk",))
    handler = RecordingHandler(reply=lambda _envelope: "554 5.7.1 Rejected")
    with caplog.at_level("INFO", logger="fasttrack_core.notify"), smtp_server(handler) as server:
        summary = deliver(ctx, smtp_settings(server.port), START)

    assert (summary["failed"], summary["reported"]) == (2, 1)
    rows = outbox(ctx)
    assert set(rows) == {"notice:1", f"delivery_failed:{row.id}"}
    report = rows[f"delivery_failed:{row.id}"]
    # Without a case there is no job centre: the installation's admin address.
    assert report.recipients == ["admin@jobcenter.example.dk"]
    assert report.status == "failed"
    assert f"outbox {report.id} (delivery_failed): not reported" in caplog.text
    # Logs name outbox ids and kinds, never addresses or contents.
    assert "@" not in caplog.text and "Påmindelse" not in caplog.text


def test_some_recipients_refused_is_sent_and_reported(ctx: AppContext) -> None:
    row = add_message(ctx, recipients=("leder@example.dk", "nobody@example.dk"))
    handler = RecordingHandler(refuse_recipients={"nobody@example.dk": "550 5.1.1 Unknown user"})
    with smtp_server(handler) as server:
        summary = deliver(ctx, smtp_settings(server.port), START)
    assert (summary["sent"], summary["failed"], summary["reported"]) == (2, 0, 1)
    stored = outbox(ctx)["test:1"]
    assert stored.status == "sent"
    assert (stored.last_error or "").startswith("SMTP refused 1 of 2 recipients (550)")
    assert outbox(ctx)[f"delivery_failed:{row.id}"].status == "sent"
    assert [item.rcpt_tos for item in handler.received] == [
        ["leder@example.dk"], ["admin@jobcenter.example.dk"],
    ]  # fmt: skip


def test_a_relay_that_never_answers_defers_the_batch_after_one_timeout_per_connection(
    ctx: AppContext,
) -> None:
    add_many(ctx, 20)
    with socket.socket() as silent:  # accepts connections (the backlog), never greets
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        settings = smtp_settings(silent.getsockname()[1], smtp_timeout_s=0.3)
        started = time.perf_counter()
        summary = deliver(ctx, settings, START)
        elapsed = time.perf_counter() - started
    assert summary["retried"] == 20
    assert elapsed < 2  # not 20 timeouts: after every connection failed, the rest is deferred
    assert all("SMTPConnectTimeoutError" in (row.last_error or "") for row in outbox(ctx).values())


def test_replies_slower_than_the_timeout_are_retried(ctx: AppContext) -> None:
    add_many(ctx, 10)
    handler = SlowHandler(delay=0.6)
    with smtp_server(handler) as server:
        settings = smtp_settings(server.port, smtp_timeout_s=0.3)
        started = time.perf_counter()
        assert deliver(ctx, settings, START)["retried"] == 10
        elapsed = time.perf_counter() - started
    # One timeout per connection (2), then the relay counts as unreachable for this run.
    assert elapsed < 1.2
    errors = Counter((row.last_error or "").split(":")[0] for row in outbox(ctx).values())
    assert errors == {"SMTPReadTimeoutError": 10}


def test_rows_not_sent_in_time_are_handed_back_unsent(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A claim lasts LEASE; a row a slow relay kept waiting is returned before it can lapse."""
    add_many(ctx, 5)
    monkeypatch.setattr(sending, "SEND_WITHIN", timedelta(0))
    handler = RecordingHandler()
    with smtp_server(handler) as server:
        summary = deliver(ctx, smtp_settings(server.port), START)
    assert (summary["sent"], summary["retried"], summary["failed"]) == (0, 0, 0)
    assert handler.received == []
    rows = outbox(ctx).values()
    assert {(row.status, row.attempts, row.next_attempt_at) for row in rows} == {
        ("pending", 0, START + timedelta(minutes=1))
    }


def test_while_the_relay_is_down_nothing_is_lost_and_nothing_doubled(ctx: AppContext) -> None:
    add_many(ctx, 30)
    port = free_port()
    settings = smtp_settings(port)
    assert deliver(ctx, settings, START)["retried"] == 30
    assert deliver(ctx, settings, START + timedelta(minutes=1))["retried"] == 30
    rows = outbox(ctx).values()
    assert {(row.status, row.attempts) for row in rows} == {("pending", 2)}
    assert {row.next_attempt_at for row in rows} == {START + timedelta(minutes=3)}
    assert all((row.last_error or "").startswith("SMTPConnectError") for row in rows)

    handler = RecordingHandler()
    with smtp_server(handler, port=port):
        assert deliver(ctx, settings, START + timedelta(minutes=2))["sent"] == 0  # not yet due
        assert deliver(ctx, settings, START + timedelta(minutes=3))["sent"] == 30
        assert deliver(ctx, settings, START + timedelta(hours=2))["sent"] == 0
    ids = handler.message_ids()
    assert len(ids) == 30 and len(set(ids)) == 30
    assert {row.status for row in outbox(ctx).values()} == {"sent"}


def test_after_the_last_attempt_the_message_fails_and_is_reported(ctx: AppContext) -> None:
    row = add_message(ctx)
    settings = smtp_settings(free_port(), smtp_max_attempts=3)
    now = START
    for _ in range(2):
        assert deliver(ctx, settings, now)["retried"] == 1
        now = outbox(ctx)["test:1"].next_attempt_at
    summary = deliver(ctx, settings, now)
    # The report cannot be sent either (the relay is down): it waits, pending, for its retry.
    assert (summary["failed"], summary["reported"], summary["retried"]) == (1, 1, 1)
    rows = outbox(ctx)
    assert rows["test:1"].status == "failed"
    assert (rows["test:1"].last_error or "").startswith("gave up after 3 attempts")
    assert rows[f"delivery_failed:{row.id}"].status == "pending"


def test_concurrent_dispatchers_send_every_message_exactly_once(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two dispatchers over the same 200 messages (on PostgreSQL with SKIP LOCKED)."""
    add_many(ctx, 200)
    monkeypatch.setattr(sending, "CLAIM_BATCH", 10)  # many claims, interleaved
    monkeypatch.setattr(sending, "RECORD_BATCH", 10)
    handler = RecordingHandler()
    with smtp_server(handler) as server:
        settings = smtp_settings(server.port, smtp_connections=3)

        async def both() -> list[DeliverySummary]:
            return list(
                await asyncio.gather(
                    deliver_due(ctx, settings, START), deliver_due(ctx, settings, START)
                )
            )

        first, second = asyncio.run(both())
    assert first.sent + second.sent == 200
    assert first.sent > 0 and second.sent > 0
    assert first.retried + second.retried + first.failed + second.failed == 0
    counts = Counter(handler.message_ids())
    assert len(counts) == 200 and set(counts.values()) == {1}
    assert {row.status for row in outbox(ctx).values()} == {"sent"}


def test_a_limit_bounds_one_run(ctx: AppContext) -> None:
    add_many(ctx, 12)
    handler = RecordingHandler()
    with smtp_server(handler) as server:
        settings = smtp_settings(server.port)
        assert deliver(ctx, settings, START, limit=5)["sent"] == 5
        assert deliver(ctx, settings, START, limit=5)["sent"] == 5
        assert deliver(ctx, settings, START)["sent"] == 2
    assert len(set(handler.message_ids())) == 12


def test_listing_the_outbox(ctx: AppContext) -> None:
    case_id, reference = add_case(ctx)
    add_message(ctx, "a", case_id=case_id)
    add_message(ctx, "b")
    handler = RecordingHandler(reply=first_replies("451 4.3.0 Later"))
    with smtp_server(handler) as server:
        deliver(ctx, smtp_settings(server.port, smtp_connections=1), START)
    everything = list_messages(ctx)
    assert [(m["reference"], m["status"]) for m in everything] == [
        (None, "sent"), (reference, "pending"),
    ]  # fmt: skip
    [pending] = list_messages(ctx, "pending")
    assert pending["case_id"] == case_id
    assert pending["recipients"] == ["konsulent@ishoj.jobcenter.example.dk"]
    assert pending["attempts"] == 1 and pending["last_error"] == "SMTP 451: 4.3.0 Later"
    assert list_messages(ctx, "failed") == []


# --- the mail catcher ----------------------------------------------------------------------------


@pytest.fixture
def catcher(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    directory, port = tmp_path / "mail", free_port()
    controller = start_catcher(directory, "127.0.0.1", port)
    try:
        yield directory, port
    finally:
        controller.stop()


def test_the_catcher_keeps_each_mail_as_a_file_a_person_can_open(
    ctx: AppContext, catcher: tuple[Path, int]
) -> None:
    directory, port = catcher
    first = add_message(
        ctx,
        "a",
        attachments=[{"filename": "invite.ics", "content_type": "text/calendar", "content": ICS}],
    )
    add_message(ctx, "b", recipients=("a@example.dk", "b@example.dk"))
    assert deliver(ctx, smtp_settings(port, smtp_connections=1), START)["sent"] == 2

    files = sorted(path.name for path in directory.iterdir())
    assert [name[:5] for name in files] == ["0001-", "0002-"]
    assert all(name.endswith("Z.eml") for name in files)
    caught = list_caught(directory)
    assert [item["id"] for item in caught] == ["0001", "0002"]
    assert caught[0]["subject"] == "Påmindelse: ring til medarbejderen (FT-2026-000001)"
    assert caught[0]["from"] == "Fast track <fasttrack@jobcenter.example.dk>"
    assert caught[1]["to"] == "a@example.dk, b@example.dk"
    assert caught[0]["date"]

    source = read_caught(directory, "1")
    assert "X-RcptTo: konsulent@ishoj.jobcenter.example.dk" in source
    assert message_id(first.id or 0, "a", SENDER_DOMAIN) in source
    shown = describe_caught(directory, "0001")
    assert "Ring til medarbejderen senest fredag." in shown
    assert "invite.ics" in shown and "method=" in shown


# --- the command line ----------------------------------------------------------------------------


def test_outbox_and_mail_commands(tmp_path: Path, catcher: tuple[Path, int]) -> None:
    directory, port = catcher
    root = typer.Typer(callback=resolve_settings)
    root.add_typer(outbox_app, name="outbox")
    root.add_typer(mail_app, name="mail")
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    env = {
        "FASTTRACK_DATABASE_URL": url,
        "FASTTRACK_SECRET_KEY": TEST_SECRET,
        "FASTTRACK_CONFIG": None,
        "FASTTRACK_SMTP_PORT": str(port),
        "FASTTRACK_MAIL_DIR": str(directory),
    }

    def run(*args: str, expect: int = 0) -> Any:
        result = runner.invoke(root, list(args), env=env)
        assert result.exit_code == expect, f"{args}: {result.output}{result.exception!r}"
        return result

    engine = make_engine(url)
    upgrade_schema(engine)  # `outbox list` only reads: it migrates nothing
    assert json.loads(run("outbox", "list", "--json").stdout) == []
    try:
        cli_ctx = AppContext(engine, None, None, None)
        add_message(cli_ctx, "cli:1")
    finally:
        engine.dispose()
    assert "Ukendt status" in run("outbox", "list", "--status", "lost", expect=2).stderr

    summary = json.loads(run("outbox", "send", "--as-of", "2026-03-24T09:30").stdout)
    assert (summary["sent"], summary["as_of"]) == (1, "2026-03-24T09:30:00+01:00")
    [listed] = json.loads(run("outbox", "list", "--status", "sent", "--json").stdout)
    assert listed["subject"].startswith("Påmindelse")

    [caught] = json.loads(run("mail", "list", "--json").stdout)
    assert caught["id"] == "0001"
    assert "Ring til medarbejderen" in run("mail", "show", "0001").stdout
    assert "Message-ID:" in run("mail", "show", "1", "--raw").stdout
    assert "ingen e-mail med id 7" in run("mail", "show", "7", expect=2).stderr
    busy = run("mail", "catch", "--port", str(port), expect=2)
    assert "Kan ikke lytte på 127.0.0.1:" in busy.stderr
