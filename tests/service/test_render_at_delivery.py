"""A message is queued as its template context and rendered by the dispatcher when it delivers
it (issue 13): the recipient gets what the templates make of the context, the outbox keeps what
was sent, and a message that cannot be rendered fails at once without holding up the others."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlmodel import select

from fasttrack_core.db import AppContext
from fasttrack_core.models import OutboxMessage
from fasttrack_core.notify.examples import example_context
from fasttrack_core.notify.outbox import Outgoing, queue, rendered
from fasttrack_core.notify.rendering import render_email
from fasttrack_core.presentation.language import Language
from tests.conftest import START
from tests.service.test_delivery import add_case, deliver, outbox, plain_text, smtp_settings
from tests.smtp_servers import RecordingHandler, smtp_server

CONSULTANT = "konsulent@ishoj.jobcenter.example.dk"


def queue_now(ctx: AppContext, *messages: Outgoing, now: datetime = START) -> None:
    with ctx.unit_of_work() as session:
        queue(session, messages, now)
        session.commit()


def call_employee(key: str, reference: str, **context: Any) -> Outgoing:
    values = example_context("call_employee") | {"reference": reference} | context
    return Outgoing("call_employee", (CONSULTANT,), key, values)


def test_the_dispatcher_sends_the_rendered_context_and_keeps_what_it_sent(
    ctx: AppContext,
) -> None:
    message = call_employee("call:1", "FT-2026-000007")
    queue_now(ctx, message)
    queued = outbox(ctx)["call:1"]
    expected = render_email("call_employee", message.context)
    assert (queued.subject, queued.text_body, queued.html_body) == (None, None, None)
    assert rendered(queued) == expected  # what the recipient will get, before it is sent

    handler = RecordingHandler()
    with smtp_server(handler) as server:
        summary = deliver(ctx, smtp_settings(server.port), START)

    assert summary["sent"] == 1
    [received] = handler.received
    assert received.message["Subject"] == expected.subject
    assert plain_text(received.message) == expected.text
    sent = outbox(ctx)["call:1"]
    assert (sent.status, sent.subject, sent.text_body, sent.html_body) == (
        "sent", expected.subject, expected.text, expected.html,
    )  # fmt: skip


def test_a_citizens_message_is_rendered_in_the_language_it_was_queued_in(
    ctx: AppContext,
) -> None:
    context = example_context("leader_receipt")
    queue_now(ctx, Outgoing("leader_receipt", ("leder@example.dk",), "receipt:1", context,
                            language=Language.EN))  # fmt: skip
    handler = RecordingHandler()
    with smtp_server(handler) as server:
        deliver(ctx, smtp_settings(server.port), START)

    [received] = handler.received
    english = render_email("leader_receipt", context, Language.EN)
    assert english != render_email("leader_receipt", context)
    assert received.message["Subject"] == english.subject


def test_a_message_that_cannot_be_rendered_fails_at_once_and_the_admin_is_told(
    ctx: AppContext,
) -> None:
    case_id, reference = add_case(ctx, "183")  # Ishøj
    fine = call_employee("call:broken", reference)
    without_due = {name: value for name, value in fine.context.items() if name != "due"}
    broken = replace(fine, context=without_due, case_id=case_id)  # the template needs `due`
    queue_now(ctx, broken, call_employee("call:fine", "FT-2026-000008"))

    handler = RecordingHandler()
    with smtp_server(handler) as server:
        summary = deliver(ctx, smtp_settings(server.port), START)

    assert (summary["sent"], summary["failed"], summary["retried"], summary["reported"]) == (
        2, 1, 0, 1,
    )  # fmt: skip
    rows = outbox(ctx)
    failed = rows["call:broken"]
    assert (failed.status, failed.attempts, failed.subject) == ("failed", 1, None)
    assert "due" in (failed.last_error or "")  # the undefined variable is named
    assert rows["call:fine"].status == "sent"
    report = rows[f"delivery_failed:{failed.id}"]
    assert (report.recipients, report.status) == (["admin@ishoj.jobcenter.example.dk"], "sent")
    told = {tuple(received.rcpt_tos): received.message for received in handler.received}
    assert reference in told[("admin@ishoj.jobcenter.example.dk",)]["Subject"]

    # Not tried again by a later run.
    with smtp_server(RecordingHandler()) as server:
        later = deliver(ctx, smtp_settings(server.port), START.replace(year=2027))
    assert later["sent"] == later["failed"] == 0


def test_a_what_if_run_stores_no_message(ctx: AppContext) -> None:
    ctx.queue_messages = False
    queue_now(ctx, call_employee("call:1", "FT-2026-000007"))
    with ctx.unit_of_work() as session:
        assert session.exec(select(OutboxMessage)).all() == []
