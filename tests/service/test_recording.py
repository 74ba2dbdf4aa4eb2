"""Recording what happened on a case (SPEC §4): steps move, the timeline grows, nonsense is
refused."""

from __future__ import annotations

from typing import Any

import pytest

from fasttrack_core.db import AppContext
from fasttrack_core.errors import Refused
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.queries import case_view
from fasttrack_core.services.recording import record_event
from tests.conftest import at
from tests.service.helpers import local_due, row_counts, steps_by_kind

ROUNDTABLE = {
    "participants": [
        {"role": "employee", "name": "Ole Hansen"},
        {"role": "leader", "name": "Lise Berg"},
        {"role": "consultant", "name": "Mette Holm"},
        {"role": "specialist", "name": "Fysioterapeut", "profession": "fysioterapeut"},
    ],
    "measures": ["physical_conditions", "treatment_training"],
    "actions": [
        {"what": "Ryg- og skuldertræning", "owner": "employee", "due": "2026-04-21"},
        {"what": "Gennemgå arbejdsrutiner og hjælpemidler", "owner": "leader", "due": "2026-04-14"},
    ],
    "next_review": "2026-05-05",
}


PLACED = {"staircase": {"employee": 5, "employer": 4}}  # Helsingør's conversation tool


@pytest.fixture
def case(ctx: AppContext, ole: dict[str, Any]) -> str:
    return submit_request(ctx, parse(RequestIn, ole), as_of=at("2026-03-24 12:00")).reference


@pytest.fixture
def helsingor_case(ctx: AppContext, ole: dict[str, Any]) -> str:
    """Ole living in Helsingør, whose job centre uses the staircase (demo_config.toml)."""
    ole["employee"]["residence_municipality"] = "217"
    return submit_request(ctx, parse(RequestIn, ole), as_of=at("2026-03-24 12:00")).reference


def record(
    ctx: AppContext, ref: str, kind: str, when: str, data: dict[str, Any] | None = None
) -> Any:
    moment = at(when)
    return record_event(ctx, ref, kind, moment, data, as_of=moment)


def refused(
    ctx: AppContext, ref: str, kind: str, when: str, data: dict[str, Any] | None = None
) -> str:
    before = row_counts(ctx)
    with pytest.raises(Refused) as caught:
        record(ctx, ref, kind, when, data)
    assert row_counts(ctx) == before, "a refused event must write nothing"
    return " ".join(caught.value.reasons)


def through_followup(ctx: AppContext, ref: str) -> None:
    record(ctx, ref, "accepted", "2026-03-25 10:00")
    record(ctx, ref, "followup_held", "2026-04-01 11:00", {"mode": "in_person"})


def test_decline_moves_the_first_talk_to_week_8_and_drops_the_roundtable(
    ctx: AppContext, case: str
) -> None:
    # § 13 b, stk. 3: the ordinary track; Ole's first day of absence was 3 March.
    record(ctx, case, "declined", "2026-03-25 10:00")
    steps = steps_by_kind(ctx, case)
    assert local_due(steps["first_followup"][0]) == "2026-04-27 23:59"
    assert steps["roundtable"][0]["status"] == "cancelled"
    assert case_view(ctx, case).status == "declined"
    assert "takket nej" in refused(
        ctx,
        case,
        "roundtable_booked",
        "2026-03-26 10:00",
        {"starts_at": "2026-04-02T10:00:00+02:00"},
    )


def test_first_talk_moves_the_roundtable_deadline(ctx: AppContext, case: str) -> None:
    through_followup(ctx, case)
    steps = steps_by_kind(ctx, case)
    assert steps["first_followup"][0]["status"] == "done"
    assert local_due(steps["roundtable"][0]) == "2026-04-08 23:59"  # a week after the talk


