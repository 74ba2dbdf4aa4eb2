"""The time rules for a Fast track request (SPEC §3). Formats are checked at the boundary."""

from __future__ import annotations

from datetime import date, datetime

from fasttrack_core.domain.calendar import local_date
from fasttrack_core.domain.law import EMPLOYER_REQUEST_WINDOW, EXPECTED_ABSENCE
from fasttrack_core.domain.vocabulary import Requester

# The number of days absent from which an employer's request is late (reporting/kpis.py counts
# with it; it should read law.EMPLOYER_REQUEST_WINDOW itself).
EMPLOYER_WINDOW_DAYS = EMPLOYER_REQUEST_WINDOW.calendar_days() + 1


def days_absent_at_request(first_absence_day: date, requested_at: datetime) -> int:
    return (local_date(requested_at) - first_absence_day).days


def request_refusals(
    requested_by: Requester,
    requested_at: datetime,
    first_absence_day: date,
    expected_over_8_weeks: bool,
    now: datetime,
) -> dict[str, str]:
    """Every reason (in Danish) to refuse the request, by the field it concerns; empty when it
    may open a case."""
    reasons: dict[str, str] = {}
    if requested_at > now:
        reasons["requested_at"] = "Anmodningsdatoen ligger i fremtiden."
    days_absent = days_absent_at_request(first_absence_day, requested_at)
    if days_absent < 0:
        reasons["first_absence_day"] = "Første sygedag ligger efter anmodningsdatoen."
    # Only an employer's request is bound by the window (§ 7 d/e: the employee may ask later).
    window = EMPLOYER_REQUEST_WINDOW
    if requested_by is Requester.EMPLOYER and days_absent > window.calendar_days():
        reasons["first_absence_day"] = (
            f"Arbejdsgiveren skal anmode om Fast track inden der er gået {window.value} uger "
            f"fra første sygedag (der var gået {days_absent // 7} uger og {days_absent % 7} "
            "dage). Medarbejderen kan selv anmode."
        )
    if not expected_over_8_weeks:
        reasons["expected_over_8_weeks"] = (
            "Fast track forudsætter, at fraværet forventes at vare mere end "
            f"{EXPECTED_ABSENCE.value} uger."
        )
    return reasons
