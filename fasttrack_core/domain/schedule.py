"""When each step of a case is due (SPEC §4), and when its consultant is reminded (SPEC §6)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from fasttrack_core.domain.calendar import (
    COPENHAGEN,
    HolidayCalendar,
    end_of_day,
    local_date,
    subtract_working_days,
)
from fasttrack_core.domain.law import DECLINED_FIRST_FOLLOWUP, DOCTOR_STATEMENT_MINIMUM, ROUNDTABLE
from fasttrack_core.domain.policy import Offset, Policy, RoundtableAnchor, start_of_day
from fasttrack_core.domain.reassessment import Spell, reassessment_month_end
from fasttrack_core.domain.vocabulary import Cause, Requester, StepKind

REMINDER_HOUR = time(7, 0)


@dataclass(frozen=True)
class PlannedStep:
    kind: StepKind
    due_at: datetime
    seq: int = 1
    owner: str | None = None
    title: str | None = None
    done: bool = False  # done as the case opens (the notice; an answer given with the request)


class Consent(StrEnum):
    """Where the employee stands on Fast track when the case opens (§ 13 b, stk. 3; BEK
    1710/2024 § 4)."""

    ASKED = "asked"  # the employer asked, the employee's answer is awaited (2 bank days)
    AGREED = "agreed"  # the employer asked and the request carries the employee's yes
    DECLINED = "declined"  # the employer asked and the request carries the employee's no
    OWN_REQUEST = "own_request"  # the employee asked (§ 7 e): nothing to answer

    @classmethod
    def of(cls, requested_by: Requester, employee_agrees: bool | None) -> Consent:
        if requested_by is Requester.EMPLOYEE:
            return cls.OWN_REQUEST
        if employee_agrees is None:
            return cls.ASKED
        return cls.AGREED if employee_agrees else cls.DECLINED


def opening_steps(
    policy: Policy,
    requested_at: datetime,
    first_absence_day: date,
    cause: Cause | None,
    calendar: HolidayCalendar,
    *,
    notice_at: datetime,
    consent: Consent,
    previous_absence: Sequence[Spell] = (),
) -> list[PlannedStep]:
    """The steps a new case starts with; the notice is dispatched at `notice_at` (intake)."""
    steps = [
        PlannedStep(StepKind.NOTICE, policy.notice.due_from(requested_at, calendar), done=True)
    ]
    floor: datetime | None = None
    if consent is not Consent.OWN_REQUEST:
        # law.ACCEPTANCE: 2 bank days from the dispatch of the notice, only when an employer asks.
        answer_due = policy.acceptance.due_from(notice_at, calendar)
        steps.append(
            PlannedStep(StepKind.ACCEPTANCE, answer_due, done=consent is not Consent.ASKED)
        )
        floor = answer_due  # law.AFTER_ACCEPTANCE

    def not_before_answer(due: datetime) -> datetime:
        return due if floor is None else max(due, floor)

    if consent is Consent.DECLINED:
        # § 13 b, stk. 3: the ordinary follow-up, first talk by the end of week 8; no roundtable.
        followup_due = not_before_answer(declined_followup_due(first_absence_day))
    else:
        followup_due = not_before_answer(policy.first_followup.due_from(requested_at, calendar))
    if policy.doctor_statement_always:
        # The municipality asks the GP at intake; otherwise only when the consultant records
        # `doctor_statement_requested` (§ 11 a).
        statement = doctor_statement_due(policy, requested_at, followup_due, calendar)
        steps.append(PlannedStep(StepKind.DOCTOR_STATEMENT, not_before_answer(statement.due_at)))
    steps += [
        # § 24: reassessed before the benefit ends (law.REASSESSMENT).
        PlannedStep(
            StepKind.REASSESSMENT,
            end_of_day(reassessment_month_end(first_absence_day, previous_absence)),
        ),
    ]
    if consent is Consent.DECLINED:
        return [*steps, PlannedStep(StepKind.FIRST_FOLLOWUP, followup_due)]
    roundtable_due = not_before_answer(
        roundtable_due_after(policy, requested_at, first_absence_day, followup_due, calendar)
    )
    steps += [
        PlannedStep(StepKind.FIRST_FOLLOWUP, followup_due),
        PlannedStep(StepKind.ROUNDTABLE, roundtable_due),
    ]
    if cause is not None and cause in policy.empowerment_talk_causes:
        # Lyngby-Taarbæk: an individual talk with the employee before the roundtable.
        steps.append(PlannedStep(StepKind.EMPOWERMENT_TALK, roundtable_due))
    return steps


@dataclass(frozen=True)
class StatementDeadline:
    due_at: datetime
    # Even the doctor's shortest deadline ends after the first talk's: the talk should move.
    after_first_talk: bool


def doctor_statement_due(
    policy: Policy, gp_asked_at: datetime, talk_due: datetime | None, calendar: HolidayCalendar
) -> StatementDeadline:
    """The doctor's deadline (law.DOCTOR_STATEMENT_BY_FIRST_TALK): the policy's 14 days from the
    request to the GP, shortened to the first talk's deadline while the talk is outstanding, but
    never below law.DOCTOR_STATEMENT_MINIMUM (8 days)."""
    usual = policy.doctor_statement.due_from(gp_asked_at, calendar)
    if talk_due is None or usual <= talk_due:
        return StatementDeadline(usual, after_first_talk=False)
    shortest = end_of_day(DOCTOR_STATEMENT_MINIMUM.last_day(local_date(gp_asked_at)))
    if shortest <= talk_due:
        return StatementDeadline(talk_due, after_first_talk=False)
    return StatementDeadline(shortest, after_first_talk=True)


def roundtable_due_after(
    policy: Policy,
    requested_at: datetime,
    first_absence_day: date,
    followup_at: datetime,
    calendar: HolidayCalendar,
) -> datetime:
    """The roundtable's deadline from the policy's anchor. Holding it needs the first talk
    (`followup_at`: its deadline, or when it was held): when the anchor's deadline comes before
    that, law.ROUNDTABLE's days after the talk apply instead."""
    anchors = {
        RoundtableAnchor.REQUEST: requested_at,
        RoundtableAnchor.FIRST_FOLLOWUP: followup_at,
        RoundtableAnchor.FIRST_ABSENCE_DAY: start_of_day(first_absence_day),
    }
    due = policy.roundtable.due_from(anchors[policy.roundtable_after], calendar)
    if due < followup_at:
        return Offset(ROUNDTABLE.value, ROUNDTABLE.unit).due_from(followup_at, calendar)
    return due


def declined_followup_due(first_absence_day: date) -> datetime:
    """Without Fast track the first talk is due by the end of a week of absence
    (law.DECLINED_FIRST_FOLLOWUP: week 8)."""
    return end_of_day(DECLINED_FIRST_FOLLOWUP.last_day(first_absence_day))


def next_review_due(
    policy: Policy, held_at: datetime, requested: date | None, calendar: HolidayCalendar
) -> datetime:
    """The next review: the date agreed at the meeting, else one review interval later."""
    if requested is not None:
        return end_of_day(requested)
    return policy.review_interval.due_from(held_at, calendar)


def latest_review_date(policy: Policy, held_at: datetime, calendar: HolidayCalendar) -> date:
    return local_date(policy.review_interval.due_from(held_at, calendar))


def reminder_at(
    due_at: datetime, created_at: datetime, policy: Policy, calendar: HolidayCalendar
) -> datetime | None:
    """Morning of the working day `reminder_working_days` before the deadline; None if past."""
    if policy.reminder_working_days <= 0:
        return None
    day = subtract_working_days(local_date(due_at), policy.reminder_working_days, calendar)
    at = datetime.combine(day, REMINDER_HOUR, tzinfo=COPENHAGEN)
    return at if at > created_at else None
