"""A case whose request chose English (issue 15, item 4): the employee's notice, the leader's
receipt and the employee's summonses are English, the consultant's tasks and copies Danish; on
SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from icalendar import Calendar
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.models import Case, OutboxMessage, Step
from fasttrack_core.notify.outbox import rendered
from fasttrack_core.presentation.language import english_deadline
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.recording import record_event
from tests.conftest import at

CONSULTANT = "mette.holm@ishoj.jobcenter.example.dk"


def open_case(ctx: AppContext, ole: dict[str, Any], **changes: Any) -> str:
    request = parse(RequestIn, {**ole, **changes})
    return submit_request(ctx, request, as_of=at("2026-03-24 12:00")).reference


def messages(ctx: AppContext, kind: str) -> list[OutboxMessage]:
    with ctx.unit_of_work() as session:
        return list(
            session.exec(
                select(OutboxMessage)
                .where(col(OutboxMessage.kind) == kind)
                .order_by(col(OutboxMessage.id))
            )
        )


def test_an_english_request_gets_the_notice_and_the_receipt_in_english_and_tasks_in_danish(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    reference = open_case(ctx, ole, language="en")
    with ctx.unit_of_work() as session:
        assert session.exec(select(Case)).one().language == "en"
    [notice] = messages(ctx, "employee_notice")
    assert rendered(notice).subject == f"Fast track offer from Jobcenter Ishøj (case {reference})"
    assert "Your workplace has asked Jobcenter Ishøj for Fast track" in rendered(notice).text
    with ctx.unit_of_work() as session:
        answer_due = session.exec(select(Step).where(col(Step.kind) == "acceptance")).one().due_at
    assert f"by {english_deadline(answer_due)}." in rendered(notice).text
    [receipt] = messages(ctx, "leader_receipt")
    assert rendered(receipt).subject == f"Fast track request received – {reference}"
    [assigned] = messages(ctx, "case_assigned")
    assert "Ny Fast track-sag" in rendered(assigned).subject


def test_a_danish_request_is_danish_as_before(ctx: AppContext, ole: dict[str, Any]) -> None:
    open_case(ctx, ole)
    [notice] = messages(ctx, "employee_notice")
    assert rendered(notice).subject.startswith("Tilbud om Fast track")


def test_the_english_employee_gets_the_summons_in_english_and_the_consultant_in_danish(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    reference = open_case(ctx, ole, language="en")
    booking = {
        "starts_at": "2026-04-01T10:00:00+02:00",
        "minutes": 60,
        "participants": [{"role": "employee"}, {"role": "consultant", "email": CONSULTANT}],
    }
    when = at("2026-03-25 10:00")
    record_event(ctx, reference, "followup_booked", when, booking, as_of=when)
    danish, english = messages(ctx, "meeting_invitation")
    assert danish.recipients == [CONSULTANT] and not danish.proof
    assert rendered(danish).subject.startswith("Mødeindkaldelse: Første opfølgningssamtale")
    assert english.recipients == [ole["employee"]["email"]] and english.proof
    assert rendered(english).subject == (
        f"Invitation: First follow-up talk Wednesday 1 April 2026 at 10:00 – {reference}"
    )
    calendar = Calendar.from_ical(english.attachments[0]["content"])
    event = calendar.walk("VEVENT")[0]
    assert str(event["summary"]) == f"First follow-up talk · {reference}"
    same = Calendar.from_ical(danish.attachments[0]["content"]).walk("VEVENT")[0]
    assert str(event["uid"]) == str(same["uid"]), "one meeting, whoever reads about it"
