"""Timeliness (issue 17 item 1) on hand-built cases in Ishøj at each boundary: a first talk on day
14 and on day 15 after the request, 7 and 8 days late, one never held, a decline (the end of
week 8), and a paused case whose paused days are not counted as late (April 2026)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlmodel import col

from fasttrack_core.db import AppContext
from fasttrack_core.models import Case, Event
from fasttrack_core.reporting.figures import SteeringFigures, steering_figures
from fasttrack_core.reporting.periods import Period, Scope
from fasttrack_core.reporting.timeliness import DEADLINES
from tests.conftest import at
from tests.reporting.test_kpis import record, request, submit

APRIL = Period(date(2026, 4, 1), date(2026, 4, 30))
ISHOJ = Scope(municipality="183")


def _talk(
    ctx: AppContext, ole: dict[str, Any], serial: int, requested: str, held: str | None
) -> str:
    """A case at the employer's request, accepted the next day, its first talk held at `held`."""
    reference = submit(ctx, request(ole, serial, at(requested), "2026-03-16"))
    record(ctx, reference, "accepted", requested[:10] + " 15:00")
    if held is not None:
        record(ctx, reference, "followup_held", held, {"mode": "in_person"})
    return reference


def _pause(ctx: AppContext, reference: str, paused: str, resumed: str) -> None:
    """`paused` and `resumed` as the pause helper records them (issue 14.4). They are not on main
    yet, so the events are written as rows: the report reads the kinds by name."""
    with ctx.unit_of_work() as session:
        case_id = session.execute(
            select(col(Case.id)).where(col(Case.reference) == reference)
        ).scalar_one()
        rows = [
            (("paused", at(paused), {"reason": "standby", "resume_on": resumed[:10]})),
            (("resumed", at(resumed), {})),
        ]
        for kind, moment, data in rows:
            session.execute(
                insert(Event).values(
                    case_id=case_id,
                    kind=kind,
                    occurred_at=moment,
                    recorded_at=moment,
                    actor="konsulent",
                    data=data,
                )
            )
        session.commit()


@pytest.fixture
def figures(ctx: AppContext, ole: dict[str, Any]) -> SteeringFigures:
    # Requests in April, first absence 16 March (day 16-23: inside the 5-week window). The first
    # talk is due by the end of day 14 after the request (§ 13 b, stk. 2).
    _talk(ctx, ole, 1, "2026-04-01 10:00", "2026-04-15 10:00")  # day 14: on time
    _talk(ctx, ole, 2, "2026-04-02 10:00", "2026-04-17 10:00")  # day 15: 1 day late
    _talk(ctx, ole, 3, "2026-04-03 10:00", "2026-04-24 10:00")  # due 17 April: 7 days late
    _talk(ctx, ole, 4, "2026-04-06 10:00", "2026-04-28 10:00")  # due 20 April: 8 days late
    _talk(ctx, ole, 5, "2026-04-08 10:00", None)  # due 22 April, not held by 30 April: 8 days
    # Paused 14-25 April: due 21 April, held 25 April, 4 days after the deadline, all paused.
    paused = _talk(ctx, ole, 6, "2026-04-07 10:00", None)
    _pause(ctx, paused, "2026-04-14 09:00", "2026-04-25 08:00")
    record(ctx, paused, "followup_held", "2026-04-25 10:00", {"mode": "in_person"})
    # Declined: first absence 20 February, so the talk is due by the end of week 8 (16 April).
    declined = submit(ctx, request(ole, 7, at("2026-03-20 10:00"), "2026-02-20"))
    record(ctx, declined, "declined", "2026-03-21 10:00")
    record(ctx, declined, "followup_held", "2026-04-16 14:00", {"mode": "in_person"})
    return steering_figures(ctx, APRIL, ISHOJ)


def test_first_talk_boundaries_paused_days_and_a_decline(figures: SteeringFigures) -> None:
    talks = figures.current.timeliness.by_deadline["first_talk"].as_dict()
    assert talks == {
        "on_time": 2,  # day 14; the paused case (4 days late, all of them paused)
        "week": 2,  # day 15 (1 day late) and 7 days late
        "three_weeks": 2,  # 8 days late, held; 8 days late at the end of April, not held
        "later": 0,
        "open": 0,
        "late_not_done": 1,
        "judged": 6,
        "on_time_share": 2 / 6,
    }
    declined = figures.current.timeliness.by_deadline["first_talk_declined"].as_dict()
    assert (declined["on_time"], declined["judged"]) == (1, 1)  # held on the last day of week 8
    values = figures.current.values
    assert values["on_time_first_talk_share"] == 2 / 6
    assert values["on_time_first_talk_declined_share"] == 1.0
    assert values["late_over_3_weeks"] == 0


def test_breakdowns_by_job_centre_workplace_and_pseudonymous_consultant(
    figures: SteeringFigures, ole: dict[str, Any]
) -> None:
    by = figures.to_json()["breakdowns"]["timeliness"]["by"]
    assert [row["label"] for row in by["job_centre"]] == ["Jobcenter Ishøj"]
    cvr = ole["employer"]["cvr"]
    assert [row["label"] for row in by["workplace"]] == [
        f"CVR {cvr} · {ole['employer']['workplace']}"
    ]
    assert all(row["label"].startswith("Konsulent ") for row in by["consultant"])
    assert sum(row["deadlines"]["first_talk"]["judged"] for row in by["consultant"]) == 6
    # Every deadline is there, with where its definition comes from.
    assert {d.key for d in DEADLINES} == set(
        figures.to_json()["breakdowns"]["timeliness"]["deadlines"]
    )
    assert all(d.rule.source for d in DEADLINES)


def test_the_previous_period_is_measured_the_same_way(figures: SteeringFigures) -> None:
    march = figures.before.timeliness.by_deadline["first_talk"]
    assert march.judged == 0  # no first talk was due in March
    rows = {row.kpi.key: row for row in figures.rows()}
    assert rows["on_time_first_talk_share"].missed
    assert rows["on_time_first_talk_share"].change == "ingen sammenligning"
