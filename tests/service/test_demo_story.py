"""The demo that shows the work (issue 14, item 9): on first start each demo login has a full
screen, told through the real use cases at past business times."""

from __future__ import annotations

from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.vocabulary import CaseStatus, StepKind
from fasttrack_core.models import Case, JobCentre, Step
from fasttrack_core.services.queue import QueueReason, team_queue
from fasttrack_core.services.workload import tasks_of
from fasttrack_core.simulation.demo_story import DEMO_CONSULTANT, tell_demo_story
from tests.conftest import at

NOW = at("2026-03-25 11:00")  # a Wednesday


def test_the_demo_consultant_has_work_overdue_due_today_and_later_this_week(
    ctx: AppContext,
) -> None:
    tell_demo_story(ctx, now=NOW)
    tasks = tasks_of(ctx, DEMO_CONSULTANT, as_of=NOW)
    assert tasks.consultant == "Mette Holm"
    assert tasks.overdue, "nothing overdue"
    assert tasks.today, "nothing due today"
    assert tasks.this_week, "nothing due later this week"


def test_every_case_status_is_among_the_demo_teams_cases_and_one_has_a_plan(
    ctx: AppContext,
) -> None:
    story = tell_demo_story(ctx, now=NOW)
    with ctx.unit_of_work() as session:
        ishoj = session.exec(
            select(col(JobCentre.id)).where(col(JobCentre.municipality_code) == "183")
        ).one()
        statuses = set(
            session.exec(select(col(Case.status)).where(col(Case.job_centre_id) == ishoj))
        )
        actions = session.exec(
            select(col(Step.id))
            .join(Case, col(Case.id) == col(Step.case_id))
            .where(
                col(Case.reference) == story.cases["plan_active"],
                col(Step.kind) == StepKind.ACTION,
            )
        ).all()
    assert statuses == {status.value for status in CaseStatus}
    assert len(actions) == 3


def test_the_demo_team_lead_has_a_handed_back_case_in_the_queue(ctx: AppContext) -> None:
    story = tell_demo_story(ctx, now=NOW)
    with ctx.unit_of_work() as session:
        ishoj = session.exec(
            select(col(JobCentre.id)).where(col(JobCentre.municipality_code) == "183")
        ).one()
    assert ishoj is not None
    queue = team_queue(ctx, ishoj, as_of=NOW)
    assert (story.cases["handed_back"], QueueReason.HANDED_BACK) in {
        (item.reference, item.reason) for item in queue.items
    }
