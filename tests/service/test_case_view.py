"""The case read model: real times, dates and enums for the code that shows a case, and the JSON
of `fasttrack case show --json` (the contract other programs read)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import pytest

from fasttrack_core.db import AppContext
from fasttrack_core.domain.vocabulary import CaseStatus, Channel, EventKind, Requester, StepKind
from fasttrack_core.errors import Refused
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.queries import case_view
from fasttrack_core.services.recording import record_event
from tests.conftest import at

CASE_KEYS = [
    "case", "status", "job_centre", "consultant", "employee", "requested_by", "channel",
    "requested_at", "ruleset", "first_absence_day", "staircase", "partial_return_hours", "outcome",
    "closed_at", "steps", "events", "pause", "paused_days",
]  # fmt: skip
STEP_KEYS = ["kind", "seq", "due", "status", "scheduled_at", "completed_at", "rule", "source"]
EVENT_KEYS = ["id", "kind", "at", "recorded_at", "actor", "data"]  # + "corrected" when it is


@pytest.fixture
def planned(ctx: AppContext, ole: dict[str, Any]) -> str:
    """Ole's case with a roundtable's plan (in Helsingør, with the staircase): one action for
    the employee."""
    ole["employee"]["residence_municipality"] = "217"  # Helsingør uses the staircase
    ref = submit_request(ctx, parse(RequestIn, ole), as_of=at("2026-03-24 12:00")).reference
    for kind, when in (("accepted", "2026-03-25 10:00"), ("followup_held", "2026-03-31 10:00")):
        record_event(ctx, ref, kind, at(when), None, as_of=at(when))
    plan = {
        "participants": [
            {"role": "employee", "name": "Ole Hansen"},
            {"role": "leader"},
            {"role": "consultant"},
        ],
        "staircase": {"employee": 5, "employer": 4},
        "actions": [{"what": "Ryg- og skuldertræning", "owner": "employee", "due": "2026-04-21"}],
    }
    record_event(
        ctx, ref, "roundtable_held", at("2026-04-07 14:00"), plan, as_of=at("2026-04-07 14:00")
    )
    return ref


def test_the_view_carries_times_dates_and_the_vocabularys_enums(
    ctx: AppContext, planned: str
) -> None:
    view = case_view(ctx, planned)
    assert view.status is CaseStatus.PLAN_ACTIVE
    assert (view.requested_by, view.channel) == (Requester.EMPLOYER, Channel.DIGITAL)
    assert isinstance(view.requested_at, datetime) and view.requested_at.tzinfo is not None
    assert isinstance(view.first_absence_day, date)
    assert view.employee.cpr.endswith("-****")
    assert all(isinstance(step.kind, StepKind) for step in view.steps)
    assert view.events[0].kind is EventKind.REQUESTED
    assert [s.due for s in view.steps] == sorted(s.due for s in view.steps)
    action = next(s for s in view.steps if s.kind is StepKind.ACTION)
    assert (action.what, action.owner, action.outstanding) == (
        "Ryg- og skuldertræning",
        "employee",
        True,
    )


def test_the_json_keeps_the_case_show_contract(ctx: AppContext, planned: str) -> None:
    view = case_view(ctx, planned)
    shown = json.loads(json.dumps(view.to_json()))
    assert list(shown) == CASE_KEYS
    assert shown["status"] == "plan_active" and shown["requested_by"] == "employer"
    assert shown["requested_at"] == view.requested_at.isoformat()
    assert shown["first_absence_day"] == view.first_absence_day.isoformat()
    assert shown["staircase"] == {"employee": 5, "employer": 4}
    assert shown["employee"] == {"name": view.employee.name, "cpr": view.employee.cpr}
    # Only a plan action carries who owns it and what it is.
    for step in shown["steps"]:
        extra = ["owner", "what"] if step["kind"] == "action" else []
        assert list(step) == STEP_KEYS + extra
    assert all(list(event) == EVENT_KEYS for event in shown["events"])
    assert shown["events"][-1]["data"]["staircase"] == {"employee": 5, "employer": 4}


def test_an_unknown_case_is_refused_in_danish(ctx: AppContext) -> None:
    with pytest.raises(Refused, match="Sagen FT-2026-999999 findes ikke"):
        case_view(ctx, "FT-2026-999999")
