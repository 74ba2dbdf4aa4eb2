"""Pausing and resuming a case (issue 14, item 4): which deadlines stop by the law
(domain/pause.py), how far they move, the sweep's silence and its automatic resumption, the
digest's list of paused cases, the audit entries (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.models import AuditEntry, Case, OutboxMessage, Step
from fasttrack_core.notify.outbox import rendered
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.digest import queue_weekly_digests
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.queries import case_view
from fasttrack_core.services.sweep import advance
from tests.conftest import at
from tests.service.helpers import event_kinds, local_due, put, refused, steps_by_kind

STANDBY = {"reason": "standby", "resume_on": "2026-04-09", "note": "Indlagt"}


@pytest.fixture
def case(ctx: AppContext, ole: dict[str, Any]) -> str:
    reference = submit_request(ctx, parse(RequestIn, ole), as_of=at("2026-03-24 12:00")).reference
    put(ctx, reference, "accepted", "2026-03-25 10:00")
    return reference


def due(ctx: AppContext, ref: str, kind: str) -> str:
    return local_due(steps_by_kind(ctx, ref)[kind][0])


def frozen(ctx: AppContext, ref: str) -> set[str]:
    """The kinds of the case's steps the sweep does not look at while it is paused."""
    with ctx.unit_of_work() as session:
        case_id = session.exec(select(Case.id).where(col(Case.reference) == ref)).one()
        steps = session.exec(select(Step).where(col(Step.case_id) == case_id)).all()
        return {s.kind for s in steps if s.status == "pending" and s.next_check_at is None}


def audit_details(ctx: AppContext) -> list[tuple[str, str, str | None]]:
    with ctx.unit_of_work() as session:
        entries = session.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all()
        return [(e.actor, e.action, e.detail) for e in entries]


def test_standby_stops_the_first_talks_statutory_deadline_and_moves_it_by_the_pause(
    ctx: AppContext, case: str
) -> None:
    # § 13 b, stk. 5 (standby) lifts the follow-up, the 14 days of stk. 2 included.
    assert due(ctx, case, "first_followup") == "2026-04-07 23:59"
    put(ctx, case, "paused", "2026-03-26 09:00", STANDBY)
    # Moved by the planned 14 days, and frozen: no reminder, no escalation while paused.
    assert due(ctx, case, "first_followup") == "2026-04-21 23:59"
    assert {"first_followup", "roundtable"} <= frozen(ctx, case)
    # The GP's deadline and the acceptance are not the municipality's to stop.
    assert "doctor_statement" not in frozen(ctx, case)

    advance(ctx, as_of=at("2026-04-08 07:00"))
    assert not {"reminder_due", "step_overdue"} & set(event_kinds(ctx, case))

    # Resumed a week early: the deadline moves by the 7 days the pause really lasted.
    result = put(ctx, case, "resumed", "2026-04-02 09:00")
    assert result.status == "accepted"
    assert due(ctx, case, "first_followup") == "2026-04-14 23:59"
    assert frozen(ctx, case) == set()
    view = case_view(ctx, case)
    assert view.pause is None and view.paused_days == 7
    assert event_kinds(ctx, case)[-2:] == ["paused", "resumed"]
    assert audit_details(ctx)[-2:] == [
        ("mette@example.dk", "change", "registrerede: Sagen sat i bero"),
        ("mette@example.dk", "change", "registrerede: Sagen genoptaget"),
    ]


def test_waiting_for_treatment_leaves_the_statutory_first_talk_running_with_a_warning(
    ctx: AppContext, case: str
) -> None:
    result = put(
        ctx, case, "paused", "2026-03-26 09:00", {"reason": "treatment", "resume_on": "2026-04-23"}
    )
    assert any("§ 13 b, stk. 2-3" in w for w in result.warnings)
    assert due(ctx, case, "first_followup") == "2026-04-07 23:59"  # runs on
    assert "first_followup" not in frozen(ctx, case)
    assert "roundtable" in frozen(ctx, case)  # the job centre's own deadline stops
    advance(ctx, as_of=at("2026-04-08 07:00"))
    assert "step_overdue" in event_kinds(ctx, case)  # the law's deadline is still escalated


