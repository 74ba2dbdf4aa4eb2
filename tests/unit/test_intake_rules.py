"""The time rules of a request (SPEC §3; sygedagpengeloven § 7 c)."""

from datetime import date

from fasttrack_core.domain.intake import request_refusals
from fasttrack_core.domain.vocabulary import Requester
from tests.conftest import at

NOW = at("2026-04-20 12:00")


def refusals(by: Requester, requested: str, first_absence: date, over_8: bool = True) -> list[str]:
    return list(request_refusals(by, at(requested), first_absence, over_8, NOW).values())


def test_employer_request_on_day_34_of_absence_is_in_time() -> None:
    # § 7 c: "inden der er gået 5 uger fra første sygedag" — day 0 is the first day of absence.
    assert refusals(Requester.EMPLOYER, "2026-04-05 10:00", date(2026, 3, 2)) == []


def test_employer_request_when_5_weeks_have_passed_is_refused() -> None:
    # § 7 c: day 35 is after the 5-week window.
    reasons = refusals(Requester.EMPLOYER, "2026-04-06 10:00", date(2026, 3, 2))
    assert len(reasons) == 1
    assert "inden der er gået 5 uger" in reasons[0]


def test_first_absence_day_after_the_request_is_refused() -> None:
    reasons = refusals(Requester.EMPLOYER, "2026-04-01 10:00", date(2026, 4, 2))
    assert reasons == ["Første sygedag ligger efter anmodningsdatoen."]


def test_request_dated_in_the_future_is_refused() -> None:
    reasons = refusals(Requester.EMPLOYER, "2026-04-21 10:00", date(2026, 4, 10))
    assert reasons == ["Anmodningsdatoen ligger i fremtiden."]


def test_request_without_expected_absence_over_8_weeks_is_refused() -> None:
    # § 7 c: Fast track is for an absence expected to last more than 8 weeks.
    reasons = refusals(Requester.EMPLOYER, "2026-04-10 10:00", date(2026, 4, 1), over_8=False)
    assert reasons == ["Fast track forudsætter, at fraværet forventes at vare mere end 8 uger."]


def test_employee_request_window_ends_on_day_34_like_the_employers() -> None:
    # law.EMPLOYEE_REQUEST_WINDOW: § 7 e, the statute text not found; Vordingborg, Rudersdal and
    # Cabi: within the first 5 weeks of absence. Day 34 is in time, day 35 is not.
    assert refusals(Requester.EMPLOYEE, "2026-04-05 10:00", date(2026, 3, 2)) == []
    reasons = refusals(Requester.EMPLOYEE, "2026-04-06 10:00", date(2026, 3, 2))
    assert reasons == [
        "Medarbejderen skal anmode om Fast track inden der er gået 5 uger fra første sygedag "
        "(der var gået 5 uger og 0 dage). Jobcentret følger op på sygemeldingen på den "
        "almindelige måde."
    ]


def test_an_employee_who_asks_cannot_decline_in_the_same_request() -> None:
    reasons = request_refusals(
        Requester.EMPLOYEE,
        at("2026-04-01 10:00"),
        date(2026, 3, 20),
        True,
        NOW,
        employee_agrees=False,
    )
    assert reasons == {
        "employee_agrees": "Medarbejderen har selv anmodet om Fast track og kan ikke samtidig "
        "takke nej."
    }