def test_roundtable_records_the_three_goals(ctx: AppContext, helsingor_case: str) -> None:
    case = helsingor_case
    through_followup(ctx, case)
    record(ctx, case, "roundtable_held", "2026-04-07 14:00", {**ROUNDTABLE, **PLACED})
    view = case_view(ctx, case).to_json()
    held = next(e for e in view["events"] if e["kind"] == "roundtable_held")
    # Goal 1: both staircase placements, and a flag when they differ.
    assert view["staircase"] == {"employee": 5, "employer": 4}
    assert held["data"]["staircase_differs"] is True
    # Goal 2: the plan's measures.
    assert held["data"]["measures"] == ["physical_conditions", "treatment_training"]
    # Goal 3: who does what by when (tracked steps), and the next review.
    actions = steps_by_kind(ctx, case)["action"]
    assert [(a["seq"], a["owner"], a["what"], local_due(a)) for a in actions] == [
        (2, "leader", "Gennemgå arbejdsrutiner og hjælpemidler", "2026-04-14 23:59"),
        (1, "employee", "Ryg- og skuldertræning", "2026-04-21 23:59"),
    ]
    assert local_due(steps_by_kind(ctx, case)["review"][0]) == "2026-05-05 23:59"
    assert view["status"] == "plan_active"


def test_the_staircase_is_refused_where_the_job_centre_does_not_use_it(
    ctx: AppContext, case: str
) -> None:
    # Issue 11 item 2: Helsingør's conversation tool, switched on by a policy; Ishøj's is off.
    through_followup(ctx, case)
    reason = refused(ctx, case, "roundtable_held", "2026-04-07 14:00", {**ROUNDTABLE, **PLACED})
    assert "Jobcentret bruger ikke trappemodellen" in reason
    record(ctx, case, "roundtable_held", "2026-04-07 14:00", ROUNDTABLE)
    assert case_view(ctx, case).to_json()["staircase"] == {"employee": None, "employer": None}
    reason = refused(ctx, case, "review_held", "2026-05-05 10:00", PLACED)
    assert "Jobcentret bruger ikke trappemodellen" in reason


def test_the_roundtable_needs_the_staircase_where_the_job_centre_uses_it(
    ctx: AppContext, helsingor_case: str
) -> None:
    through_followup(ctx, helsingor_case)
    reason = refused(ctx, helsingor_case, "roundtable_held", "2026-04-07 14:00", ROUNDTABLE)
    assert "Jobcentret bruger trappemodellen" in reason


def test_reviews_follow_every_four_weeks(ctx: AppContext, case: str) -> None:
    through_followup(ctx, case)
    record(ctx, case, "roundtable_held", "2026-04-07 14:00", {**ROUNDTABLE, "next_review": None})
    record(ctx, case, "review_held", "2026-05-05 10:00")
    reviews = steps_by_kind(ctx, case)["review"]
    assert [(r["seq"], r["status"], local_due(r)) for r in reviews] == [
        (1, "done", "2026-05-05 23:59"),
        (2, "pending", "2026-06-02 23:59"),
    ]


def test_next_review_further_away_than_the_interval_is_refused(ctx: AppContext, case: str) -> None:
    # § 13 b, stk. 1: follow-up at least every 4 weeks.
    through_followup(ctx, case)
    late = {**ROUNDTABLE, "next_review": "2026-05-20"}
    assert "senest 2026-05-05" in refused(ctx, case, "roundtable_held", "2026-04-07 14:00", late)


def test_review_before_the_roundtable_is_refused(ctx: AppContext, case: str) -> None:
    through_followup(ctx, case)
    assert refused(ctx, case, "review_held", "2026-04-05 10:00") == (
        "En opfølgning kan først holdes efter rundbordssamtalen."
    )


def test_roundtable_on_a_closed_case_is_refused(ctx: AppContext, case: str) -> None:
    record(ctx, case, "closed", "2026-03-26 10:00", {"outcome": "withdrawn"})
    assert refused(ctx, case, "roundtable_held", "2026-04-07 14:00", ROUNDTABLE) == (
        "Sagen er afsluttet; der kan ikke registreres mere på den. Er den afsluttet ved en "
        "fejl, så genåbn den (reopened)."
    )


