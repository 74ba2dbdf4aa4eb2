"""What the sweep does with a step at a given time (SPEC §6)."""

from fasttrack_core.domain.sweep import StepTiming, Trigger, next_check_at, triggers_at
from tests.conftest import at

DUE = at("2026-04-07 23:59")
REMIND = at("2026-04-03 07:00")


def test_reminder_fires_once_between_its_time_and_the_deadline() -> None:
    fresh = StepTiming(DUE, REMIND, reminded=False, overdue=False)
    assert triggers_at(fresh, at("2026-04-03 06:59")) == []
    assert triggers_at(fresh, at("2026-04-03 07:00")) == [Trigger.REMINDER]
    reminded = StepTiming(DUE, REMIND, reminded=True, overdue=False)
    assert triggers_at(reminded, at("2026-04-05 12:00")) == []


def test_overdue_step_escalates_once() -> None:
    reminded = StepTiming(DUE, REMIND, reminded=True, overdue=False)
    assert triggers_at(reminded, at("2026-04-08 00:00")) == [Trigger.OVERDUE]
    escalated = StepTiming(DUE, REMIND, reminded=True, overdue=True)
    assert triggers_at(escalated, at("2026-04-20 00:00")) == []


def test_a_missed_reminder_is_not_sent_after_the_deadline() -> None:
    late = StepTiming(DUE, REMIND, reminded=False, overdue=False)
    assert triggers_at(late, at("2026-04-09 08:00")) == [Trigger.OVERDUE]


def test_next_check_is_the_reminder_then_the_deadline_then_never() -> None:
    assert next_check_at(StepTiming(DUE, REMIND, False, False)) == REMIND
    assert next_check_at(StepTiming(DUE, REMIND, True, False)) == DUE
    assert next_check_at(StepTiming(DUE, None, False, False)) == DUE
    assert next_check_at(StepTiming(DUE, REMIND, True, True)) is None
    assert (
        next_check_at(StepTiming(DUE, REMIND, False, True)) is None
    )  # the missed reminder is dropped
