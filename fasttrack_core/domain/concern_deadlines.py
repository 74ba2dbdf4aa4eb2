"""Which deadline of a concern (issue 16; `domain/concern.py`) the sweep watches, and when it
reminds: the deadline of the next step not yet done (the steps run in order), with the Fast track
steps' rules: the reminder lead (`Policy.reminder_working_days`, `law.REMINDER_LEAD`: the job
centre's practice, not law; `schedule.reminder_at`) and the triggers (`sweep.triggers_at`: no
reminder once the deadline has passed, only the escalation)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from fasttrack_core.domain.calendar import (
    HolidayCalendar,
    add_working_days,
    end_of_day,
    local_date,
)
from fasttrack_core.domain.concern import ConcernStatus
from fasttrack_core.domain.policy import Policy
from fasttrack_core.domain.schedule import reminder_at
from fasttrack_core.domain.sweep import StepTiming


class ConcernStep(StrEnum):
    CONTACT = "contact"
    TALK = "talk"
    EFFORT = "effort"


CONCERN_STEP_LABELS: dict[ConcernStep, str] = {
    ConcernStep.CONTACT: "Kontakt til medarbejderen (bekymring)",
    ConcernStep.TALK: "Samtale (bekymring)",
    ConcernStep.EFFORT: "Aftalt indsats (bekymring)",
}

# The step a concern in each status waits for; a concern with its effort agreed, converted or
# closed waits for none.
AWAITED: dict[ConcernStatus, ConcernStep] = {
    ConcernStatus.OPEN: ConcernStep.CONTACT,
    ConcernStatus.CONTACTED: ConcernStep.TALK,
    ConcernStatus.TALK_HELD: ConcernStep.EFFORT,
}


def concern_timing(
    due_at: datetime,
    received_at: datetime,
    reminded: bool,
    overdue: bool,
    policy: Policy,
    calendar: HolidayCalendar,
) -> StepTiming:
    """A concern's deadline timed as a Fast track step is: reminded `reminder_working_days`
    before it (none if that moment came before the concern did)."""
    remind_at = reminder_at(due_at, received_at, policy, calendar)
    return StepTiming(due_at=due_at, remind_at=remind_at, reminded=reminded, overdue=overdue)


def reminder_horizon(
    policies: Iterable[Policy], now: datetime, calendar: HolidayCalendar
) -> datetime:
    """A moment no deadline whose reminder has come by `now` lies after, under any of the
    policies: the end of the day the longest reminder lead reaches from today (a reminder comes
    `lead` working days before its deadline's day)."""
    lead = max((policy.reminder_working_days for policy in policies), default=0)
    return end_of_day(add_working_days(local_date(now), max(lead, 0), calendar))