def test_the_sweep_resumes_a_paused_case_on_its_resume_date(ctx: AppContext, case: str) -> None:
    put(ctx, case, "paused", "2026-03-26 09:00", {**STANDBY, "resume_on": "2026-04-02"})
    before = advance(ctx, as_of=at("2026-04-01 23:00"))
    assert before.resumed == 0
    summary = advance(ctx, as_of=at("2026-04-02 00:05"))
    assert summary.resumed == 1
    assert advance(ctx, as_of=at("2026-04-02 00:05")).resumed == 0  # idempotent
    view = case_view(ctx, case)
    assert view.pause is None and view.paused_days == 7
    assert view.events[-1].kind == "resumed" and view.events[-1].data["automatic"] is True
    assert due(ctx, case, "first_followup") == "2026-04-14 23:59"  # planned 7 = paused 7
    assert audit_details(ctx)[-1] == (
        "system:genoptagelse",
        "change",
        "registrerede: Sagen genoptaget",
    )


def test_a_paused_case_refuses_other_events_until_it_is_resumed(ctx: AppContext, case: str) -> None:
    assert "ikke sat i bero" in " ".join(
        refused(ctx, case, "resumed", "2026-03-26 09:00", {}).reasons
    )
    put(ctx, case, "paused", "2026-03-26 09:00", STANDBY)
    again = refused(ctx, case, "paused", "2026-03-27 09:00", STANDBY)
    assert "allerede sat i bero til 2026-04-09" in " ".join(again.reasons)
    talk = refused(ctx, case, "followup_held", "2026-03-27 09:00", {"mode": "in_person"})
    assert "genoptag den (resumed) først" in " ".join(talk.reasons)


def test_a_pause_needs_a_future_resume_date_and_a_note_for_another_reason(
    ctx: AppContext, case: str
) -> None:
    past = refused(ctx, case, "paused", "2026-03-26 09:00", {**STANDBY, "resume_on": "2026-03-26"})
    assert "efter pausens start" in " ".join(past.reasons)
    other = refused(
        ctx, case, "paused", "2026-03-26 09:00", {"reason": "other", "resume_on": "2026-04-09"}
    )
    assert "note" in other.fields
    unknown = refused(
        ctx, case, "paused", "2026-03-26 09:00", {"reason": "ferie", "resume_on": "2026-04-09"}
    )
    assert "reason" in unknown.fields


def test_closing_a_paused_case_ends_the_pause_and_counts_its_days(
    ctx: AppContext, case: str
) -> None:
    put(ctx, case, "paused", "2026-03-26 09:00", STANDBY)
    put(ctx, case, "closed", "2026-04-05 09:00", {"outcome": "full_return"})
    view = case_view(ctx, case)
    assert view.closed and view.pause is None and view.paused_days == 10


def test_the_weekly_digest_lists_paused_cases_apart_without_the_reason(
    ctx: AppContext, case: str
) -> None:
    put(ctx, case, "paused", "2026-03-26 09:00", STANDBY)
    queue_weekly_digests(ctx, as_of=at("2026-03-30 06:00"))
    with ctx.unit_of_work() as session:
        digests = session.exec(
            select(OutboxMessage).where(col(OutboxMessage.kind) == "weekly_digest")
        ).all()
    text = next(rendered(m).text for m in digests if case in rendered(m).text)
    assert "Sager i bero" in text
    paused_part = text.split("Sager i bero", 1)[1]
    assert case in paused_part and "torsdag den 9. april 2026" in paused_part
    assert "Standby" not in text and "Indlagt" not in text  # health data stays out of email
