"""Issue 14 item 8, Roskilde's interdisciplinary team: specialists are configuration per job
centre; booking a roundtable offers the specialist the policy suggests for the case's cause and
invites them with the others; the roundtable records that a specialist took part, and the
steering report counts it. On SQLite and PostgreSQL (the `ctx` fixture)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from sqlalchemy import create_engine, text
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.specialists import SpecialistContact
from fasttrack_core.errors import Refused
from fasttrack_core.models import Case, JobCentre, OutboxMessage
from fasttrack_core.reporting.figures import steering_figures
from fasttrack_core.reporting.periods import Period, Scope
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.configuration import load_config
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.queries import case_view
from fasttrack_core.services.recording import record_event
from fasttrack_core.services.specialists import team_of
from tests.conftest import at
from tests.service.helpers import table_counts
from tests.service.test_ruleset_migration import upgrade

ROSKILDE = "265"
PHYSIOTHERAPIST = SpecialistContact(
    "fysioterapeut", "Lene Aagaard", "lene.aagaard@roskilde.jobcenter.example.dk"
)
ROLES = [{"role": "employee"}, {"role": "leader"}, {"role": "consultant"}]
BOOKING = {
    "starts_at": "2026-03-31T13:00:00+02:00",
    "participants": [
        {"role": "employee", "email": "ole.hansen@example.dk"},
        {"role": "leader", "email": "lise.berg@example.dk"},
    ],
}


def roskilde_team(ctx: AppContext) -> tuple[SpecialistContact, ...]:
    with ctx.unit_of_work() as session:
        centre = session.exec(
            select(JobCentre).where(col(JobCentre.municipality_code) == ROSKILDE)
        ).one()
        assert centre.id is not None
        return team_of(session, centre.id)


@pytest.fixture
def roskilde_case(ctx: AppContext, ole: dict[str, Any]) -> str:
    """Ole (back and shoulder pain: the policy suggests a physiotherapist) living in Roskilde,
    accepted and with the first talk held."""
    ole["employee"]["residence_municipality"] = ROSKILDE
    ref = submit_request(ctx, parse(RequestIn, ole), as_of=at("2026-03-24 12:00")).reference
    record(ctx, ref, "accepted", "2026-03-25 10:00")
    record(ctx, ref, "followup_held", "2026-03-27 10:00")
    return ref


def record(
    ctx: AppContext, ref: str, kind: str, when: str, data: dict[str, Any] | None = None
) -> Any:
    return record_event(ctx, ref, kind, at(when), data, as_of=at(when))


def invitation_to(ctx: AppContext) -> tuple[list[str], str]:
    """The roundtable's invitation: its recipients, and the attendees of its .ics."""
    with ctx.unit_of_work() as session:
        messages = session.exec(
            select(OutboxMessage).where(col(OutboxMessage.kind) == "meeting_invitation")
        ).all()
    (message,) = messages
    (ics,) = [a["content"] for a in message.attachments]
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    attendees = event.get("attendee")
    return list(message.recipients), " ".join(str(a) for a in attendees)


def test_config_load_gives_roskilde_its_interdisciplinary_team(ctx: AppContext) -> None:
    team = roskilde_team(ctx)
    assert PHYSIOTHERAPIST in team
    assert {s.profession for s in team} == {
        "fysioterapeut",
        "psykolog",
        "psykiater",
        "arbejdsmediciner",
        "ergoterapeut",
    }


def test_a_job_centre_the_file_lists_gets_exactly_the_specialists_it_gives(
    ctx: AppContext,
) -> None:
    config = f"""
[[job_centre]]
municipality = "{ROSKILDE}"
name = "Jobcenter Roskilde"
policy = {{ suggest_specialist = true }}

[[specialist]]
municipality = {ROSKILDE}
profession = "psykolog"
name = "Ny Psykolog"
email = "ny.psykolog@roskilde.example.dk"
"""
    with ctx.unit_of_work() as session:
        summary = load_config(session, config, "test", at("2026-03-24 08:00"))
    assert roskilde_team(ctx) == (
        SpecialistContact("psykolog", "Ny Psykolog", "ny.psykolog@roskilde.example.dk"),
    )
    assert summary["specialists"] == 1
    # The policy suggests professions the team no longer has: the load says which.
    assert any("arbejdsmediciner, fysioterapeut, psykiater" in w for w in summary["warnings"])


def test_a_specialist_without_a_valid_email_is_refused_and_nothing_is_written(
    ctx: AppContext,
) -> None:
    config = f"""
[[specialist]]
municipality = "{ROSKILDE}"
profession = "psykolog"
name = "Ny Psykolog"
email = "ikke-en-adresse"
"""
    before = table_counts(ctx)
    with ctx.unit_of_work() as session, pytest.raises(Refused) as refused:
        load_config(session, config, "test", at("2026-03-24 08:00"))
    assert "fagperson 1" in str(refused.value) and "gyldig e-mailadresse" in str(refused.value)
    assert table_counts(ctx) == before


