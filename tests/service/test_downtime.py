"""Downtime (issue 13 item 2): the system off for a long weekend, then started. The first sweep
catches up: every reminder and escalation that came due meanwhile fires once, and a reminder
whose deadline has passed meanwhile is not sent (only the overdue escalation)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.models import Case, OutboxMessage, Step
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.queries import case_view
from fasttrack_core.services.recording import record_event
from fasttrack_core.services.sweep import advance
from tests.conftest import at

ROUNDTABLE = {
    "participants": [
        {"role": "employee", "name": "Borger"},
        {"role": "leader", "name": "Leder"},
        {"role": "consultant", "name": "Konsulent"},
    ],
    "measures": ["tasks"],
    "actions": [
        {"what": "Lettere opgaver", "owner": "leader", "due": "2026-04-24"},  # a Friday
        {"what": "Nyt hæve-sænkebord", "owner": "leader", "due": "2026-04-28"},  # a Tuesday
    ],
}


def _record(ctx: AppContext, ref: str, kind: str, when: str, data: Any = None) -> None:
    record_event(ctx, ref, kind, at(when), data, as_of=at(when))


def oles_case_with_two_plan_actions(ctx: AppContext, ole: dict[str, Any]) -> str:
    """Ole's case up to the roundtable of 8 April, whose plan has two actions (24 and 28 April)."""
    ref = submit_request(ctx, parse(RequestIn, ole), as_of=at("2026-03-24 12:00")).reference
    _record(ctx, ref, "accepted", "2026-03-25 10:00")
    _record(ctx, ref, "doctor_statement_requested", "2026-03-25 10:05")  # only when needed
    _record(ctx, ref, "doctor_statement_received", "2026-03-30 10:00")
    _record(ctx, ref, "followup_held", "2026-04-01 10:00", {"mode": "in_person"})
    _record(ctx, ref, "roundtable_held", "2026-04-08 14:00", ROUNDTABLE)
    return ref


def sweep_every_hour(ctx: AppContext, start: datetime, end: datetime) -> None:
    """The scheduled sweep, on the hour (the deployment runs every 5 minutes: hourly is enough
    here, as every due time in these cases is on the hour or at 23:59)."""
    moment = start
    while moment <= end:
        advance(ctx, as_of=moment)
        moment += timedelta(hours=1)


def plan_action(ctx: AppContext, ref: str, seq: int) -> Step:
    with ctx.unit_of_work() as session:
        return session.exec(
            select(Step)
            .join(Case)
            .where(col(Case.reference) == ref, col(Step.kind) == "action", col(Step.seq) == seq)
        ).one()


def fired(ctx: AppContext, ref: str) -> Counter[tuple[str, str, int]]:
    """(event kind, step kind, seq) of every reminder and escalation in the case's timeline."""
    return Counter(
        (str(event.kind), event.data["step"], event.data["seq"])
        for event in case_view(ctx, ref).events
        if event.kind in ("reminder_due", "step_overdue")
    )


def message_kinds(ctx: AppContext) -> Counter[str]:
    with ctx.unit_of_work() as session:
        return Counter(session.exec(select(col(OutboxMessage.kind))))


def local(moment: datetime | None) -> datetime | None:
    return moment.astimezone(COPENHAGEN) if moment else None


def test_after_a_long_weekend_off_the_first_sweep_catches_up_once(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    ref = oles_case_with_two_plan_actions(ctx, ole)
    first, second = plan_action(ctx, ref, 1), plan_action(ctx, ref, 2)
    # Action 1 (due Friday 24 April) is reminded two working days before, Wednesday 07:00;
    # action 2 (due Tuesday 28 April) on Friday 24 April 07:00.
    assert local(first.remind_at) == at("2026-04-22 07:00")
    assert local(second.remind_at) == at("2026-04-24 07:00")

    sweep_every_hour(ctx, at("2026-04-08 15:00"), at("2026-04-22 06:00"))
    before = fired(ctx, ref)
    messages_before = message_kinds(ctx)
    # Off from Wednesday 22 April 06:00 to Saturday 25 April 06:00: action 1's reminder and
    # deadline, and action 2's reminder, all pass while nothing runs.
    catch_up = advance(ctx, as_of=at("2026-04-25 06:00"))

    assert catch_up.by_step == {"action:overdue": 1, "action:reminder": 1}
    new = fired(ctx, ref) - before
    assert new == Counter({("step_overdue", "action", 1): 1, ("reminder_due", "action", 2): 1})
    # Action 1 is escalated, not reminded: its reminder came too late to be of use.
    assert ("reminder_due", "action", 1) not in fired(ctx, ref)
    new_messages = message_kinds(ctx) - messages_before
    assert new_messages == Counter({"overdue_escalation": 1, "action_due": 1})

    # Running again, as scheduled, adds only what comes due later: action 2's deadline, once.
    sweep_every_hour(ctx, at("2026-04-25 06:00"), at("2026-04-30 06:00"))
    assert fired(ctx, ref) - before == Counter(
        {
            ("step_overdue", "action", 1): 1,
            ("reminder_due", "action", 2): 1,
            ("step_overdue", "action", 2): 1,
        }
    )
    assert max(fired(ctx, ref).values()) == 1  # every reminder and escalation once
    assert message_kinds(ctx) - messages_before == Counter(
        {"overdue_escalation": 2, "action_due": 1}
    )


def test_one_sweep_after_any_gap_fires_everything_due_up_to_then_once(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    """Nightly catch-up of whatever a missed run skipped is the sweep itself: it selects every
    step whose next check has come (next_check_at <= now), not the ones due in a window since
    the last run. Here no sweep has run since the case opened, seven weeks ago."""
    ref = oles_case_with_two_plan_actions(ctx, ole)
    now = at("2026-05-12 03:00")

    summary = advance(ctx, as_of=now)

    with ctx.unit_of_work() as session:
        steps = list(session.exec(select(Step).join(Case).where(col(Case.reference) == ref)))
    outstanding = [step for step in steps if step.status in ("pending", "overdue")]
    overdue = {(step.kind, step.seq) for step in outstanding if step.due_at <= now}
    reminded = {
        (step.kind, step.seq)
        for step in outstanding
        if step.remind_at is not None and step.remind_at <= now < step.due_at
    }
    # Both plan actions and the review of 6 May are late; the closure's reminder is still ahead.
    assert overdue == {("action", 1), ("action", 2), ("review", 1)}
    assert reminded == set()
    assert fired(ctx, ref) == Counter(
        {("step_overdue", kind, seq): 1 for kind, seq in overdue}
        | {("reminder_due", kind, seq): 1 for kind, seq in reminded}
    )
    assert summary.overdue == len(overdue)
    # Nothing due is left behind, and a second run finds nothing.
    assert all(step.next_check_at is None or step.next_check_at > now for step in steps)
    again = advance(ctx, as_of=now)
    assert (again.due, again.reminded, again.overdue) == (0, 0, 0)
