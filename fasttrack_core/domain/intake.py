"""The time rules for a Fast track request (SPEC §3). Formats are checked at the boundary."""

from __future__ import annotations

from datetime import date, datetime

from fasttrack_core.domain.calendar import local_date
from fasttrack_core.domain.vocabulary import Requester

# § 7 c; the leaflet: "inden der er gået 5 uger fra første sygedag". The first day of absence
# is day 0, so an employer request is in time up to and including day 34.
EMPLOYER_WINDOW_DAYS = 5 * 7


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
    # § 7 c: only an employer's request is bound by the 5-week window (§ 7 d/e: the employee
    # may ask later).
    if requested_by is Requester.EMPLOYER and days_absent >= EMPLOYER_WINDOW_DAYS:
        reasons["first_absence_day"] = (
            "Arbejdsgiveren skal anmode om Fast track inden der er gået 5 uger fra første sygedag "
            f"(der var gået {days_absent // 7} uger og {days_absent % 7} dage). "
            "Medarbejderen kan selv anmode."
        )
    # § 7 c: Fast track is for an absence expected to last more than 8 weeks.
    if not expected_over_8_weeks:
        reasons["expected_over_8_weeks"] = (
            "Fast track forudsætter, at fraværet forventes at vare mere end 8 uger."
        )
    return reasons