def test_booking_a_roundtable_invites_the_specialist_given_by_profession_with_the_others(
    ctx: AppContext, roskilde_case: str
) -> None:
    booking = {
        **BOOKING,
        "participants": [
            *BOOKING["participants"],
            {"role": "specialist", "profession": "fysioterapeut"},
        ],
    }
    result = record(ctx, roskilde_case, "roundtable_booked", "2026-03-27 11:00", booking)
    assert not [w for w in result.warnings if "tværfaglige team" in w]
    recipients, attendees = invitation_to(ctx)
    assert PHYSIOTHERAPIST.email in recipients
    assert recipients[:2] == ["ole.hansen@example.dk", "lise.berg@example.dk"]
    assert f"mailto:{PHYSIOTHERAPIST.email}" in attendees
    # The booking records the specialist as the team has them.
    events = case_view(ctx, roskilde_case).to_json()["events"]
    booked = next(e for e in events if e["kind"] == "roundtable_booked")
    assert PHYSIOTHERAPIST.as_participant() in booked["data"]["participants"]


def test_a_booking_without_the_suggested_specialist_is_offered_them(
    ctx: AppContext, roskilde_case: str
) -> None:
    result = record(ctx, roskilde_case, "roundtable_booked", "2026-03-27 11:00", BOOKING)
    (offer,) = [w for w in result.warnings if "tværfaglige team" in w]
    assert "fysioterapeut" in offer and PHYSIOTHERAPIST.email in offer
    recipients, _ = invitation_to(ctx)
    assert PHYSIOTHERAPIST.email not in recipients  # an offer, not an invitation


def test_no_specialist_is_offered_where_the_policy_suggests_none(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    ref = submit_request(ctx, parse(RequestIn, ole), as_of=at("2026-03-24 12:00")).reference
    record(ctx, ref, "accepted", "2026-03-25 10:00")
    result = record(ctx, ref, "roundtable_booked", "2026-03-25 11:00", BOOKING)
    assert not [w for w in result.warnings if "tværfaglige team" in w]


def test_the_roundtable_records_a_specialist_and_the_report_counts_the_share(
    ctx: AppContext, roskilde_case: str, ole: dict[str, Any]
) -> None:
    with_specialist = [*ROLES, {"role": "specialist", "profession": "fysioterapeut"}]
    record(ctx, roskilde_case, "roundtable_held", "2026-04-01 14:00", {"participants": ROLES})
    ole["employee"]["cpr"] = "0304781234"  # a second case in Roskilde, with the specialist
    ole["employee"]["residence_municipality"] = ROSKILDE
    second = submit_request(ctx, parse(RequestIn, ole), as_of=at("2026-03-24 13:00")).reference
    record(ctx, second, "accepted", "2026-03-25 10:00")
    record(ctx, second, "followup_held", "2026-03-27 11:00")
    record(ctx, second, "roundtable_held", "2026-04-01 15:00", {"participants": with_specialist})
    with ctx.unit_of_work() as session:
        took_part = dict(
            session.exec(select(col(Case.reference), col(Case.roundtable_specialist))).all()
        )
    assert took_part == {roskilde_case: False, second: True}
    april = Period(date(2026, 4, 1), date(2026, 4, 30))
    figures = steering_figures(ctx, april, Scope(municipality=ROSKILDE))
    assert figures.current.values["roundtables_held"] == 2
    assert figures.current.values["roundtable_specialist_share"] == 0.5


def test_the_migration_marks_old_roundtables_with_a_specialist(tmp_path: Path) -> None:
    # 0010_specialists fills in roundtable_specialist once from the recorded events.
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0007_rulesets")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO job_centre (id, municipality_code, name, policy, steering_emails) "
                "VALUES (1, '265', 'Jobcenter Roskilde', '{}', '[]')"
            )
        )
        for n, participants in ((1, '[{"role": "specialist"}]'), (2, '[{"role": "leader"}]')):
            connection.execute(
                text(
                    "INSERT INTO fasttrack_case (id, reference, job_centre_id, status, "
                    "requested_by, channel, requested_at, ruleset, first_absence_day, "
                    "expected_over_8_weeks, cpr_encrypted, cpr_hash, employee_name, "
                    "employee_email, employment, answers_encrypted, opened_at) VALUES (:n, :ref, "
                    "1, 'plan_active', 'employer', 'web', '2026-03-24 09:00:00.000000', '2025', "
                    "'2026-03-03', 1, 'x', :hash, 'X', 'x@example.dk', 'employed', 'x', "
                    "'2026-03-24 09:00:00.000000')"
                ),
                {"n": n, "ref": f"FT-2026-{n:06d}", "hash": f"{n:064x}"},
            )
            connection.execute(
                text(
                    "INSERT INTO event (case_id, kind, occurred_at, recorded_at, actor, data) "
                    "VALUES (:n, 'roundtable_held', '2026-04-01 12:00:00.000000', "
                    "'2026-04-01 12:00:00.000000', 'konsulent', :data)"
                ),
                {"n": n, "data": f'{{"participants": {participants}}}'},
            )
    upgrade(url, "0010_specialists")
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, roundtable_specialist FROM fasttrack_case ORDER BY id")
        ).all()
    assert [tuple(row) for row in rows] == [(1, 1), (2, 0)]
