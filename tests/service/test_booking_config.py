"""Booking in the configuration (issue 15): a job centre's opening hours, meeting types and
closing days, a consultant's own hours and CalDAV account; what is wrong is refused, whole, and
a CalDAV password is never taken from the file."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.vocabulary import StepKind
from fasttrack_core.errors import Refused
from fasttrack_core.models import BookingSetup, Consultant, ConsultantCalendar, JobCentre
from fasttrack_core.services.configuration import load_config
from fasttrack_core.services.free_times import rules_for_centre
from tests.conftest import at

FILE = """
[[consultant]]
municipality = "101"
name = "Ny Konsulent"
email = "ny@kk.example.dk"
working_hours = {{ mandag = "08:00-12:00" }}
caldav = {{ url = "https://kalender.example.dk/ny/arbejde/", username = "ny", {secret} }}

[[job_centre]]
municipality = "101"
name = "Jobcenter København"

[booking.101]
working_hours = {{ {hours} }}
meeting_minutes = {{ first_followup = 45 }}
closing_days = [2026-12-28]
change_until_hours = 48
"""


def load(ctx: AppContext, hours: str = 'tirsdag = "09:00-14:00"', secret: str = "") -> None:
    secret = secret or 'password_env = "FASTTRACK_CALDAV_NY"'
    with ctx.unit_of_work() as session:
        load_config(
            session, FILE.format(hours=hours, secret=secret), "kk.toml", at("2026-03-24 12:00")
        )


def test_a_job_centres_booking_rules_and_a_consultants_calendar_are_loaded(ctx: AppContext) -> None:
    load(ctx)
    with ctx.unit_of_work() as session:
        centre = session.exec(
            select(JobCentre).where(col(JobCentre.municipality_code) == "101")
        ).one()
        assert centre.id is not None
        rules = rules_for_centre(session, centre.id)
        consultant = session.exec(
            select(Consultant).where(col(Consultant.email) == "ny@kk.example.dk")
        ).one()
        own = session.exec(
            select(ConsultantCalendar).where(col(ConsultantCalendar.consultant_id) == consultant.id)
        ).one()
    assert rules.working_hours == {1: (time(9, 0), time(14, 0))}
    assert rules.minutes(StepKind.FIRST_FOLLOWUP) == 45 and rules.minutes(StepKind.ROUNDTABLE) == 90
    assert rules.closing_days == frozenset({date(2026, 12, 28)})
    assert rules.change_until == timedelta(hours=48)
    assert own.working_hours == {"0": ["08:00", "12:00"]}
    assert own.caldav_password_env == "FASTTRACK_CALDAV_NY"


def _rules_of_101(ctx: AppContext) -> dict[int, tuple[time, time]]:
    with ctx.unit_of_work() as session:
        centre = session.exec(
            select(JobCentre).where(col(JobCentre.municipality_code) == "101")
        ).one()
        assert centre.id is not None
        return dict(rules_for_centre(session, centre.id).working_hours)


def test_booking_rules_loaded_again_count_from_the_next_read(ctx: AppContext) -> None:
    load(ctx)
    assert _rules_of_101(ctx) == {1: (time(9, 0), time(14, 0))}  # read (and parsed) once
    load(ctx, hours='onsdag = "10:00-13:00"')
    assert _rules_of_101(ctx) == {2: (time(10, 0), time(13, 0))}


@pytest.mark.parametrize(
    ("hours", "secret", "message"),
    [
        ('fredagen = "09:00-12:00"', "", "ukendt ugedag"),
        ('mandag = "15:00-09:00"', "", "slutter"),
        ('mandag = "9-12"', "", "klokkeslæt"),
        ('mandag = "09:00-12:00"', 'password = "hemmelig"', "adgangskode må ikke"),
    ],
)
def test_a_wrong_booking_configuration_is_refused_and_changes_nothing(
    ctx: AppContext, hours: str, secret: str, message: str
) -> None:
    with pytest.raises(Refused, match=message):
        load(ctx, hours, secret)
    with ctx.unit_of_work() as session:
        assert not session.exec(
            select(JobCentre).where(col(JobCentre.municipality_code) == "101")
        ).all()
        assert len(session.exec(select(BookingSetup)).all()) == 2  # the demo's Ishøj and Varde
