"""The task list is bounded: one page at a time, with the counts of the whole; the team's
overview counts per consultant what their task lists hold (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.models import Case, Consultant
from fasttrack_core.services.sweep import advance
from fasttrack_core.services.workload import tasks_of, team_overview
from tests.conftest import at
from tests.service.test_case_search import open_case

MONDAY = at("2026-04-06 09:00")  # the answer overdue, the first talk due this week


def test_a_consultants_tasks_come_a_page_at_a_time_with_the_counts_of_all(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    reference = open_case(ctx, ole, cpr="0304785678", name="Ole Hansen")
    with ctx.unit_of_work() as session:
        case = session.exec(select(Case).where(col(Case.reference) == reference)).one()
        email = session.get_one(Consultant, case.consultant_id).email
    whole = tasks_of(ctx, email, as_of=MONDAY, page_size=100)
    sections = (len(whole.overdue), len(whole.today), len(whole.this_week))
    assert whole.counts == sections and whole.overdue and whole.this_week
    pages = [
        tasks_of(ctx, email, as_of=MONDAY, page_size=1, page=n) for n in range(1, sum(sections) + 1)
    ]
    assert all(p.counts == sections and p.paging.pages == sum(sections) for p in pages)
    shown = [t.label for p in pages for t in p.overdue + p.today + p.this_week]
    assert shown == [t.label for t in whole.overdue + whole.today + whole.this_week]
    past = tasks_of(ctx, email, as_of=MONDAY, page_size=1, page=sum(sections) + 1)
    assert (past.overdue, past.today, past.this_week) == ([], [], [])
    assert past.counts == sections and past.paging.total == sum(sections)


def test_the_teams_overview_counts_per_consultant_what_their_task_lists_hold(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    for number, cpr in enumerate(("0304785678", "0101801234", "0202801234")):
        open_case(ctx, ole, cpr=cpr, name=f"Medarbejder {number}")
    with ctx.unit_of_work() as session:
        centre = session.exec(select(Case.job_centre_id)).first()
    assert centre is not None
    late = at("2026-04-10 09:00")
    team = team_overview(ctx, centre, as_of=late)
    assert team.team.overdue_cases == sum(load.overdue_cases for load in team.loads) == 3
    for load in team.loads:
        tasks = tasks_of(ctx, load.email, as_of=late, page_size=100)
        assert load.overdue_cases == len({task.reference for task in tasks.overdue})
        assert load.due_this_week == tasks.counts[1] + tasks.counts[2]
    assert team.team.due_this_week == sum(load.due_this_week for load in team.loads)


def test_steps_the_sweep_marked_overdue_are_counted_as_before_it_marked_them(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    for number, cpr in enumerate(("0304785678", "0101801234")):
        open_case(ctx, ole, cpr=cpr, name=f"Medarbejder {number}")
    with ctx.unit_of_work() as session:
        centre = session.exec(select(Case.job_centre_id)).first()
    assert centre is not None
    late = at("2026-04-10 09:00")

    def seen() -> tuple[Any, ...]:
        team = team_overview(ctx, centre, as_of=late)
        tasks = [tasks_of(ctx, load.email, as_of=late, page_size=100) for load in team.loads]
        return team.team, [(t.counts, [x.reference for x in t.overdue]) for t in tasks]

    unmarked = seen()
    assert advance(ctx, as_of=late).overdue > 0
    assert seen() == unmarked and unmarked[0].overdue_cases == 2
