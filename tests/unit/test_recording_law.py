"""The recording rules of issue 11 (LAW.md § 4, defects 3, 5, 8 and 9), one test per rule, each
with its source. Computed without a database: `domain.effects` and `domain.schedule`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from fasttrack_core.domain.effects import Effects, EventRefused, Situation, effects_of
from fasttrack_core.domain.law import PARTIAL_ABSENCE_MINIMUM
from fasttrack_core.domain.transitions import CaseSnapshot, StepRef, StepState
from fasttrack_core.domain.vocabulary import CaseStatus, EventKind, StepKind, StepStatus
from tests.conftest import at
from tests.unit.test_effects import (
    CALENDAR,
    DEFAULT,
    OLE_FIRST_ABSENCE,
    OLE_REQUEST,
    effects,
    marked,
    opened,
    with_plan,
)


def recorded(
    kind: EventKind,
    status: CaseStatus,
    steps: Sequence[StepState],
    when: str,
    data: Mapping[str, Any],
    normal_hours_per_week: float | None = None,
) -> Effects:
    situation = Situation(
        case=CaseSnapshot(status, tuple(steps)),
        requested_at=OLE_REQUEST,
        first_absence_day=OLE_FIRST_ABSENCE,
        policy=DEFAULT,
        calendar=CALENDAR,
        at=at(when),
        normal_hours_per_week=normal_hours_per_week,
    )
    return effects_of(kind, situation, data)


# --- first_talk_in_person: sygedagpengeloven § 13 b, stk. 1, jf. stk. 4 og 5 ----------------------


@pytest.mark.parametrize("mode", ["phone", "video"])
def test_first_talk_in_person_refuses_phone_or_video_without_a_reason(mode: str) -> None:
    # § 13 b, stk. 1: «Den første opfølgning sker ved en individuel samtale med personligt
    # fremmøde, jf. dog stk. 4 og 5».
    steps = marked(opened(), StepStatus.DONE, StepKind.ACCEPTANCE)
    with pytest.raises(EventRefused, match=r"personligt fremmøde.*begrundelse"):
        effects(
            EventKind.FOLLOWUP_HELD, CaseStatus.ACCEPTED, steps, "2026-03-31 10:00", {"mode": mode}
        )


def test_first_talk_in_person_accepts_phone_with_a_reason() -> None:
    # § 13 b, stk. 4 and 5: the exceptions; the consultant records which.
    steps = marked(opened(), StepStatus.DONE, StepKind.ACCEPTANCE)
    data = {"mode": "phone", "reason": "Sengeliggende efter operation"}
    held = effects(EventKind.FOLLOWUP_HELD, CaseStatus.ACCEPTED, steps, "2026-03-31 10:00", data)
    assert held.complete == (StepRef(StepKind.FIRST_FOLLOWUP),)


def test_first_talk_in_person_needs_no_reason_in_person() -> None:
    steps = marked(opened(), StepStatus.DONE, StepKind.ACCEPTANCE)
    held = effects(
        EventKind.FOLLOWUP_HELD,
        CaseStatus.ACCEPTED,
        steps,
        "2026-03-31 10:00",
        {"mode": "in_person"},
    )
    assert held.status is CaseStatus.FOLLOWUP_HELD


# --- partial_absence_minimum: § 53, stk. 1; 4 hours a week (secondary: cabiweb.dk, sygeguide.dk) --


def test_partial_absence_minimum_is_4_hours_a_week() -> None:
    assert (PARTIAL_ABSENCE_MINIMUM.value, PARTIAL_ABSENCE_MINIMUM.unit) == (4, "hours")


def test_partial_absence_minimum_refuses_half_an_hour_of_absence_in_a_37_hour_job() -> None:
    # LAW.md § 4, defect 9: 36.5 hours worked of 37 is 0.5 hours' absence.
    with pytest.raises(EventRefused, match=r"Fraværet er 0,5 timer.*mindst 4 timers fravær"):
        recorded(
            EventKind.PARTIAL_RETURN,
            CaseStatus.PLAN_ACTIVE,
            with_plan(),
            "2026-04-14 08:00",
            {"hours_per_week": 36.5},
            normal_hours_per_week=37,
        )


def test_partial_absence_minimum_accepts_exactly_4_hours_of_absence() -> None:
    back = recorded(
        EventKind.PARTIAL_RETURN,
        CaseStatus.PLAN_ACTIVE,
        with_plan(),
        "2026-04-14 08:00",
        {"hours_per_week": 33},
        normal_hours_per_week=37,
    )
    assert back.partial_return_hours == 33
    assert back.event_data == {"normal_hours_per_week": 37, "absence_hours_per_week": 4}


def test_partial_absence_minimum_reads_the_normal_hours_from_the_event_before_the_request() -> None:
    # The event's normal hours win (the job may have changed since the request); they are kept.
    back = recorded(
        EventKind.PARTIAL_RETURN,
        CaseStatus.PLAN_ACTIVE,
        with_plan(),
        "2026-04-14 08:00",
        {"hours_per_week": 20, "normal_hours_per_week": 30},
        normal_hours_per_week=37,
    )
    assert back.normal_hours_per_week == 30
    assert back.event_data["absence_hours_per_week"] == 10


def test_partial_absence_minimum_cannot_be_checked_without_the_normal_hours() -> None:
    with pytest.raises(EventRefused, match="normale ugentlige arbejdstid kendes ikke"):
        recorded(
            EventKind.PARTIAL_RETURN,
            CaseStatus.PLAN_ACTIVE,
            with_plan(),
            "2026-04-14 08:00",
            {"hours_per_week": 20},
        )
