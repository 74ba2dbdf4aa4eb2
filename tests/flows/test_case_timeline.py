"""The case artifact holds the timeline, never personal data (ARCHITECTURE invariant 5)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from fasttrack_core.db import AppContext
from fasttrack_core.orchestration.case_timeline import (
    artifact_key,
    public_case_view,
    public_event_data,
    timeline_markdown,
)
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.queries import case_view
from fasttrack_core.services.recording import record_event
from tests.conftest import at

PARTICIPANTS = [
    {"role": "employee", "name": "Ole Hansen", "email": "ole.hansen@example.dk"},
    {"role": "leader", "name": "Lise Berg", "email": "lise.berg@example.dk"},
    {"role": "consultant"},
]
ROUNDTABLE = {
    "participants": PARTICIPANTS,
    "measures": ["physical_conditions"],
    "actions": [{"what": "Ryg- og skuldertræning", "owner": "employee", "due": "2026-04-21"}],
    "next_review": "2026-05-05",
}
SECRETS = [
    "0304782678",
    "030478",
    "Ole Hansen",
    "ole.hansen",
    "Lise Berg",
    "lise.berg",
    "Forflytninger",
    "Smerter i ryg",
    "Kortere ruter",
    "musculoskeletal",
    "Ryg- og skuldertræning",
    "Ondt i ryggen",
    "staircase",
]


def record(
    ctx: AppContext, ref: str, kind: str, when: str, data: dict[str, Any] | None = None
) -> None:
    record_event(ctx, ref, kind, at(when), data, as_of=at(when))


@pytest.fixture
def lived_case(ctx: AppContext, ole: dict[str, Any]) -> str:
    """Ole's case through booking, both talks and a plan: every kind of free text recorded."""
    ref = submit_request(ctx, parse(RequestIn, ole), as_of=at("2026-03-24 09:30")).reference
    record(ctx, ref, "accepted", "2026-03-25 10:00")
    booked = {"starts_at": "2026-04-01T10:00:00+02:00", "participants": PARTICIPANTS}
    record(ctx, ref, "followup_booked", "2026-03-26 10:00", booked)
    record(
        ctx,
        ref,
        "followup_held",
        "2026-04-01 11:00",
        {"mode": "in_person", "note": "Ondt i ryggen"},
    )
    record(ctx, ref, "roundtable_held", "2026-04-07 14:00", ROUNDTABLE)
    return ref


def test_the_public_view_keeps_the_timeline_and_drops_every_personal_detail(
    ctx: AppContext, lived_case: str
) -> None:
    view = case_view(ctx, lived_case)
    public = public_case_view(view)
    text = json.dumps(public, ensure_ascii=False) + timeline_markdown(view)
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), secret
    assert "employee" not in public and "consultant" not in public
    assert [e["kind"] for e in public["events"]] == [e.kind for e in view.events]
    assert [s["kind"] for s in public["steps"]] == [s.kind for s in view.steps]
    booked = next(e for e in public["events"] if e["kind"] == "followup_booked")
    assert booked["data"] == {
        "starts_at": "2026-04-01T10:00:00+02:00",
        "cancelled": False,
        "sequence": 0,
    }


def test_the_markdown_names_the_case_its_steps_and_its_events_in_danish(
    ctx: AppContext, lived_case: str
) -> None:
    markdown = timeline_markdown(case_view(ctx, lived_case))
    assert markdown.startswith(f"# Sag {lived_case}\n")
    assert "Første samtale holdt" in markdown
    assert "Rundbordssamtale holdt" in markdown
    assert "| Handling fra planen 1 | 21.04.2026 23:59 | afventer |" in markdown
    assert "møde 01.04.2026 10:00" in markdown


def test_only_ids_and_dates_of_event_data_are_kept() -> None:
    assert public_event_data(
        {
            "step": "review",
            "seq": 2,
            "due": "2026-05-05T23:59:59+02:00",
            "note": "Ondt i ryggen",
            "participants": PARTICIPANTS,
            "outcome": "full_return",
            "action": 1,
            "next_review": "2026-05-05",
            "starts_at": "Ole Hansen",  # a date key with free text in it is dropped too
            "hours_per_week": 20,
        }
    ) == {"step": "review", "seq": 2, "due": "2026-05-05T23:59:59+02:00", "action": 1,
          "next_review": "2026-05-05"}  # fmt: skip


def test_the_artifact_key_is_lowercase_with_dashes() -> None:
    assert artifact_key("FT-2026-000123") == "case-ft-2026-000123"
    with pytest.raises(ValueError):
        artifact_key("Ole Hansen")
