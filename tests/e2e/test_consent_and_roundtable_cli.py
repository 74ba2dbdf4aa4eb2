"""LAW.md § 4's scenarios for consent, the employee's own request and the roundtable's timing
(issue 11, items 3, 4 and 6), through the command line with a simulated clock."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from fasttrack_core.domain.calendar import COPENHAGEN
from tests.conftest import EXAMPLES
from tests.e2e.cli import Fasttrack

HANNE_INTAKE = "2026-09-10T14:00:00+02:00"


@pytest.fixture
def fasttrack(tmp_path: Path) -> Fasttrack:
    return Fasttrack(tmp_path)


def hanne(**changes: Any) -> dict[str, Any]:
    """Hanne's request (first absence Mon 2026-09-07, request Thu 2026-09-10 13:00)."""
    request: dict[str, Any] = json.loads((EXAMPLES / "request-hanne.json").read_text("utf-8"))
    return request | changes


def submit(fasttrack: Fasttrack, request: dict[str, Any], as_of: str = HANNE_INTAKE) -> str:
    opened = fasttrack.json("request", "submit", fasttrack.file(request), "--as-of", as_of)
    return str(opened["case"])


def steps(fasttrack: Fasttrack, ref: str) -> dict[str, dict[str, Any]]:
    view = fasttrack.json("case", "show", ref, "--json")
    return {f"{s['kind']}{s['seq'] if s['kind'] == 'review' else ''}": s for s in view["steps"]}


def due(step: dict[str, Any]) -> str:
    return datetime.fromisoformat(step["due"]).astimezone(COPENHAGEN).strftime("%Y-%m-%d")


def test_an_employees_own_request_has_no_acceptance_and_nothing_escalates(
    fasttrack: Fasttrack,
) -> None:
    # LAW.md defect 2 (a): BEK 1710/2024 § 4 is for an employer's request.
    ref = submit(fasttrack, hanne(requested_by="employee"))
    assert "acceptance" not in steps(fasttrack, ref)
    swept = fasttrack.sweep("2026-09-15T00:30:00+02:00")
    assert swept["overdue"] == 0
    assert fasttrack.json("case", "show", ref, "--json")["status"] == "accepted"


def test_a_decline_with_the_request_opens_a_declined_case_with_ordinary_follow_up(
    fasttrack: Fasttrack,
) -> None:
    # LAW.md defect 2 (b) and (d): § 13 b, stk. 3, first talk by the end of week 8 (Sun
    # 2026-11-01), no roundtable; then the ordinary follow-up can be recorded.
    ref = submit(fasttrack, hanne(employee_agrees=False))
    opened = steps(fasttrack, ref)
    assert fasttrack.json("case", "show", ref, "--json")["status"] == "declined"
    assert due(opened["first_followup"]) == "2026-11-01"
    assert "roundtable" not in opened
    fasttrack.record(ref, "followup_held", "2026-10-20T10:00:00+02:00", {"mode": "in_person"})
    fasttrack.record(ref, "review_held", "2026-11-17T10:00:00+01:00")
    assert due(steps(fasttrack, ref)["review2"]) == "2026-12-15"


def test_a_yes_with_the_request_completes_the_acceptance(fasttrack: Fasttrack) -> None:
    # LAW.md defect 2 (c).
    ref = submit(fasttrack, hanne(employee_agrees=True))
    assert steps(fasttrack, ref)["acceptance"]["status"] == "done"
    fasttrack.run(
        "case", "record", ref, "accepted", "--at", HANNE_INTAKE, "--as-of", HANNE_INTAKE, expect=2
    )


def test_a_request_registered_three_days_late_gets_its_answer_deadline_in_the_future(
    fasttrack: Fasttrack,
) -> None:
    # LAW.md defect 10: a phone request of Mon 09:00 registered on Thursday 14:00: 2 bank days
    # from the notice, Mon 2026-09-14; the sweep an hour later escalates nothing.
    request = hanne(requested_at="2026-09-07T09:00:00+02:00", channel="phone")
    ref = submit(fasttrack, request)
    assert due(steps(fasttrack, ref)["acceptance"]) == "2026-09-14"
    assert fasttrack.sweep("2026-09-10T15:00:00+02:00")["overdue"] == 0


