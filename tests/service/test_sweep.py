"""The sweep, advance(now) (SPEC §4, §6): reminds, marks overdue, escalates; once each."""

from __future__ import annotations

from typing import Any

from fasttrack_core.db import AppContext
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.recording import record_event
from fasttrack_core.services.sweep import advance
from tests.conftest import at
from tests.service.helpers import event_kinds, row_counts, steps_by_kind


def open_oles_case(ctx: AppContext, ole: dict[str, Any]) -> str:
    return submit_request(ctx, parse(RequestIn, ole), as_of=at("2026-03-24 12:00")).reference


def test_nothing_is_due_right_after_intake(ctx: AppContext, ole: dict[str, Any]) -> None:
    open_oles_case(ctx, ole)
    assert advance(ctx, as_of=at("2026-03-24 13:00")).due == 0


def test_unanswered_offer_becomes_overdue_after_two_bank_days(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    ref = open_oles_case(ctx, ole)
    assert advance(ctx, as_of=at("2026-03-26 23:00")).overdue == 0
    summary = advance(ctx, as_of=at("2026-03-27 07:00"))
    assert summary.by_step["acceptance:overdue"] == 1
    assert steps_by_kind(ctx, ref)["acceptance"][0]["status"] == "overdue"
    assert event_kinds(ctx, ref).count("step_overdue") == 1


def test_consultant_is_reminded_two_working_days_before_the_first_talk(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    ref = open_oles_case(ctx, ole)
    record_event(ctx, ref, "accepted", at("2026-03-25 10:00"), None, as_of=at("2026-03-25 10:00"))
    gp_asked = at("2026-03-25 10:05")  # the statement is shortened to the talk's deadline
    record_event(ctx, ref, "doctor_statement_requested", gp_asked, None, as_of=gp_asked)
    # Deadline Tuesday 7 April; Easter takes 2–6 April, so the reminder comes on 31 March.
    assert advance(ctx, as_of=at("2026-03-30 12:00")).by_step.get("first_followup:reminder") is None
    summary = advance(ctx, as_of=at("2026-03-31 07:00"))
    assert summary.by_step["first_followup:reminder"] == 1
    assert summary.by_step["doctor_statement:reminder"] == 1


def test_sweeping_twice_for_the_same_time_changes_nothing(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    open_oles_case(ctx, ole)
    first = advance(ctx, as_of=at("2026-04-20 07:00"))
    counts = row_counts(ctx)
    second = advance(ctx, as_of=at("2026-04-20 07:00"))
    # Acceptance, first talk and (its week after) the roundtable are all late (no doctor's
    # statement was asked for).
    assert first.overdue == 3
    assert (second.due, second.reminded, second.overdue) == (0, 0, 0)
    assert row_counts(ctx) == counts


def test_a_moved_deadline_gets_its_own_reminder_and_escalation(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    ref = open_oles_case(ctx, ole)
    record_event(ctx, ref, "accepted", at("2026-03-25 10:00"), None, as_of=at("2026-03-25 10:00"))
    record_event(
        ctx, ref, "followup_held", at("2026-04-01 10:00"), None, as_of=at("2026-04-01 10:00")
    )
    # The roundtable was due 14 April; the talk on 1 April moved it to 8 April.
    summary = advance(ctx, as_of=at("2026-04-09 07:00"))
    assert summary.by_step["roundtable:overdue"] == 1
    assert advance(ctx, as_of=at("2026-04-15 07:00")).by_step.get("roundtable:overdue") is None


def test_closed_cases_are_not_swept(ctx: AppContext, ole: dict[str, Any]) -> None:
    ref = open_oles_case(ctx, ole)
    record_event(
        ctx,
        ref,
        "closed",
        at("2026-03-25 10:00"),
        {"outcome": "withdrawn"},
        as_of=at("2026-03-25 10:00"),
    )
    assert advance(ctx, as_of=at("2026-09-01 07:00")).due == 0
