"""LAW.md § 4's recording scenarios (issue 11, items 2, 5, 7, 8 and 9), through the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES
from tests.e2e.cli import Fasttrack

HANNE_REQUEST = "2026-09-10T13:15:00+02:00"


@pytest.fixture
def fasttrack(tmp_path: Path) -> Fasttrack:
    return Fasttrack(tmp_path)


def submit(fasttrack: Fasttrack, example: str, as_of: str, **changes: Any) -> str:
    """A case opened from an example request, with top-level or `employee` fields changed."""
    request = json.loads((EXAMPLES / example).read_text("utf-8"))
    employee = changes.pop("employee", {})
    request.update(changes)
    request["employee"].update(employee)
    return str(
        fasttrack.json("request", "submit", fasttrack.file(request), "--as-of", as_of)["case"]
    )


def refused(fasttrack: Fasttrack, ref: str, kind: str, when: str, data: Any) -> str:
    """The Danish reason `case record` exits 2 with; nothing is recorded."""
    before = fasttrack.json("case", "show", ref, "--json")["events"]
    result = fasttrack.run(
        "case", "record", ref, kind, "--at", when, "--as-of", when,
        "--data", fasttrack.file(data), expect=2,
    )  # fmt: skip
    assert fasttrack.json("case", "show", ref, "--json")["events"] == before
    return " ".join(result.stderr.split())  # the terminal wraps long lines


def test_defect_8_a_first_talk_by_phone_is_refused_without_a_reason(fasttrack: Fasttrack) -> None:
    # § 13 b, stk. 1: the first talk in person, jf. stk. 4 og 5 (LAW.md § 4, defect 8).
    ref = submit(fasttrack, "request-hanne.json", HANNE_REQUEST)
    fasttrack.record(ref, "accepted", "2026-09-11T09:00:00+02:00")
    reason = refused(
        fasttrack, ref, "followup_held", "2026-09-20T10:00:00+02:00", {"mode": "phone"}
    )
    assert "personligt fremmøde" in reason and "§ 13 b" in reason
    with_reason = {"mode": "phone", "reason": "Indlagt; kan ikke møde op"}
    assert (
        fasttrack.record(ref, "followup_held", "2026-09-20T10:00:00+02:00", with_reason)["status"]
        == "followup_held"
    )


def test_defect_9_a_partial_return_under_4_hours_absence_is_refused(fasttrack: Fasttrack) -> None:
    # § 53 and the 4-hour floor (LAW.md § 4, defect 9): Ole works 37 hours (his request says so).
    ref = submit(fasttrack, "request-ole.json", "2026-03-24T09:45:00+01:00")
    reason = refused(
        fasttrack, ref, "partial_return", "2026-04-14T08:00:00+02:00", {"hours_per_week": 36.5}
    )
    assert "Fraværet er 0,5 timer om ugen" in reason and "mindst 4 timers fravær" in reason
    fasttrack.record(ref, "partial_return", "2026-04-14T08:00:00+02:00", {"hours_per_week": 20})
    view = fasttrack.json("case", "show", ref, "--json")
    assert view["partial_return_hours"] == 20
    event = next(e for e in view["events"] if e["kind"] == "partial_return")
    assert event["data"]["absence_hours_per_week"] == 17


def test_a_partial_return_takes_the_normal_hours_from_the_event_when_the_request_lacks_them(
    fasttrack: Fasttrack,
) -> None:
    other = submit(fasttrack, "request-hanne.json", HANNE_REQUEST, employee={"weekly_hours": None})
    reason = refused(
        fasttrack, other, "partial_return", "2026-10-05T08:00:00+02:00", {"hours_per_week": 15}
    )
    assert "normal_hours_per_week" in reason
    fasttrack.record(
        other,
        "partial_return",
        "2026-10-05T08:00:00+02:00",
        {"hours_per_week": 15, "normal_hours_per_week": 30},
    )
    event = fasttrack.json("case", "show", other, "--json")["events"][-1]
    assert (event["kind"], event["data"]["absence_hours_per_week"]) == ("partial_return", 15)


def statement(fasttrack: Fasttrack, ref: str) -> list[tuple[str, str]]:
    view = fasttrack.json("case", "show", ref, "--json")
    return [(s["status"], s["due"][:10]) for s in view["steps"] if s["kind"] == "doctor_statement"]


def test_defect_3c_the_gp_asked_on_acceptance_has_until_the_first_talk(
    fasttrack: Fasttrack,
) -> None:
    # BEK 1710/2024 § 11, stk. 3: asked 2026-09-14, 14 days (09-28) end after the talk's deadline
    # (09-24), so the deadline is the talk's; 8 days (09-22) fit.
    ref = submit(fasttrack, "request-hanne.json", HANNE_REQUEST)
    assert statement(fasttrack, ref) == [], "asked for only when needed (§ 11 a)"
    fasttrack.record(ref, "accepted", "2026-09-14T09:00:00+02:00")
    fasttrack.record(ref, "doctor_statement_requested", "2026-09-14T09:05:00+02:00")
    assert statement(fasttrack, ref) == [("pending", "2026-09-24")]


def test_a_statement_the_first_talk_cannot_wait_for_is_a_warning(fasttrack: Fasttrack) -> None:
    ref = submit(fasttrack, "request-hanne.json", HANNE_REQUEST)
    fasttrack.record(ref, "accepted", "2026-09-14T09:00:00+02:00")
    when = "2026-09-20T09:00:00+02:00"
    result = fasttrack.run(
        "case", "record", ref, "doctor_statement_requested", "--at", when, "--as-of", when
    )
    warning = " ".join(result.stderr.split())  # the terminal wraps long lines
    assert warning.startswith("Bemærk: Lægeattesten har frist 2026-09-28")
    assert "BEK 1710/2024 § 11, stk. 3" in warning
    assert statement(fasttrack, ref) == [("pending", "2026-09-28")]  # the doctor's 8 days


def test_defect_3a_the_statement_moves_with_the_talk_after_a_decline(fasttrack: Fasttrack) -> None:
    # First absence 2026-09-07: after a decline the talk is due at the end of week 8, 2026-11-01.
    ref = submit(fasttrack, "request-hanne.json", HANNE_REQUEST)
    fasttrack.record(ref, "doctor_statement_requested", "2026-09-10T14:00:00+02:00")
    assert statement(fasttrack, ref) == [("pending", "2026-09-24")]
    fasttrack.record(ref, "declined", "2026-09-11T09:00:00+02:00")
    assert statement(fasttrack, ref) == [("pending", "2026-11-01")]
    assert fasttrack.sweep("2026-09-25T07:00:00+02:00")["overdue"] == 0


def test_defect_3b_a_statement_judged_not_needed_is_no_longer_awaited(
    fasttrack: Fasttrack,
) -> None:
    ref = submit(fasttrack, "request-hanne.json", HANNE_REQUEST)
    fasttrack.record(ref, "accepted", "2026-09-11T09:00:00+02:00")
    fasttrack.record(ref, "doctor_statement_requested", "2026-09-11T09:05:00+02:00")
    reason = {"reason": "Diagnosen og prognosen er kendt fra sygehuset"}
    fasttrack.record(ref, "doctor_statement_not_needed", "2026-09-12T10:00:00+02:00", reason)
    assert statement(fasttrack, ref) == [("cancelled", "2026-09-24")]
    fasttrack.record(ref, "followup_held", "2026-09-20T10:00:00+02:00", {"mode": "in_person"})
    refused_reason = refused(
        fasttrack, ref, "doctor_statement_received", "2026-09-21T10:00:00+02:00", {}
    )
    assert "Der afventes ingen lægeattest" in refused_reason


def test_defect_5_the_reassessment_counts_an_earlier_spell_in_the_request(
    fasttrack: Fasttrack,
) -> None:
    # § 24, stk. 1 (LAW.md § 4, defect 5): Ole with 28 days in December 2025: 28 + 151 days by
    # 2026-07-31 is over 22 weeks, so the reassessment is due by the end of July, not August.
    spell = [{"from": "2025-12-01", "to": "2025-12-28"}]
    ref = submit(fasttrack, "request-ole.json", "2026-03-24T09:45:00+01:00", previous_absence=spell)
    steps = fasttrack.json("case", "show", ref, "--json")["steps"]
    assert [s["due"][:10] for s in steps if s["kind"] == "reassessment"] == ["2026-07-31"]
    extension = {
        "outcome": "extended",
        "ground": "medical_treatment",
        "next_reassessment": "2026-10-31",
    }
    fasttrack.record(ref, "reassessed", "2026-07-20T10:00:00+02:00", extension)
    steps = fasttrack.json("case", "show", ref, "--json")["steps"]
    assert [(s["status"], s["due"][:10]) for s in steps if s["kind"] == "reassessment"] == [
        ("done", "2026-07-31"),
        ("pending", "2026-10-31"),
    ]


def test_an_extension_without_its_section_27_ground_is_refused(fasttrack: Fasttrack) -> None:
    ref = submit(fasttrack, "request-ole.json", "2026-03-24T09:45:00+01:00")
    reason = refused(
        fasttrack, ref, "reassessed", "2026-08-20T10:00:00+02:00", {"outcome": "extended"}
    )
    assert "Grundlaget for forlængelsen (ground) mangler" in reason


def test_an_earlier_spell_must_end_before_the_first_absence_day(fasttrack: Fasttrack) -> None:
    request = json.loads((EXAMPLES / "request-ole.json").read_text("utf-8"))
    request["previous_absence"] = [{"from": "2026-02-20", "to": "2026-03-03"}]
    args = ("request", "submit", fasttrack.file(request), "--as-of", "2026-03-24T09:45:00+01:00")
    result = fasttrack.run(*args, expect=2)
    assert "Tidligere sygefravær (previous_absence) skal slutte før første sygedag" in " ".join(
        result.stderr.split()
    )


def test_a_short_uncomplicated_course_drops_the_roundtable_for_one_return_check(
    fasttrack: Fasttrack,
) -> None:
    # 2025 reform (§ 13 f): Hanne's first talk on 2026-09-21; she is expected back 2026-11-09.
    ref = submit(fasttrack, "request-hanne.json", HANNE_REQUEST)
    fasttrack.record(ref, "accepted", "2026-09-11T09:00:00+02:00")
    fasttrack.record(ref, "followup_held", "2026-09-21T10:00:00+02:00", {"mode": "in_person"})
    short = {"expected_return": "2026-11-09"}
    fasttrack.record(ref, "short_uncomplicated", "2026-09-21T11:00:00+02:00", short)
    steps = {s["kind"]: s["status"] for s in fasttrack.json("case", "show", ref, "--json")["steps"]}
    assert (steps["roundtable"], steps["return_check"]) == ("cancelled", "pending")
    booking = {"starts_at": "2026-09-28T10:00:00+02:00"}
    reason = refused(fasttrack, ref, "roundtable_booked", "2026-09-22T10:00:00+02:00", booking)
    assert "kort og ukompliceret (§ 13 f)" in reason
    fasttrack.record(ref, "closed", "2026-11-09T10:00:00+01:00", {"outcome": "full_return"})
    steps = {s["kind"]: s["status"] for s in fasttrack.json("case", "show", ref, "--json")["steps"]}
    assert steps["return_check"] == "done"
