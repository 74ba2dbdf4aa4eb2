"""Pausing a case (issue 14, item 4): which deadlines stop, and how far they move.

A pause stops the deadlines it may stop ("frozen" steps: no reminder, no escalation while the
case is paused) and moves them by the pause, first by the planned length (to the resume date),
on resume by the length it really had. The law decides which deadlines a pause may stop:

- Standby (`standby`): sygedagpengeloven § 13 b, stk. 5, the standby scheme for a seriously ill
  person. Its number is verified through BEK om opfølgning i sygedagpengesager, kapitel 5 ("I
  sager, hvor den sygemeldte benytter standby-ordningen, jf. § 13 b, stk. 5"); its content is
  secondary (borger.dk: a seriously ill person "behøver hverken at have samtaler eller deltage i
  tilbud"), and § 13 b, stk. 1 makes the first talk in person subject to it ("jf. dog stk. 4 og
  5", verified). So standby stops every follow-up deadline, the first talk's 14 days (§ 13 b,
  stk. 2) and the § 13 f return check included.
- Any other reason (waiting for treatment, other): no provision lets the municipality suspend
  § 13 b for it. Only the deadlines the job centre sets itself stop (roundtable, empowerment
  talk, plan actions, reviews at the municipal interval); the statutory ones run on.
- Never stopped: the employee's acceptance (2 bank days from the letter, BEK 1710/2024 § 4), the
  deadline given to the GP for the doctor's statement (BEK 1710/2024 § 11, stk. 3), and the § 24
  reassessment (counted in benefit weeks, which a pause does not stop).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from fasttrack_core.domain.calendar import COPENHAGEN, local_date
from fasttrack_core.domain.vocabulary import StepKind


class PauseReason(StrEnum):
    STANDBY = "standby"  # § 13 b, stk. 5: illness prevents contact
    TREATMENT = "treatment"  # waiting for a treatment (an operation, a course of therapy)
    OTHER = "other"  # the note says why


PAUSE_REASON_LABELS: dict[PauseReason, str] = {
    PauseReason.STANDBY: "Standby: sygdommen forhindrer kontakt (§ 13 b, stk. 5)",
    PauseReason.TREATMENT: "Venter på behandling",
    PauseReason.OTHER: "Anden grund",
}

# Deadlines the job centre sets itself: any pause stops them.
POLICY_DEADLINES = frozenset(
    {StepKind.EMPOWERMENT_TALK, StepKind.ROUNDTABLE, StepKind.ACTION, StepKind.REVIEW}
)
# Statutory follow-up deadlines that only standby stops (§ 13 b, stk. 2; § 13 f).
STANDBY_DEADLINES = POLICY_DEADLINES | {StepKind.FIRST_FOLLOWUP, StepKind.RETURN_CHECK}
# The law a paused case's running deadline follows, as the pause warns about it.
RUNS_ON: dict[StepKind, str] = {
    StepKind.FIRST_FOLLOWUP: "sygedagpengeloven § 13 b, stk. 2-3",
    StepKind.RETURN_CHECK: "sygedagpengeloven § 13 f",
    StepKind.ACCEPTANCE: "BEK 1710/2024 § 4",
    StepKind.DOCTOR_STATEMENT: "BEK 1710/2024 § 11, stk. 3",
    StepKind.REASSESSMENT: "sygedagpengeloven § 24",
    StepKind.CLOSURE: "sygedagpengeloven § 24",
}
# The longest pause at a time; a longer one is resumed and paused again (reconsidered).
LONGEST_PAUSE_DAYS = 183


@dataclass(frozen=True)
class Pause:
    """A case's pause as it stands: since when, why, and until when it is planned."""

    since: datetime
    reason: PauseReason
    resume_on: date

    @property
    def planned_days(self) -> int:
        return (self.resume_on - local_date(self.since)).days


def stops(reason: PauseReason, kind: StepKind) -> bool:
    """Whether a pause for `reason` stops the deadline of a step of `kind`."""
    deadlines = STANDBY_DEADLINES if reason is PauseReason.STANDBY else POLICY_DEADLINES
    return kind in deadlines


def shifted(due_at: datetime, days: int) -> datetime:
    """A deadline `days` Danish calendar days later (earlier when negative), at the same local
    time of day (a deadline at the end of a day stays at the end of a day across DST)."""
    local = due_at.astimezone(COPENHAGEN)
    moved = datetime.combine(local.date() + timedelta(days=days), local.timetz())
    return moved.replace(tzinfo=COPENHAGEN)


def days_paused(pause: Pause, until: datetime) -> int:
    """Calendar days from the pause's day to `until`'s day (0 when resumed the same day)."""
    return max(0, (local_date(until) - local_date(pause.since)).days)
