"""Which deadlines a pause stops, by the law (domain/pause.py), and how far they move."""

from datetime import date, datetime

from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.domain.pause import (
    Pause,
    PauseReason,
    days_paused,
    shifted,
    stops,
)
from fasttrack_core.domain.vocabulary import StepKind


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=COPENHAGEN)


def test_standby_stops_the_statutory_first_talk_13_b_stk_5() -> None:
    assert stops(PauseReason.STANDBY, StepKind.FIRST_FOLLOWUP)
    assert stops(PauseReason.STANDBY, StepKind.RETURN_CHECK)


def test_waiting_for_treatment_stops_only_the_job_centres_own_deadlines() -> None:
    assert not stops(PauseReason.TREATMENT, StepKind.FIRST_FOLLOWUP)
    for kind in (StepKind.ROUNDTABLE, StepKind.REVIEW, StepKind.ACTION, StepKind.EMPOWERMENT_TALK):
        assert stops(PauseReason.TREATMENT, kind)


def test_no_pause_stops_the_acceptance_the_gps_deadline_or_the_24_reassessment() -> None:
    for reason in PauseReason:
        for kind in (StepKind.ACCEPTANCE, StepKind.DOCTOR_STATEMENT, StepKind.REASSESSMENT):
            assert not stops(reason, kind)


def test_a_deadline_at_the_end_of_a_day_stays_there_across_summer_time() -> None:
    # 2026-03-29 is the change to summer time in Denmark.
    assert shifted(at("2026-03-25 23:59:59"), 7) == at("2026-04-01 23:59:59")
    assert shifted(at("2026-04-01 23:59:59"), -7) == at("2026-03-25 23:59:59")


def test_paused_days_are_danish_calendar_days_from_the_pause() -> None:
    pause = Pause(at("2026-03-26 09:00"), PauseReason.STANDBY, date(2026, 4, 9))
    assert pause.planned_days == 14
    assert days_paused(pause, at("2026-04-02 08:00")) == 7
    assert days_paused(pause, at("2026-03-26 17:00")) == 0