def test_an_employees_request_on_day_85_is_refused(fasttrack: Fasttrack) -> None:
    # LAW.md defect 1: § 7 e's window (statute text not found; three secondary sources).
    request = hanne(requested_by="employee", requested_at="2026-12-01T10:00:00+01:00")
    result = fasttrack.run(
        "request",
        "submit",
        fasttrack.file(request),
        "--as-of",
        "2026-12-01T12:00:00+01:00",
        expect=2,
    )
    assert "inden der er gået 5 uger" in result.stderr


def test_an_unemployed_persons_own_request_opens_a_case(fasttrack: Fasttrack) -> None:
    # LAW.md defect 1, last test: § 7 e covers unemployed people (Cabi).
    request = hanne(requested_by="employee", employment="unemployed")
    del request["employer"], request["leader"], request["hr_contact"]
    ref = submit(fasttrack, request)
    assert "roundtable" in steps(fasttrack, ref)


def test_roskildes_roundtable_is_booked_at_once_and_due_10_days_after_the_request(
    fasttrack: Fasttrack,
) -> None:
    # LAW.md defect 4 (a) and (c): Roskilde's seed, «indenfor en uge til halvanden efter den
    # første henvendelse», booked «med det samme».
    request = hanne()
    request["employee"]["residence_municipality"] = "265"
    ref = submit(fasttrack, request)
    assert due(steps(fasttrack, ref)["roundtable"]) == "2026-09-20"
    booking = {
        "starts_at": "2026-09-17T10:00:00+02:00",
        "participants": [{"role": "employee", "name": "Hanne Nielsen"}],
    }
    fasttrack.record(ref, "roundtable_booked", "2026-09-11T10:00:00+02:00", booking)
    fasttrack.run(
        "case",
        "record",
        ref,
        "roundtable_held",
        "--at",
        "2026-09-17T11:00:00+02:00",
        "--as-of",
        "2026-09-17T11:00:00+02:00",
        "--data",
        fasttrack.file({"participants": []}),
        expect=2,
    )


def test_vardes_first_talk_and_roundtable_within_a_week(fasttrack: Fasttrack) -> None:
    # LAW.md defect 4 (b): the roundtable is no longer due before the first talk can be held.
    request = hanne()
    request["employee"]["residence_municipality"] = "573"
    opened = steps(fasttrack, submit(fasttrack, request))
    assert due(opened["first_followup"]) == "2026-09-17"
    assert due(opened["roundtable"]) == "2026-09-17"


def test_hjorrings_roundtable_falls_in_the_second_week_of_absence_when_the_talk_is_early(
    fasttrack: Fasttrack,
) -> None:
    # LAW.md defect 4 (d): Hjørring's seed, «allerede i anden sygeuge» (day 13: Sun 2026-09-20).
    request = hanne()
    request["employee"]["residence_municipality"] = "860"
    ref = submit(fasttrack, request)
    fasttrack.record(ref, "accepted", "2026-09-11T09:00:00+02:00")
    fasttrack.record(ref, "followup_held", "2026-09-14T10:00:00+02:00", {"mode": "in_person"})
    assert due(steps(fasttrack, ref)["roundtable"]) == "2026-09-20"


def test_helsingors_48_working_hours_belong_to_the_roundtable_not_the_first_talk(
    fasttrack: Fasttrack,
) -> None:
    # LAW.md defect 7: request Fri 2026-09-11 16:00; the first talk keeps § 13 b, stk. 2's 14
    # days; the roundtable comes 48 working hours after the talk (Fri 16:00 -> Tue 16:00).
    request = hanne(requested_at="2026-09-11T16:00:00+02:00")
    request["employee"]["residence_municipality"] = "217"
    ref = submit(fasttrack, request, "2026-09-11T16:05:00+02:00")
    opened = steps(fasttrack, ref)
    assert due(opened["acceptance"]) == "2026-09-15"
    assert due(opened["first_followup"]) == "2026-09-25"
    fasttrack.record(ref, "accepted", "2026-09-14T09:00:00+02:00")
    fasttrack.record(ref, "followup_held", "2026-09-18T16:00:00+02:00", {"mode": "in_person"})
    held = steps(fasttrack, ref)["roundtable"]
    assert (
        datetime.fromisoformat(held["due"]).astimezone(COPENHAGEN).strftime("%Y-%m-%d %H:%M")
        == "2026-09-22 16:00"
    )
