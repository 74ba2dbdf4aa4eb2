"""The steering report's KPIs on six hand-built cases in Ishøj, recorded through the real services;
every expected figure is worked out by hand in the comments (period: April 2026)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from fasttrack_core.db import AppContext
from fasttrack_core.errors import Refused
from fasttrack_core.reporting.figures import SteeringFigures, steering_figures
from fasttrack_core.reporting.kpis import KPIS
from fasttrack_core.reporting.periods import Period, Scope
from fasttrack_core.reporting.statistics import median
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.recording import record_event
from tests.conftest import at

APRIL = Period(date(2026, 4, 1), date(2026, 4, 30))
ISHOJ = Scope(municipality="183")
SPECIALIST = {"role": "specialist", "name": "Pia Fys", "profession": "fysioterapeut"}
# A roundtable is the employee, the employer side and the consultant (by role alone).
TRIO = [{"role": "employee", "name": "Medarbejder"}, {"role": "leader"}, {"role": "consultant"}]


def request(
    base: dict[str, Any], serial: int, requested: datetime, first_day: str, **changes: str
) -> dict[str, Any]:
    payload = {**base, "requested_at": requested.isoformat(), "first_absence_day": first_day}
    payload["employee"] = {**base["employee"], "cpr": f"03047856{serial:02d}"}
    return payload | changes


def roundtable(day: str, *, specialist: bool, measures: list[str], action_due: str) -> Any:
    return {
        "participants": [*TRIO, *([SPECIALIST] if specialist else [])],
        "measures": measures,
        "actions": [{"what": "Træning", "owner": "employee", "due": action_due}],
        "next_review": day,
    }


def record(ctx: AppContext, reference: str, kind: str, when: str, data: Any = None) -> None:
    moment = at(when)
    record_event(ctx, reference, kind, moment, data, as_of=moment)


def submit(ctx: AppContext, payload: dict[str, Any]) -> str:
    moment = datetime.fromisoformat(payload["requested_at"])
    return submit_request(ctx, parse(RequestIn, payload), as_of=moment).reference


def build_cases(ctx: AppContext, ole: dict[str, Any]) -> None:
    # A: employer, digital; first day 26 Feb, request 1 April 00:15 (still 31 March in UTC):
    # day 34, the last day inside the 5-week window. First talk on day 14 (15 April), roundtable
    # on 20 April (deadline 22 April) with a specialist, work trial and an action; closed 28 April,
    # full return: 61 days of absence (26 Feb -> 28 Apr).
    a = submit(ctx, request(ole, 1, at("2026-04-01 00:15"), "2026-02-26"))
    record(ctx, a, "accepted", "2026-04-02 10:00")
    record(ctx, a, "doctor_statement_requested", "2026-04-02 10:05")
    record(ctx, a, "doctor_statement_received", "2026-04-08 10:00")
    record(ctx, a, "followup_held", "2026-04-15 10:00", {"mode": "in_person"})
    plan = roundtable("2026-05-04", specialist=True, measures=["work_trial"], action_due="04-27")
    record(ctx, a, "roundtable_held", "2026-04-20 10:00", _dated(plan))
    record(ctx, a, "closed", "2026-04-28 10:00", {"outcome": "full_return"})
    # B: employer, phone; first day 30 March, request 6 April: day 7. First talk on day 15,
    # at 00:30 on 21 April (still 20 April in UTC: day 14 if the days were counted in UTC).
    # The roundtable (deadline 28 April) is not held: overdue at the end of April.
    b = submit(ctx, request(ole, 2, at("2026-04-06 09:00"), "2026-03-30", channel="phone"))
    record(ctx, b, "accepted", "2026-04-07 10:00")
    record(ctx, b, "doctor_statement_requested", "2026-04-07 10:05")
    record(ctx, b, "doctor_statement_received", "2026-04-10 10:00")
    record(ctx, b, "followup_held", "2026-04-21 00:30", {"mode": "in_person"})
    # C: employer, email, on 8 April, first day 6 March: day 33. The employee's no came with the
    # request (declined at intake): its first talk (30 April, day 22) does not count against 14
    # days.
    c = submit(
        ctx,
        request(ole, 3, at("2026-04-08 09:00"), "2026-03-06", channel="email")
        | {"employee_agrees": False},
    )
    record(ctx, c, "doctor_statement_requested", "2026-04-08 09:30")
    record(ctx, c, "doctor_statement_received", "2026-04-09 10:00")
    record(ctx, c, "followup_held", "2026-04-30 10:00", {"mode": "in_person"})
    # D crosses the period boundary: requested 25 March (day 15 after 10 March), first talk
    # 2 April (day 8), roundtable 14 April after its deadline of 9 April; its action due 24 April
    # is never completed: overdue at the end of April (its first review is agreed for 5 May).
    d = submit(ctx, request(ole, 4, at("2026-03-25 10:00"), "2026-03-10"))
    record(ctx, d, "accepted", "2026-03-26 10:00")
    record(ctx, d, "doctor_statement_requested", "2026-03-26 10:05")
    record(ctx, d, "doctor_statement_received", "2026-03-30 10:00")
    record(ctx, d, "followup_held", "2026-04-02 10:00", {"mode": "in_person"})
    plan = roundtable("2026-05-05", specialist=False, measures=["tasks"], action_due="04-24")
    record(ctx, d, "roundtable_held", "2026-04-14 10:00", _dated(plan))
    # F: an absence alert led to the employee's own request on 17 April, first day 10 April:
    # day 7; nothing to answer (§ 7 e), first talk due 1 May (not overdue at the end of April).
    f = submit(
        ctx,
        request(
            ole,
            5,
            at("2026-04-17 09:00"),
            "2026-04-10",
            channel="absence_alert",
            requested_by="employee",
        ),
    )
    record(ctx, f, "doctor_statement_requested", "2026-04-20 10:05")
    record(ctx, f, "doctor_statement_received", "2026-04-22 10:00")
    # G: requested 22 April (day 2), declined and closed as declined: not in absence duration.
    g = submit(ctx, request(ole, 6, at("2026-04-22 09:00"), "2026-04-20"))
    record(ctx, g, "declined", "2026-04-23 10:00")
    record(ctx, g, "closed", "2026-04-24 10:00", {"outcome": "declined"})


def _dated(plan: dict[str, Any]) -> dict[str, Any]:
    for action in plan["actions"]:
        action["due"] = f"2026-{action['due']}"
    return plan


@pytest.fixture
def figures(ctx: AppContext, ole: dict[str, Any]) -> SteeringFigures:
    build_cases(ctx, ole)
    return steering_figures(ctx, APRIL, ISHOJ)


def test_april_figures_match_the_hand_count(figures: SteeringFigures) -> None:
    assert figures.current.values == {
        "requests": 5,  # A, B, C, F, G (D came in March)
        "employer_in_window_share": 1.0,  # A (day 34), B, C, G: 4 of 4
        "absence_to_request_median": 7.0,  # days 2, 7, 7, 33, 34
        "absence_alert_requests": 1,  # F
        "first_followups_held": 3,  # A (day 14), B (day 15), D (day 8); C declined
        "first_followup_within_14_share": 2 / 3,  # A and D
        "first_followup_days_median": 14.0,  # 8, 14, 15
        "roundtables_held": 2,  # A, D
        "roundtable_on_time_share": 0.5,  # A; D after its deadline
        "request_to_roundtable_median": 19.5,  # A 19 days, D 20 days
        "roundtable_specialist_share": 0.5,  # A
        "plans_with_actions": 2,
        "closed": 2,  # A (full return), G (declined)
        "absence_days_mean": 61.0,  # A only: G declined
        "partial_or_trial_share": 1.0,  # A's plan has a work trial
        "paused_days_mean": 0.0,  # A was never paused
        "open_cases": 4,  # B, C, D, F
        "overdue_steps": 2,  # B's roundtable, D's action
        "actions_overdue": 1,  # D's action
        "consultants_over_capacity": 0,
        "alerts_raised": 0,  # no absence file imported in Ishøj
        "alerts_answered_share": None,
        "alerts_on_time_share": None,
        "cases_over_capacity": 0,
        # Timeliness: steps whose deadline fell in April, as they stood on 30 April.
        "on_time_first_talk_share": 2 / 3,  # A (day 14), D (due 8 April); B a day late
        "on_time_first_talk_declined_share": 1.0,  # C: week 8 ends 30 April, held that day
        # A (due 15 April: the first talk's deadline caps it), B (20 April), C, D (8 April); F's
        # is due 1 May.
        "on_time_doctor_statement_share": 1.0,
        "on_time_roundtable_share": 1 / 3,  # A; D 5 days late; B 2 days late, not held
        "on_time_review_share": None,  # no review due in April
        "on_time_reassessment_share": None,
        "late_steps": 3,  # B's first talk, B's and D's roundtables
        "late_over_3_weeks": 0,
    }
    assert set(figures.current.values) == {kpi.key for kpi in KPIS}
    assert figures.current.requests_by_channel == {
        "digital": 2,
        "phone": 1,
        "email": 1,
        "absence_alert": 1,
    }
    assert figures.current.requests_by_requester == {"employer": 4, "employee": 1}
    # Weeks start on Mondays: 30 March (A), 6 April (B, C), 13 April (F), 20 April (G); the
    # week of 27 April had none, and is there (an empty bar) all the same.
    assert figures.current.requests_per_week == {
        "2026-03-30": {"digital": 1},
        "2026-04-06": {"phone": 1, "email": 1},
        "2026-04-13": {"absence_alert": 1},
        "2026-04-20": {"digital": 1},
        "2026-04-27": {},
    }
    assert figures.current.first_followup_days == {8: 1, 14: 1, 15: 1}
    assert figures.current.outcomes == {
        "full_return": {"cases": 1, "absence_days_mean": 61.0},
        "declined": {"cases": 1, "absence_days_mean": 4.0},  # 20 -> 24 April
    }
    assert figures.current.open_by_stage == {
        "accepted": 1,  # F
        "declined": 1,  # C
        "followup_held": 1,  # B
        "plan_active": 1,  # D
    }
    assert figures.current.overdue_by_step == {"roundtable": 1, "action": 1}
    assert sum(row["open"] for row in figures.current.caseload) == 4
    assert [row["label"] for row in figures.current.caseload][:1] == ["Konsulent 1"]


def test_the_previous_period_is_march_and_holds_the_case_that_crossed(
    figures: SteeringFigures,
) -> None:
    assert figures.previous_period == Period(date(2026, 3, 2), date(2026, 3, 31))
    before = figures.before.values
    assert before["requests"] == 1  # D
    assert before["absence_to_request_median"] == 15.0
    assert before["first_followups_held"] == 0
    assert before["first_followup_within_14_share"] is None  # nothing to share
    assert before["open_cases"] == 1  # D, accepted, waiting for its first talk
    assert before["overdue_steps"] == 0
    assert figures.before.open_by_stage == {"accepted": 1}
    rows = {row.kpi.key: row for row in figures.rows()}
    assert rows["requests"].change == "+4"
    assert rows["first_followup_within_14_share"].missed
    assert rows["first_followup_within_14_share"].shown == "67 %"
    assert not rows["consultants_over_capacity"].missed


def test_a_request_on_day_35_is_refused_and_never_counted(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    late = request(ole, 7, at("2026-04-02 09:00"), "2026-02-26")  # day 35
    with pytest.raises(Refused):
        submit(ctx, late)
    assert steering_figures(ctx, APRIL, ISHOJ).current.values["requests"] == 0


def test_scopes_and_unknown_ones(ctx: AppContext, figures: SteeringFigures, ole: Any) -> None:
    everyone = steering_figures(ctx, APRIL, Scope())
    assert everyone.current.values["requests"] == 5
    workplace = steering_figures(ctx, APRIL, Scope(workplace_cvr=ole["employer"]["cvr"]))
    assert workplace.current.values["requests"] == 5
    assert (
        steering_figures(ctx, APRIL, Scope(workplace_cvr="11111111")).current.values["requests"]
        == 0
    )
    assert steering_figures(ctx, APRIL, Scope(municipality="250")).current.values["requests"] == 0
    with pytest.raises(Refused, match="999"):
        steering_figures(ctx, APRIL, Scope(municipality="999"))
    with pytest.raises(Refused, match="kendes ikke"):
        steering_figures(ctx, APRIL, Scope(consultant_email="nobody@example.dk"))


def test_median_of_a_distribution() -> None:
    assert median({}) is None
    assert median({3: 1}) == 3
    assert median({1: 2, 10: 2}) == 5.5
    assert median({1: 1, 2: 1, 9: 1}) == 2
