"""Corrections without editing history (issue 14, item 5): a correction keeps the original and
recomputes what followed from it; a case closed by mistake is reopened; a duplicate is closed as a
duplicate of another case of the same person. Audited (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.models import AuditEntry
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.queries import case_view
from tests.conftest import at
from tests.service.helpers import local_due, put, refused, steps_by_kind


@pytest.fixture
def case(ctx: AppContext, ole: dict[str, Any]) -> str:
    reference = submit_request(ctx, parse(RequestIn, ole), as_of=at("2026-03-24 12:00")).reference
    put(ctx, reference, "accepted", "2026-03-25 10:00")
    return reference


def event_id(ctx: AppContext, ref: str, kind: str) -> int:
    return next(e.id for e in case_view(ctx, ref).events if e.kind == kind)


def audit_details(ctx: AppContext) -> list[str | None]:
    with ctx.unit_of_work() as session:
        return [e.detail for e in session.exec(select(AuditEntry).order_by(col(AuditEntry.id)))]


def test_correcting_the_first_talks_time_keeps_the_original_and_moves_the_roundtable(
    ctx: AppContext, case: str
) -> None:
    put(ctx, case, "followup_held", "2026-04-03 11:00", {"mode": "in_person"})
    roundtable_before = local_due(steps_by_kind(ctx, case)["roundtable"][0])
    talk = event_id(ctx, case, "followup_held")
    put(
        ctx,
        case,
        "corrected",
        "2026-04-06 09:00",
        {
            "event_id": talk,
            "reason": "Samtalen var den 1. april",
            "at": "2026-04-01T11:00:00+02:00",
        },
    )
    view = case_view(ctx, case)
    original = next(e for e in view.events if e.id == talk)
    assert original.at == at("2026-04-03 11:00")  # history is not edited
    assert original.corrected is not None and original.effective_at == at("2026-04-01 11:00")
    steps = steps_by_kind(ctx, case)
    assert steps["first_followup"][0]["completed_at"].startswith("2026-04-01T09:00")
    # The roundtable is due from the talk (7 days): two days earlier than before.
    assert local_due(steps["roundtable"][0]) == "2026-04-08 23:59" != roundtable_before
    assert audit_details(ctx)[-1] == f"rettede: Første samtale holdt (hændelse {talk})"


def test_a_correction_of_the_data_is_checked_like_the_event_and_shown_beside_it(
    ctx: AppContext, case: str
) -> None:
    put(ctx, case, "followup_held", "2026-04-01 11:00", {"mode": "in_person", "note": "Ok"})
    talk = event_id(ctx, case, "followup_held")
    no_reason = refused(
        ctx,
        case,
        "corrected",
        "2026-04-02 09:00",
        {"event_id": talk, "reason": "Var telefon", "data": {"mode": "phone"}},
    )
    assert "§ 13 b, stk. 1" in " ".join(no_reason.reasons)
    put(
        ctx,
        case,
        "corrected",
        "2026-04-02 09:00",
        {"event_id": talk, "reason": "Var telefon", "data": {"mode": "phone", "reason": "Indlagt"}},
    )
    original = next(e for e in case_view(ctx, case).events if e.id == talk)
    assert original.data["mode"] == "in_person"
    assert original.effective_data["mode"] == "phone" and original.effective_data["note"] == "Ok"


def test_corrections_keep_the_order_of_the_timeline_and_refuse_what_they_cannot_recompute(
    ctx: AppContext, case: str
) -> None:
    put(
        ctx, case, "followup_booked", "2026-03-26 09:00", {"starts_at": "2026-04-01T10:00:00+02:00"}
    )
    put(ctx, case, "followup_held", "2026-04-01 11:00", {"mode": "in_person"})
    accepted = event_id(ctx, case, "accepted")
    late = refused(
        ctx,
        case,
        "corrected",
        "2026-04-02 09:00",
        {"event_id": accepted, "reason": "Forkert dag", "at": "2026-04-01T12:00:00+02:00"},
    )
    assert "rækkefølge" in " ".join(late.reasons)
    booking = event_id(ctx, case, "followup_booked")
    rebook = refused(
        ctx,
        case,
        "corrected",
        "2026-04-02 09:00",
        {"event_id": booking, "reason": "Forkert tid", "at": "2026-03-26T08:00:00+01:00"},
    )
    assert "booke igen" in " ".join(rebook.reasons)
    missing = refused(
        ctx, case, "corrected", "2026-04-02 09:00", {"event_id": 99999, "reason": "x"}
    )
    assert "event_id" in missing.fields or "at" in missing.fields


def test_a_case_closed_by_mistake_is_reopened_with_its_steps_as_they_were(
    ctx: AppContext, case: str
) -> None:
    put(ctx, case, "followup_held", "2026-04-01 11:00", {"mode": "in_person"})
    open_steps = {k: v[0]["status"] for k, v in steps_by_kind(ctx, case).items()}
    put(ctx, case, "closed", "2026-04-02 09:00", {"outcome": "full_return"})
    assert "genåbn" in " ".join(refused(ctx, case, "review_held", "2026-04-02 10:00", {}).reasons)
    result = put(ctx, case, "reopened", "2026-04-02 10:00", {"reason": "Forkert sag lukket"})
    assert result.status == "followup_held"
    view = case_view(ctx, case)
    assert view.outcome is None and view.closed_at is None
    assert {k: v[0]["status"] for k, v in steps_by_kind(ctx, case).items()} == open_steps
    assert audit_details(ctx)[-1] == "genåbnede sagen"
    assert "ikke afsluttet" in " ".join(
        refused(ctx, case, "reopened", "2026-04-02 11:00", {"reason": "igen"}).reasons
    )


def test_a_duplicate_is_closed_naming_another_case_of_the_same_person(
    ctx: AppContext, case: str, ole: dict[str, Any], hanne: dict[str, Any]
) -> None:
    hannes = submit_request(ctx, parse(RequestIn, hanne), as_of=at("2026-09-10 14:00")).reference
    other_person = refused(
        ctx, case, "closed", "2026-03-26 09:00", {"outcome": "duplicate", "duplicate_of": hannes}
    )
    assert "duplicate_of" in other_person.fields
    itself = refused(
        ctx, case, "closed", "2026-03-26 09:00", {"outcome": "duplicate", "duplicate_of": case}
    )
    assert "duplicate_of" in itself.fields
    unnamed = refused(ctx, case, "closed", "2026-03-26 09:00", {"outcome": "duplicate"})
    assert "duplicate_of" in unnamed.fields
    # Ole's first case closed by mistake as withdrawn; a second case opened; the first is then
    # the duplicate: its closing is corrected.
    put(ctx, case, "closed", "2026-03-26 09:00", {"outcome": "withdrawn"})
    second = submit_request(ctx, parse(RequestIn, ole), as_of=at("2026-03-27 12:00")).reference
    closing = event_id(ctx, case, "closed")
    put(
        ctx,
        case,
        "corrected",
        "2026-03-28 09:00",
        {
            "event_id": closing,
            "reason": "Sagen var en dublet",
            "data": {"outcome": "duplicate", "duplicate_of": second},
        },
    )
    view = case_view(ctx, case)
    assert view.outcome == "duplicate"
    assert next(e for e in view.events if e.id == closing).effective_data["duplicate_of"] == second
    # With the second case open, the first cannot be reopened.
    assert "anden åben sag" in " ".join(
        refused(ctx, case, "reopened", "2026-03-28 10:00", {"reason": "fejl"}).reasons
    )
