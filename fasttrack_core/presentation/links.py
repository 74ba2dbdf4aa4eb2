"""Where the web app shows a case, a consultant's tasks and the public page about Fast track:
the paths its routes serve, and the absolute links that emails carry (`base_url` without a
trailing slash, as the application context holds it)."""

from __future__ import annotations

CASE_PATH = "/sager/{reference}"
TASKS_PATH = "/opgaver"
PUBLIC_INFO_PATH = "/om-fast-track"
CITIZEN_PATH = "/borger"
EMPLOYER_PATH = "/arbejdsgiver"


def case_path(reference: str) -> str:
    return CASE_PATH.format(reference=reference)


def case_link(base_url: str, reference: str) -> str:
    """The case page, for the job centre's staff (it needs signing in)."""
    return base_url + case_path(reference)


def tasks_link(base_url: str) -> str:
    """A consultant's task list."""
    return base_url + TASKS_PATH


def public_info_link(base_url: str) -> str:
    """The page about Fast track, for the employee, the leader and other participants."""
    return base_url + PUBLIC_INFO_PATH


# The leader's pages (issue 16): public, no sign-in; an alert's answer page by its token only.
LEADER_PATH = "/leder"
TALK_PATH = "/leder/sygefravaerssamtale"
SCREENING_PATH = "/leder/screening"
CONCERN_PATH = "/leder/bekymring"
LEADER_INFO_PATH = "/leder/information"
REQUEST_FORM_PATH = "/anmodning"
ALERT_ANSWER_PATH = "/leder/fravaersalarm/{token}"


def alert_answer_link(base_url: str, token: str) -> str:
    return base_url + ALERT_ANSWER_PATH.format(token=token)


def _in(language: str) -> str:
    """The pages open in the language of the messages (Danish by default)."""
    return "" if language == "da" else f"?lang={language}"


def citizen_link(base_url: str, token: str, language: str = "da") -> str:
    """The employee's personal link (issue 15): it asks for the date of birth first."""
    return f"{base_url}{CITIZEN_PATH}/{token}{_in(language)}"


def employer_link(base_url: str, token: str, language: str = "da") -> str:
    """The employer side's link to book the roundtable (issue 15; where the policy allows)."""
    return f"{base_url}{EMPLOYER_PATH}/{token}{_in(language)}"
