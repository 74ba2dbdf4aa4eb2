"""The time rules for a Fast track request (SPEC §3). Formats are checked at the boundary."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from fasttrack_core.domain.calendar import local_date
from fasttrack_core.domain.law import (
    EMPLOYEE_REQUEST_WINDOW,
    EMPLOYER_REQUEST_WINDOW,
    EXPECTED_ABSENCE,
)
from fasttrack_core.domain.reasons import Reason
from fasttrack_core.domain.vocabulary import Requester

# The number of days absent from which an employer's request is late (reporting/kpis.py counts
# with it; it should read law.EMPLOYER_REQUEST_WINDOW itself).
EMPLOYER_WINDOW_DAYS = EMPLOYER_REQUEST_WINDOW.calendar_days() + 1


class IntakeRefusal(StrEnum):
    """Why a request is refused by the time rules (each a `Reason`'s code)."""

    REQUESTED_IN_FUTURE = "requested_in_future"
    ABSENCE_AFTER_REQUEST = "absence_after_request"
    EMPLOYER_LATE = "employer_late"
    EMPLOYEE_LATE = "employee_late"
    NOT_OVER_8_WEEKS = "not_over_8_weeks"
    SELF_REQUEST_DECLINED = "self_request_declined"


def days_absent_at_request(first_absence_day: date, requested_at: datetime) -> int:
    return (local_date(requested_at) - first_absence_day).days


def request_refusals(
    requested_by: Requester,
    requested_at: datetime,
    first_absence_day: date,
    expected_over_8_weeks: bool,
    now: datetime,
    *,
    employee_agrees: bool | None = None,
) -> dict[str, Reason]:
    """Every reason (in Danish, with its `IntakeRefusal` code) to refuse the request, by the
    field it concerns; empty when it may open a case."""
    reasons: dict[str, Reason] = {}
    if requested_at > now:
        reasons["requested_at"] = Reason(
            "Anmodningsdatoen ligger i fremtiden.", IntakeRefusal.REQUESTED_IN_FUTURE
        )
    days_absent = days_absent_at_request(first_absence_day, requested_at)
    elapsed = {"weeks": days_absent // 7, "days": days_absent % 7}
    if days_absent < 0:
        reasons["first_absence_day"] = Reason(
            "Første sygedag ligger efter anmodningsdatoen.", IntakeRefusal.ABSENCE_AFTER_REQUEST
        )
    if requested_by is Requester.EMPLOYER and days_absent > EMPLOYER_REQUEST_WINDOW.calendar_days():
        reasons["first_absence_day"] = Reason(
            f"Arbejdsgiveren skal anmode om Fast track inden der er gået "
            f"{EMPLOYER_REQUEST_WINDOW.value} uger fra første sygedag ({_elapsed(days_absent)}).",
            IntakeRefusal.EMPLOYER_LATE,
            window=EMPLOYER_REQUEST_WINDOW.value,
            **elapsed,
        )
    if requested_by is Requester.EMPLOYEE and days_absent > EMPLOYEE_REQUEST_WINDOW.calendar_days():
        # law.EMPLOYEE_REQUEST_WINDOW: § 7 e, the statute text not found; secondary sources.
        reasons["first_absence_day"] = Reason(
            f"Medarbejderen skal anmode om Fast track inden der er gået "
            f"{EMPLOYEE_REQUEST_WINDOW.value} uger fra første sygedag ({_elapsed(days_absent)}). "
            "Jobcentret følger op på sygemeldingen på den almindelige måde.",
            IntakeRefusal.EMPLOYEE_LATE,
            window=EMPLOYEE_REQUEST_WINDOW.value,
            **elapsed,
        )
    if not expected_over_8_weeks:
        reasons["expected_over_8_weeks"] = Reason(
            "Fast track forudsætter, at fraværet forventes at vare mere end "
            f"{EXPECTED_ABSENCE.value} uger.",
            IntakeRefusal.NOT_OVER_8_WEEKS,
            weeks=EXPECTED_ABSENCE.value,
        )
    if requested_by is Requester.EMPLOYEE and employee_agrees is False:
        reasons["employee_agrees"] = Reason(
            "Medarbejderen har selv anmodet om Fast track og kan ikke samtidig takke nej.",
            IntakeRefusal.SELF_REQUEST_DECLINED,
        )
    return reasons


def _elapsed(days_absent: int) -> str:
    return f"der var gået {days_absent // 7} uger og {days_absent % 7} dage"
