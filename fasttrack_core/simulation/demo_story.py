"""The demo's story (issue 14, item 9): Ishøj's cases as they stand on the day `fasttrack up`
first starts, so that each demo login sees a full screen.

Mette Holm (the demo consultant) has a step overdue, a deadline today and (unless today is
Sunday) one later this week, a case in every status and a plan with actions; a colleague has
handed a case back to the team's queue; the team lead's overdue list, the admin's audit log and
the steering group's report have something to show. It is told through the real use cases
(intake, the team lead's distribution, recording, the queue's moves, the sweep) at past business
times, never by inserting rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib.resources import files
from typing import Any

from sqlmodel import col, select

from fasttrack_core.clock import FixedClock
from fasttrack_core.db import AppContext
from fasttrack_core.domain.calendar import COPENHAGEN, local_date
from fasttrack_core.models import Case, Consultant
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.assignment import reassign
from fasttrack_core.services.audit import Actor
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.queue import hand_back
from fasttrack_core.services.recording import record_event
from fasttrack_core.services.sweep import advance

DEMO_CONSULTANT = "mette.holm@ishoj.jobcenter.example.dk"
COLLEAGUE = "jonas.krogh@ishoj.jobcenter.example.dk"
TEAM_LEAD = "teamleder@ishoj.jobcenter.example.dk"

# Fictional people (the CPR numbers are valid in form only).
_PEOPLE = (
    ("Anne Kjær", "1203814021"),
    ("Bent Møller", "0507723117"),
    ("Camilla Dahl", "2109853208"),
    ("Dennis Vang", "1411764313"),
    ("Eva Lund", "0302901406"),
    ("Frank Berg", "2708693519"),
    ("Gitte Holm", "1606874620"),
    ("Hans Krog", "0910811731"),
    ("Ida Brandt", "2404924844"),
)


@dataclass(frozen=True)
class DemoStory:
    cases: dict[str, str]  # what each case shows -> its reference


def tell_demo_story(ctx: AppContext, *, now: datetime) -> DemoStory:
    """Ishøj's demo cases up to `now` (the context's clock must be a FixedClock: each use case
    runs at its own past business time); the sweep at `now` marks what is overdue."""
    clock = ctx.clock
    if not isinstance(clock, FixedClock):
        raise TypeError("the demo story needs a FixedClock in the context")
    story = _Story(ctx, clock, local_date(now))
    today = story.today
    week_end = today + timedelta(days=6 - today.weekday())
    later = min(today + timedelta(days=2), week_end)

    overdue = story.request("overdue", today - timedelta(days=20))
    story.record(overdue, "accepted", today - timedelta(days=19))

    due_today = story.request("due_today", today - timedelta(days=14))
    story.record(due_today, "accepted", today - timedelta(days=13))

    if later > today:  # the first talk is due 14 days after the request
        due_later = story.request("due_this_week", later - timedelta(days=14))
        story.record(due_later, "accepted", later - timedelta(days=13))

    story.request("declined", today - timedelta(days=5), agrees=False)
    held = story.request("followup_held", today - timedelta(days=12))
    story.record(held, "accepted", today - timedelta(days=11))
    story.record(held, "followup_held", today - timedelta(days=3))

    plan = story.request("plan_active", today - timedelta(days=30))
    story.record(plan, "accepted", today - timedelta(days=29))
    story.record(plan, "followup_held", today - timedelta(days=21))
    story.record(plan, "roundtable_held", today - timedelta(days=15), _roundtable(today, later))

    closed = story.request("closed", today - timedelta(days=40))
    story.record(closed, "accepted", today - timedelta(days=39))
    story.record(closed, "followup_held", today - timedelta(days=30))
    story.record(closed, "closed", today - timedelta(days=8), {"outcome": "full_return"})

    queued = story.request("handed_back", today - timedelta(days=6), owner=COLLEAGUE)
    story.act(
        today - timedelta(days=1),
        lambda at: hand_back(
            ctx,
            queued,
            consultant_email=COLLEAGUE,
            reason="Mange nye sager i denne uge; en kollega bør tage over.",
            actor=Actor(COLLEAGUE),
            as_of=at,
        ),
    )
    story.request("awaiting_acceptance", today, hour=max(0, min(8, now.hour - 1)))
    clock.set(now)
    advance(ctx, as_of=now)
    return DemoStory(story.cases)


def _roundtable(today: date, later: date) -> dict[str, Any]:
    """The plan: one action overdue, one due later this week, one in ten days."""
    soon, ten_days = str(today - timedelta(days=2)), str(today + timedelta(days=10))
    return {
        "participants": [
            {"role": "employee"},
            {"role": "leader"},
            {"role": "consultant"},
        ],
        "measures": ["tasks", "partial_sick_leave"],
        "actions": [
            {"what": "Aftale om nedsat tid", "owner": "leader", "due": soon},
            {"what": "Tilpasning af opgaver", "owner": "employee", "due": str(later)},
            {"what": "Opfølgning med egen læge", "owner": "employee", "due": ten_days},
        ],
    }


class _Story:
    def __init__(self, ctx: AppContext, clock: FixedClock, today: date) -> None:
        self.ctx, self.clock, self.today = ctx, clock, today
        self.cases: dict[str, str] = {}
        example = files("fasttrack_core").joinpath("examples/request-ole.json").read_text("utf-8")
        self.example: dict[str, Any] = json.loads(example)

    def act(self, day: date, use_case: Callable[[datetime], object], hour: int = 10) -> None:
        at = datetime.combine(day, time(hour), tzinfo=COPENHAGEN)
        self.clock.set(at)
        use_case(at)

    def request(
        self,
        shows: str,
        day: date,
        *,
        agrees: bool | None = None,
        owner: str = DEMO_CONSULTANT,
        hour: int = 9,
    ) -> str:
        """An employer's request from Ishøj at `day`, handed to `owner` by the team lead."""
        name, cpr = _PEOPLE[len(self.cases)]
        payload = {
            **self.example,
            "requested_at": datetime.combine(day, time(hour), tzinfo=COPENHAGEN).isoformat(),
            "first_absence_day": str(day - timedelta(days=10)),
            "employee": {
                **self.example["employee"],
                "name": name,
                "cpr": cpr,
                "email": f"{name.split()[0].lower()}@example.dk",
            },
        }
        if agrees is not None:
            payload["employee_agrees"] = agrees
        request = parse(RequestIn, payload)
        at = request.requested_at
        self.clock.set(at)
        reference = submit_request(self.ctx, request, as_of=at).reference
        self.cases[shows] = reference
        self._give(reference, owner, at)
        return reference

    def _give(self, reference: str, email: str, at: datetime) -> None:
        with self.ctx.unit_of_work() as session:
            wanted = session.exec(select(Consultant).where(col(Consultant.email) == email)).one()
            current = session.exec(
                select(col(Case.consultant_id)).where(col(Case.reference) == reference)
            ).one()
        if wanted.id is not None and current != wanted.id:
            self.clock.set(at + timedelta(minutes=30))
            reassign(
                self.ctx,
                reference,
                wanted.id,
                actor=Actor(TEAM_LEAD),
                as_of=at + timedelta(minutes=30),
            )

    def record(
        self, reference: str, kind: str, day: date, data: dict[str, Any] | None = None
    ) -> None:
        self.act(
            day,
            lambda at: record_event(
                self.ctx, reference, kind, at, data, as_of=at, actor=DEMO_CONSULTANT
            ),
        )
