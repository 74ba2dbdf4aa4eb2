"""What happens on a generated case: the consultant's and the citizen's doings, in time order.

Every draw comes from the case generator's random generator, in a fixed order, so a seed repeats
a run exactly.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from fasttrack_core.domain.calendar import COPENHAGEN, local_date
from fasttrack_core.domain.vocabulary import Outcome
from fasttrack_core.services.specialists import RoundtablePractice
from fasttrack_core.simulation.generator import Draws

OUTCOMES = (
    Outcome.FULL_RETURN,
    Outcome.PARTIAL_RETURN,
    Outcome.OTHER_JOB_SAME_EMPLOYER,
    Outcome.JOB_CHANGE,
    Outcome.ORDINARY_SICKNESS_CASE,
    Outcome.WITHDRAWN,
)
OUTCOME_WEIGHTS = (55, 15, 8, 5, 12, 5)
MEASURES = (
    "physical_conditions",
    "tasks",
    "other_function",
    "colleague_support",
    "aids_compensation",
    "partial_sick_leave",
    "work_trial",
    "treatment_training",
)

# How often a consultant follows the policy's suggestion of a specialist (a guess for the demo).
SPECIALIST_INVITED = 0.8
PLAIN_ROUNDTABLE = RoundtablePractice(staircase=False, specialist=None)

Doing = tuple[datetime, str, dict[str, Any]]  # when, the event kind, its data


def case_script(
    generator: Draws,
    requested_at: datetime,
    first_absence: date,
    empowerment_talk: bool,
    answer_awaited: bool = True,
    practice: RoundtablePractice = PLAIN_ROUNDTABLE,
    late_days: int = 0,
) -> Iterator[Doing]:
    """The consultant's and the citizen's doings on one case, in time order; the employee
    answers the offer when the case awaits it (an employer's request); the roundtable as the
    job centre holds it (`practice`). A consultant over capacity holds the case's talks and
    meetings `late_days` later."""
    rng = generator.rng
    day0 = local_date(requested_at)
    declined = answer_awaited and rng.random() < 0.1
    answered = day0 + timedelta(days=rng.choice([1, 1, 2, 2, 3, 5]))
    answered_at = generator.at_work(answered)
    if answer_awaited:
        yield answered_at, "declined" if declined else "accepted", {}
    talk_day = yield from _first_talk(
        generator, day0, first_absence, answered_at, declined, late_days
    )
    weeks_to_return = rng.randint(6, 22)
    back = first_absence + timedelta(weeks=weeks_to_return)
    if declined:
        closing = max(talk_day + timedelta(days=1), back)
        # The ordinary follow-up after a decline (§ 13 b, stk. 3): a talk every four weeks.
        review = talk_day + timedelta(weeks=4)
        while review < closing:
            yield generator.at_work(review), "review_held", {}
            review += timedelta(weeks=4)
        yield (
            generator.at_work(closing),
            "closed",
            {"outcome": rng.choice(["declined", "ordinary_sickness_case"])},
        )
        return
    table_day = talk_day + timedelta(days=rng.choice([2, 3, 4, 5, 6, 7, 7, 9, 12]))
    actions = yield from _roundtable(generator, talk_day, table_day, empowerment_talk, practice)
    plan = _plan(generator, actions, table_day, back)
    closing = max(back, table_day + timedelta(days=1))
    # Whatever was planned after the employee is back is not done on this case.
    yield from sorted((e for e in plan if local_date(e[0]) < closing), key=lambda e: e[0])
    outcome = rng.choices(OUTCOMES, OUTCOME_WEIGHTS)[0]
    yield generator.at_work(closing), "closed", {"outcome": str(outcome)}


def _first_talk(
    generator: Draws,
    day0: date,
    first_absence: date,
    answered_at: datetime,
    declined: bool,
    late_days: int,
) -> Generator[Doing, None, date]:
    """The doctor's statement (asked for when the answer comes: the consultant judges it
    necessary, § 11 a), the first follow-up talk booked and held; returns its day."""
    rng = generator.rng
    statement = day0 + timedelta(days=rng.randint(6, 20))
    talk_day = day0 + timedelta(days=rng.choice([rng.randint(4, 13)] * 9 + [rng.randint(15, 21)]))
    if declined:
        talk_day = first_absence + timedelta(days=rng.randint(35, 54))
    talk_day += timedelta(days=late_days)
    talk = datetime.combine(talk_day, time(10, 0), tzinfo=COPENHAGEN)
    booked = min(local_date(answered_at), talk_day - timedelta(days=1))
    events: list[Doing] = [
        (answered_at + timedelta(minutes=5), "doctor_statement_requested", {}),
        (generator.at_work(statement), "doctor_statement_received", {}),
        (
            generator.at_work(booked),
            "followup_booked",
            {
                "starts_at": talk.isoformat(),
                "minutes": 60,
                "location": "Jobcentret",
                "participants": [{"role": "employee"}],  # a summons: e-mail or letter
            },
        ),
        (talk + timedelta(hours=1), "followup_held", {"mode": "in_person"}),
    ]
    yield from sorted(events, key=lambda e: e[0])
    return talk_day


def _roundtable(
    generator: Draws,
    talk_day: date,
    table_day: date,
    empowerment_talk: bool,
    practice: RoundtablePractice,
) -> Generator[Doing, None, list[dict[str, Any]]]:
    """The empowerment talk where the case has one, the roundtable booked and held with its
    plan (the suggested specialist invited, most often; the staircase where the job centre
    uses it); returns the plan's actions."""
    rng = generator.rng
    table = datetime.combine(table_day, time(13, 0), tzinfo=COPENHAGEN)
    invited = (
        [{"role": "specialist", "profession": practice.specialist.profession}]
        if practice.specialist is not None and rng.random() < SPECIALIST_INVITED
        else []
    )
    if empowerment_talk:
        yield generator.at_work(talk_day + timedelta(days=1)), "empowerment_talk_held", {}
    yield (
        generator.at_work(talk_day + timedelta(days=1)),
        "roundtable_booked",
        {
            "starts_at": table.isoformat(),
            "minutes": 90,
            "location": "Arbejdspladsen",
            "participants": invited,
        },
    )
    actions = [
        {
            "what": f"Tiltag {n}",
            "owner": rng.choice(["leader", "employee", "consultant"]),
            "due": (table_day + timedelta(days=rng.randint(7, 21))).isoformat(),
        }
        for n in range(1, rng.randint(1, 3) + 1)
    ]
    held: dict[str, Any] = {
        "participants": [
            {"role": "employee", "name": "Borger"},
            {"role": "leader", "name": "Leder"},
            {"role": "consultant", "name": "Konsulent"},
            *invited,
        ],
        "measures": rng.sample(MEASURES, rng.randint(1, 3)),
        "actions": actions,
    }
    if practice.staircase:
        placement = rng.randint(3, 5)
        held["staircase"] = {"employee": placement, "employer": placement - rng.choice([0, 0, 1])}
    yield table + timedelta(hours=1, minutes=30), "roundtable_held", held
    return actions


def _plan(
    generator: Draws, actions: list[dict[str, Any]], table_day: date, back: date
) -> list[Doing]:
    """The plan carried out (unsorted): actions completed, reviews, perhaps a partial return."""
    rng = generator.rng
    plan: list[Doing] = []
    for n, action in enumerate(actions, start=1):
        done = date.fromisoformat(action["due"]) + timedelta(days=rng.choice([-3, -1, 0, 0, 4]))
        plan.append(
            (
                generator.at_work(max(done, table_day + timedelta(days=1))),
                "action_completed",
                {"action": n},
            )
        )
    review = table_day
    while True:
        review = review + timedelta(weeks=4) - timedelta(days=rng.randint(0, 3))
        if review >= back:
            break
        plan.append((generator.at_work(review), "review_held", {}))
    if rng.random() < 0.45:
        partial = back - timedelta(weeks=rng.randint(2, 4))
        plan.append(
            (
                generator.at_work(max(partial, table_day + timedelta(days=1))),
                "partial_return",
                {"hours_per_week": rng.choice([12, 15, 20, 25, 30])},
            )
        )
    return plan
