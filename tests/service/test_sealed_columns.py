"""Issue 12, defect 9: health data at rest beyond the CPR number and the answers (the cause,
notes, meeting places, action texts) is stored encrypted, and read back as it was written."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import text
from sqlmodel import select

from fasttrack_core.db import AppContext
from fasttrack_core.models import Case
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.queries import case_view
from fasttrack_core.services.recording import record_event
from tests.conftest import START

SECRETS = (
    "musculoskeletal",
    "Ondt i ryggen efter flytning",
    "Mødelokale 3, Ishøj",
    "Hæve-sænkebord",
)


def _raw_text(ctx: AppContext) -> str:
    """Every stored value of the case, its steps and events, as the database holds them."""
    with ctx.engine.connect() as connection:
        rows = [
            *connection.execute(text("SELECT * FROM fasttrack_case")).all(),
            *connection.execute(text("SELECT * FROM step")).all(),
            *connection.execute(text("SELECT * FROM event")).all(),
        ]
    return " ".join(str(value) for row in rows for value in row)


def test_defect_9_cause_notes_places_and_action_texts_are_encrypted_at_rest(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    ole["cause_category"] = "musculoskeletal"
    reference = submit_request(ctx, parse(RequestIn, ole), as_of=START).reference
    day = START + timedelta(days=1)
    record_event(ctx, reference, "accepted", day, None, as_of=day)
    booking = {
        "starts_at": (START + timedelta(days=3)).isoformat(),
        "location": "Mødelokale 3, Ishøj",
        "participants": [{"role": "employee", "name": "Ole"}],
    }
    record_event(ctx, reference, "followup_booked", day, booking, as_of=day)
    held = START + timedelta(days=3, hours=1)
    record_event(ctx, reference, "followup_held", held, {"note": SECRETS[1]}, as_of=held)
    roundtable = {
        "participants": [
            {"role": "employee", "name": "Ole"},
            {"role": "leader", "name": "L"},
            {"role": "consultant"},
        ],
        "actions": [{"what": "Hæve-sænkebord", "owner": "leader", "due": "2026-05-01"}],
    }
    later = START + timedelta(days=8)
    record_event(ctx, reference, "roundtable_held", later, roundtable, as_of=later)
    stored = _raw_text(ctx)
    for secret in SECRETS:
        assert secret not in stored, secret
    view = case_view(ctx, reference).to_json()
    events = {event["kind"]: event["data"] for event in view["events"]}
    assert events["followup_booked"]["location"] == "Mødelokale 3, Ishøj"
    assert events["followup_held"]["note"] == SECRETS[1]
    assert events["roundtable_held"]["actions"][0]["what"] == "Hæve-sænkebord"
    assert any(step.get("what") == "Hæve-sænkebord" for step in view["steps"])
    with ctx.unit_of_work() as session:
        assert session.exec(select(Case.cause_category)).all() == ["musculoskeletal"]
