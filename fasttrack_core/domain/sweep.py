"""What a sweep must do with a step at a given time: remind, mark overdue and escalate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Trigger(StrEnum):
    REMINDER = "reminder"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class StepTiming:
    due_at: datetime
    remind_at: datetime | None
    reminded: bool
    overdue: bool


def triggers_at(step: StepTiming, now: datetime) -> list[Trigger]:
    """The triggers that have fired by `now` and were not handled before.

    A reminder is pointless once the deadline has passed: then only the escalation fires.
    """
    if not step.overdue and step.due_at <= now:
        return [Trigger.OVERDUE]
    if not step.reminded and step.remind_at is not None and step.remind_at <= now < step.due_at:
        return [Trigger.REMINDER]
    return []


def next_check_at(step: StepTiming) -> datetime | None:
    """When the sweep must look at this step again; None when nothing more can fire."""
    if step.overdue:
        return None
    if not step.reminded and step.remind_at is not None and step.remind_at < step.due_at:
        return step.remind_at
    return step.due_at
