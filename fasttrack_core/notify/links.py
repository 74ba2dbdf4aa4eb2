"""Where links in messages point: the case page for the job centre's staff, the page about Fast
track for everyone else (the employee, the leader and other participants cannot sign in)."""

from __future__ import annotations

PUBLIC_INFO_PATH = "/om-fast-track"


def case_link(base_url: str, reference: str) -> str:
    """The case page (it needs a job centre sign-in)."""
    return f"{base_url}/sager/{reference}"


def public_info_link(base_url: str) -> str:
    """The page about Fast track."""
    return f"{base_url}{PUBLIC_INFO_PATH}"


def tasks_link(base_url: str) -> str:
    """The consultant's task list."""
    return f"{base_url}/opgaver"
