"""Configuration (SPEC §9): job centres, consultants, workplaces and the roster as data."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from fasttrack_core.db import AppContext
from fasttrack_core.errors import Refused
from fasttrack_core.models import ConfigChange, Consultant, JobCentre
from fasttrack_core.services.configuration import load_config
from fasttrack_core.services.policies import policy_of
from tests.conftest import at

EXTRA = """
[[job_centre]]
municipality = "101"
name = "Jobcenter København"
policy = { first_followup = "10d", doctor_statement = "9d", reminder_working_days = 1 }

[[consultant]]
municipality = "101"
name = "Ny Konsulent"
email = "ny@kk.example.dk"
fte = 0.5
absences = [{ from = 2026-07-01, to = 2026-07-21 }]
"""


def test_loading_adds_a_job_centre_with_its_policy(ctx: AppContext) -> None:
    with ctx.unit_of_work() as session:
        summary = load_config(session, EXTRA, "extra.toml", at("2026-03-24 12:00"))
    assert summary == {
        "job_centres": 1,
        "consultants": 1,
        "workplaces": 0,
        "specialists": 0,
        "roster_entries": 0,
        "warnings": [
            "Jobcenter København (101) har ingen teamleder (team_lead_email): eskaleringer af "
            "overskredne frister går i stedet til installationens administrator "
            "(FASTTRACK_ADMIN_EMAIL)."
        ],
    }
    with ctx.unit_of_work() as session:
        centre = session.scalars(
            select(JobCentre).where(JobCentre.municipality_code == "101")
        ).one()
        assert str(policy_of(centre).first_followup) == "10d"
        assert (
            session.scalars(select(Consultant).where(Consultant.email == "ny@kk.example.dk"))
            .one()
            .fte
            == 0.5
        )
        sources = list(session.scalars(select(ConfigChange.source).order_by(ConfigChange.id)))
    assert sources == ["demo", "extra.toml"], "every load is recorded"


def test_loading_twice_updates_instead_of_duplicating(ctx: AppContext) -> None:
    with ctx.unit_of_work() as session:
        load_config(session, EXTRA, "extra.toml", at("2026-03-24 12:00"))
        load_config(
            session,
            EXTRA.replace("Ny Konsulent", "Ny Konsulent Jensen"),
            "extra.toml",
            at("2026-03-25 12:00"),
        )
    with ctx.unit_of_work() as session:
        rows = list(
            session.scalars(select(Consultant).where(Consultant.email == "ny@kk.example.dk"))
        )
    assert [c.name for c in rows] == ["Ny Konsulent Jensen"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[job_centre]]\nmunicipality = "101"\nname = "X"\npolicy = { first_followup = "21d" }',
            "14 dage",
        ),
        ('[[job_centre]]\nmunicipality = "999"\nname = "X"', "ukendt kommunekode 999"),
        ("[[job_centre\n", "kan ikke læses"),
        ('[[consultant]]\nmunicipality = "101"\nname = "X"\nemail = "x@y.dk"', "'101'"),
    ],
)
def test_a_bad_file_is_refused_and_changes_nothing(
    ctx: AppContext, text: str, message: str
) -> None:
    with ctx.unit_of_work() as session:
        before = session.scalar(select(func.count()).select_from(JobCentre))
        with pytest.raises(Refused, match=message):
            load_config(session, text, "bad.toml", at("2026-03-24 12:00"))
    with ctx.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(JobCentre)) == before
        assert session.scalar(select(func.count()).select_from(ConfigChange)) == 1
