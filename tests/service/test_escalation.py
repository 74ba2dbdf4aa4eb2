"""Who hears that a step has passed its deadline (SPEC §6; issue 13): the team lead, and in a job
centre without one a named fallback. The escalation is never dropped."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from fasttrack_core.db import AppContext
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.configuration import load_config
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.sweep import advance
from fasttrack_core.services.users import add_user
from tests.conftest import at
from tests.service.test_notifications import outbox

INSTALLATION_ADMIN = "drift@kommune.example.dk"
CENTRE_ADMIN = "admin@ishoj.jobcenter.example.dk"  # Ishøj's configured admin_email (demo)
ADMIN_USER = "it-admin@ishoj.example.dk"


def ishoj_without_team_lead(ctx: AppContext, admin_email: str | None) -> list[str]:
    """Load Ishøj again, without its team lead (and with `admin_email` as its administrator);
    return the load's warnings."""
    admin_line = f'admin_email = "{admin_email}"\n' if admin_email else ""
    text = f'[[job_centre]]\nmunicipality = "183"\nname = "Jobcenter Ishøj"\n{admin_line}'
    with ctx.unit_of_work() as session:
        return load_config(session, text, "ishoj.toml", at("2026-03-24 08:00"))["warnings"]


def escalations_after_the_answer_is_late(ctx: AppContext, ole: dict[str, Any]) -> list[list[str]]:
    """Ole's case opens; the employee's answer is due within 2 bank days and does not come."""
    submit_request(ctx, parse(RequestIn, ole), as_of=at("2026-03-24 12:00"))
    summary = advance(ctx, as_of=at("2026-03-27 07:00"))
    assert summary.by_step["acceptance:overdue"] == 1
    return [m.recipients for m in outbox(ctx) if m.kind == "overdue_escalation"]


@pytest.fixture
def deployed(ctx: AppContext) -> AppContext:
    """The context as an installation builds it, with FASTTRACK_ADMIN_EMAIL set."""
    return replace(ctx, admin_email=INSTALLATION_ADMIN)


def test_escalation_goes_to_the_team_lead(deployed: AppContext, ole: dict[str, Any]) -> None:
    assert escalations_after_the_answer_is_late(deployed, ole) == [
        ["teamleder@ishoj.jobcenter.example.dk"]
    ]


def test_without_a_team_lead_the_escalation_goes_to_the_job_centres_admin(
    deployed: AppContext, ole: dict[str, Any]
) -> None:
    ishoj_without_team_lead(deployed, CENTRE_ADMIN)
    assert escalations_after_the_answer_is_late(deployed, ole) == [[CENTRE_ADMIN]]


def test_without_a_configured_admin_the_job_centres_admin_user_is_told(
    deployed: AppContext, ole: dict[str, Any]
) -> None:
    ishoj_without_team_lead(deployed, None)
    now = at("2026-03-24 08:00")
    password = "a long enough password"
    add_user(
        deployed,
        "Konsulent",
        "consultant",
        "konsulent@ishoj.example.dk",
        "183",
        password,
        as_of=now,
    )
    add_user(deployed, "Drift", "admin", "drift-uden-center@example.dk", None, password, as_of=now)
    add_user(deployed, "IT", "admin", ADMIN_USER, "183", password, as_of=now)
    assert escalations_after_the_answer_is_late(deployed, ole) == [[ADMIN_USER]]


def test_without_any_admin_at_the_job_centre_the_installation_admin_is_told(
    deployed: AppContext, ole: dict[str, Any]
) -> None:
    ishoj_without_team_lead(deployed, None)
    assert escalations_after_the_answer_is_late(deployed, ole) == [[INSTALLATION_ADMIN]]


def test_loading_a_job_centre_without_a_team_lead_warns_and_names_the_fallback(
    ctx: AppContext,
) -> None:
    [warning] = ishoj_without_team_lead(ctx, CENTRE_ADMIN)
    assert warning == (
        "Jobcenter Ishøj (183) har ingen teamleder (team_lead_email): eskaleringer af "
        f"overskredne frister går i stedet til jobcentrets administrator ({CENTRE_ADMIN})."
    )
    [warning] = ishoj_without_team_lead(ctx, None)
    assert warning.endswith(
        "går i stedet til installationens administrator (FASTTRACK_ADMIN_EMAIL)."
    )


def test_a_job_centre_with_a_team_lead_gives_no_warning(ctx: AppContext) -> None:
    text = '[[job_centre]]\nmunicipality = "183"\nname = "Jobcenter Ishøj"\n'
    text += 'team_lead_email = "teamleder@ishoj.jobcenter.example.dk"\n'
    with ctx.unit_of_work() as session:
        assert load_config(session, text, "ishoj.toml", at("2026-03-24 08:00"))["warnings"] == []