def test_closure_records_the_outcome_and_ends_every_open_step(ctx: AppContext, case: str) -> None:
    through_followup(ctx, case)
    record(ctx, case, "roundtable_held", "2026-04-07 14:00", ROUNDTABLE)
    record(ctx, case, "partial_return", "2026-04-14 08:00", {"hours_per_week": 20})
    record(ctx, case, "closed", "2026-05-12 08:00", {"outcome": "full_return"})
    view = case_view(ctx, case).to_json()
    assert (view["status"], view["outcome"], view["partial_return_hours"]) == (
        "closed",
        "full_return",
        20,
    )
    statuses = {(s["kind"], s["status"]) for s in view["steps"]}
    assert ("reassessment", "cancelled") in statuses  # closed before the § 24 reassessment
    assert not {status for _, status in statuses} & {"pending", "overdue"}


def test_closing_frees_the_employee_for_a_new_request(
    ctx: AppContext, case: str, ole: dict[str, Any]
) -> None:
    record(ctx, case, "closed", "2026-03-26 10:00", {"outcome": "withdrawn"})
    again = submit_request(
        ctx,
        parse(RequestIn, {**ole, "requested_at": "2026-03-27T09:00:00+01:00"}),
        as_of=at("2026-03-27 10:00"),
    )
    assert again.created and again.reference != case


def test_recording_the_same_event_twice_changes_nothing(ctx: AppContext, case: str) -> None:
    first = record(ctx, case, "accepted", "2026-03-25 10:00")
    counts = row_counts(ctx)
    second = record(ctx, case, "accepted", "2026-03-25 10:00")
    assert (first.duplicate, second.duplicate) == (False, True)
    assert row_counts(ctx) == counts


def test_booking_again_moves_the_meeting_and_counts_the_sequence(
    ctx: AppContext, case: str
) -> None:
    record(
        ctx, case, "followup_booked", "2026-03-25 10:00", {"starts_at": "2026-04-01T10:00:00+02:00"}
    )
    record(
        ctx, case, "followup_booked", "2026-03-26 10:00", {"starts_at": "2026-04-02T09:00:00+02:00"}
    )
    result = record(ctx, case, "followup_booked", "2026-03-27 10:00", {"cancelled": True})
    events = [e for e in case_view(ctx, case).to_json()["events"] if e["kind"] == "followup_booked"]
    assert [e["data"]["sequence"] for e in events] == [0, 1, 2]
    assert steps_by_kind(ctx, case)["first_followup"][0]["scheduled_at"] is None
    assert result.warnings == []


def test_booking_after_the_deadline_is_recorded_with_a_warning(ctx: AppContext, case: str) -> None:
    result = record(
        ctx, case, "followup_booked", "2026-03-25 10:00", {"starts_at": "2026-04-09T10:00:00+02:00"}
    )
    assert result.warnings == ["Mødet ligger efter fristen (2026-04-07)."]


def test_event_in_the_future_or_before_the_request_is_refused(ctx: AppContext, case: str) -> None:
    with pytest.raises(Refused, match="fremtiden"):
        record_event(
            ctx, case, "accepted", at("2026-03-26 10:00"), None, as_of=at("2026-03-25 10:00")
        )
    assert refused(ctx, case, "accepted", "2026-03-20 10:00") == (
        "Tidspunktet ligger før anmodningen om Fast track."
    )


def test_unknown_event_and_bad_data_are_refused_in_danish(ctx: AppContext, case: str) -> None:
    assert refused(ctx, case, "coffee", "2026-03-25 10:00").startswith("Ukendt hændelse 'coffee'")
    assert "outcome" in refused(ctx, case, "closed", "2026-03-25 10:00", {"outcome": "vacation"})
    assert "fagperson" in refused(
        ctx,
        case,
        "followup_booked",
        "2026-03-25 10:00",
        {
            "starts_at": "2026-04-01T10:00:00+02:00",
            "participants": [{"role": "specialist", "name": "X"}],
        },
    )
    assert (
        refused(ctx, "FT-2026-999999", "accepted", "2026-03-25 10:00")
        == "Sagen FT-2026-999999 findes ikke."
    )
