"""The seeds' own examples (SPEC §8), told through the command line with a simulated clock."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from fasttrack_core.domain.calendar import COPENHAGEN
from tests.conftest import EXAMPLES
from tests.e2e.cli import Fasttrack


@pytest.fixture
def fasttrack(tmp_path: Path) -> Fasttrack:
    return Fasttrack(tmp_path)


def due_dates(view: dict[str, Any]) -> dict[str, str]:
    def local(iso: str) -> str:
        return datetime.fromisoformat(iso).astimezone(COPENHAGEN).strftime("%Y-%m-%d")

    return {
        f"{s['kind']}{s['seq'] if s['kind'] in ('action', 'review') else ''}": local(s["due"])
        for s in view["steps"]
    }


def sweep_every_morning(fasttrack: Fasttrack, first: date, last: date) -> list[dict[str, Any]]:
    summaries = []
    day = first
    while day <= last:
        summaries.append(fasttrack.sweep(f"{day.isoformat()}T07:00:00+01:00"))
        day += timedelta(days=1)
    return summaries


def test_ole_back_and_shoulder_pain_back_at_work_after_ten_weeks(fasttrack: Fasttrack) -> None:
    """Ole: after 3 weeks off, he and his leader ask; training and a review of work routines;
    6 weeks of full sick leave, 4 weeks of reduced hours, then fully back."""
    opened = fasttrack.json(
        "request",
        "submit",
        str(EXAMPLES / "request-ole.json"),
        "--as-of",
        "2026-03-24T09:45:00+01:00",
    )
    ref = opened["case"]
    assert opened["created"] is True
    assert due_dates(fasttrack.json("case", "show", ref, "--json")) == {
        "notice": "2026-03-24",  # the same day (leaflet)
        "acceptance": "2026-03-26",  # 2 bank days (BEK 1710/2024 § 4)
        "first_followup": "2026-04-07",  # 2 weeks after the request (§ 13 b, stk. 2)
        "roundtable": "2026-04-14",  # a week after the talk's deadline, until the talk is held
        # § 24: 151 days by 2026-07-31 are not over 22 weeks; August passes them.
        "reassessment": "2026-08-31",
    }

    fasttrack.record(ref, "accepted", "2026-03-25T10:00:00+01:00")
    # Back and shoulder pain: the consultant judges a statement necessary (§ 11 a) and asks the
    # GP at once; 14 days would end after the first talk, so the deadline is the talk's (BEK § 11).
    fasttrack.record(ref, "doctor_statement_requested", "2026-03-25T10:02:00+01:00")
    fasttrack.record(
        ref,
        "followup_booked",
        "2026-03-25T10:05:00+01:00",
        {
            "starts_at": "2026-04-01T10:00:00+02:00",
            "minutes": 60,
            "location": "Jobcenter Ishøj",
            "participants": [
                {"role": "employee", "name": "Ole Hansen", "email": "ole.hansen@example.dk"},
                {
                    "role": "consultant",
                    "name": "Mette Holm",
                    "email": "mette.holm@ishoj.jobcenter.example.dk",
                },
            ],
        },
    )
    fasttrack.record(ref, "doctor_statement_received", "2026-03-31T12:00:00+02:00")
    fasttrack.record(ref, "followup_held", "2026-04-01T11:00:00+02:00", {"mode": "in_person"})
    fasttrack.record(
        ref,
        "roundtable_booked",
        "2026-04-02T09:00:00+02:00",
        {
            "starts_at": "2026-04-07T13:00:00+02:00",
            "minutes": 90,
            "location": "Hjemmeplejen Syd",
            "participants": [
                {"role": "employee", "name": "Ole Hansen", "email": "ole.hansen@example.dk"},
                {"role": "leader", "name": "Lise Berg", "email": "lise.berg@example.dk"},
            ],
        },
    )
    assert due_dates(fasttrack.json("case", "show", ref, "--json"))["roundtable"] == "2026-04-08"
    fasttrack.record(
        ref,
        "roundtable_held",
        "2026-04-07T14:30:00+02:00",
        {
            "participants": [
                {"role": "employee", "name": "Ole Hansen"},
                {"role": "leader", "name": "Lise Berg"},
                {"role": "consultant", "name": "Mette Holm"},
                {"role": "specialist", "name": "Fysioterapeut", "profession": "fysioterapeut"},
            ],
            "measures": ["treatment_training", "tasks", "aids_compensation", "partial_sick_leave"],
            "actions": [
                {"what": "Ryg- og skuldertræning", "owner": "employee", "due": "2026-04-21"},
                {
                    "what": "Gennemgå arbejdsrutiner og hjælpemidler",
                    "owner": "leader",
                    "due": "2026-04-14",
                },
            ],
            "next_review": "2026-05-05",
        },
    )
    fasttrack.record(ref, "action_completed", "2026-04-14T15:00:00+02:00", {"action": 2})
    # After 6 weeks of full sick leave he works reduced hours.
    fasttrack.record(ref, "partial_return", "2026-04-14T08:00:00+02:00", {"hours_per_week": 20})
    fasttrack.record(ref, "action_completed", "2026-04-21T15:00:00+02:00", {"action": 1})
    fasttrack.record(ref, "review_held", "2026-05-05T10:00:00+02:00")
    summaries = sweep_every_morning(fasttrack, date(2026, 3, 24), date(2026, 5, 11))
    # ... for 4 weeks, then he is fully back.
    fasttrack.record(ref, "closed", "2026-05-12T08:00:00+02:00", {"outcome": "full_return"})

    view = fasttrack.json("case", "show", ref, "--json")
    assert (view["status"], view["outcome"], view["partial_return_hours"]) == (
        "closed",
        "full_return",
        20,
    )
    assert due_dates(view) == {
        "notice": "2026-03-24",
        "acceptance": "2026-03-26",
        "doctor_statement": "2026-04-07",  # asked 03-25: 14 days shortened to the talk
        "first_followup": "2026-04-07",
        "roundtable": "2026-04-08",
        "reassessment": "2026-08-31",
        "action2": "2026-04-14",
        "action1": "2026-04-21",
        "review1": "2026-05-05",
        "review2": "2026-06-02",
    }
    assert sum(s["overdue"] for s in summaries) == 0, "every step of Ole's case was on time"
    assert [e["kind"] for e in view["events"] if e["kind"] == "step_overdue"] == []
    assert view["employee"]["cpr"] == "030478-****"


def test_hanne_stress_gradual_return_back_after_two_months(fasttrack: Fasttrack) -> None:
    """Hanne: after 3 days' absence her leader raises Fast track; a talk about 10 days later;
    after the doctor's assessment a gradual return and a stress course; back after 2 months."""
    ref = fasttrack.json(
        "request",
        "submit",
        str(EXAMPLES / "request-hanne.json"),
        "--as-of",
        "2026-09-10T13:15:00+02:00",
    )["case"]
    assert due_dates(fasttrack.json("case", "show", ref, "--json")) == {
        "notice": "2026-09-10",
        "acceptance": "2026-09-14",
        "first_followup": "2026-09-24",
        "roundtable": "2026-10-01",
        "reassessment": "2027-02-28",  # 147 days by 2027-01-31; February passes 154
    }
    fasttrack.record(ref, "accepted", "2026-09-11T09:00:00+02:00")
    # "After the doctor's assessment": the GP is asked the same day; due by the talk (09-24).
    fasttrack.record(ref, "doctor_statement_requested", "2026-09-11T09:05:00+02:00")
    # "10 days later" is Sunday 20 September; the talk is on the Monday.
    fasttrack.record(
        ref,
        "followup_booked",
        "2026-09-11T09:10:00+02:00",
        {"starts_at": "2026-09-21T09:00:00+02:00"},
    )
    fasttrack.record(ref, "doctor_statement_received", "2026-09-18T11:00:00+02:00")
    fasttrack.record(ref, "followup_held", "2026-09-21T10:00:00+02:00", {"mode": "in_person"})
    sweeps = sweep_every_morning(fasttrack, date(2026, 9, 11), date(2026, 9, 24))
    fasttrack.record(
        ref,
        "roundtable_held",
        "2026-09-25T14:00:00+02:00",
        {
            "participants": [
                {"role": "employee", "name": "Hanne Nielsen"},
                {"role": "leader", "name": "Peter Mørk"},
                {"role": "consultant", "name": "Jonas Krogh"},
            ],
            "measures": ["partial_sick_leave", "treatment_training"],
            "actions": [
                {"what": "Stresshåndteringsforløb", "owner": "consultant", "due": "2026-10-09"},
                {"what": "Gradvis optrapning af timer", "owner": "leader", "due": "2026-10-23"},
            ],
            "next_review": "2026-10-23",
        },
    )
    fasttrack.record(ref, "partial_return", "2026-10-05T08:00:00+02:00", {"hours_per_week": 15})
    fasttrack.record(ref, "action_completed", "2026-10-09T12:00:00+02:00", {"action": 1})
    fasttrack.record(ref, "action_completed", "2026-10-23T12:00:00+02:00", {"action": 2})
    fasttrack.record(ref, "review_held", "2026-10-23T13:00:00+02:00", {"next_review": "2026-11-13"})
    sweeps += sweep_every_morning(fasttrack, date(2026, 9, 25), date(2026, 11, 9))
    fasttrack.record(ref, "closed", "2026-11-10T08:00:00+01:00", {"outcome": "full_return"})

    view = fasttrack.json("case", "show", ref, "--json")
    assert (view["status"], view["outcome"]) == ("closed", "full_return")
    # Ishøj does not use Helsingør's staircase (issue 11 item 2): nothing of it is recorded.
    held = next(e for e in view["events"] if e["kind"] == "roundtable_held")
    assert "staircase_differs" not in held["data"]
    # Roundtable due Monday 28 September (a week after the talk): reminded Thursday 24th, 07:00.
    reminders = [e for e in view["events"] if e["kind"] == "reminder_due"]
    assert [(e["data"]["step"], e["at"][:10]) for e in reminders] == [("roundtable", "2026-09-24")]
    assert due_dates(view)["roundtable"] == "2026-09-28"
    assert sum(s["overdue"] for s in sweeps) == 0


def test_refused_request_exits_2_with_a_danish_reason_and_writes_nothing(
    fasttrack: Fasttrack, tmp_path: Path
) -> None:
    late = (EXAMPLES / "request-ole.json").read_text("utf-8").replace("2026-03-03", "2026-02-01")
    path = tmp_path / "late.json"
    path.write_text(late, "utf-8")
    result = fasttrack.run(
        "request", "submit", str(path), "--as-of", "2026-03-24T12:00:00+01:00", expect=2
    )
    assert "Arbejdsgiveren skal anmode om Fast track inden der er gået 5 uger" in result.stderr
    assert result.stdout == ""
    fasttrack.run("case", "show", "FT-2026-000001", "--json", expect=2)
