"""Fast track on concern (issue 16) on SQLite and PostgreSQL: a leader's concern before any
absence, its own steps in order (contact within the policy's working days, a talk, an agreed
effort), and its becoming a Fast track case without retyping, its timeline kept."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from fasttrack_core.db import AppContext
from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.domain.vocabulary import EventKind
from fasttrack_core.errors import Refused
from fasttrack_core.models import ConcernCase
from fasttrack_core.schemas import parse
from fasttrack_core.services.audit import Actor
from fasttrack_core.services.concern import (
    ConcernIn,
    ConversionIn,
    close_concern,
    concern_events,
    convert_concern,
    raise_concern,
    record_concern_step,
)
from fasttrack_core.services.queries import case_view
from tests.conftest import at
from tests.service.helpers import event_kinds, table_counts

ACTOR = Actor("konsulent@kolding.example.dk")
QUESTIONS = {
    "affected_functions": "Løft og forflytninger",
    "affected_since": "Tre uger",
    "adaptation_tried": "Lettere opgaver i en uge",
}


def concern(**changes: Any) -> ConcernIn:
    """Ole's leader calls Kolding's retention phone before he is sick-listed (Monday 23 March)."""
    payload: dict[str, Any] = {
        "raised_by": "leader",
        "channel": "phone",
        "received_at": "2026-03-23T10:00:00+01:00",
        "employee": {
            "name": "Ole Jensen",
            "cpr": "0304782678",
            "email": "ole@example.dk",
            "residence_municipality": "621",
        },
        "employer": {"cvr": "29189595", "name": "Plejecentret", "workplace": "Ældreplejen"},
        "leader": {"name": "Lise Leder", "email": "lise@example.dk"},
        "concern": "Ondt i ryggen efter løft; overvejer at sygemelde sig.",
        "employee_consents": True,
    }
    return parse(ConcernIn, payload | changes)


def row(ctx: AppContext, reference: str) -> ConcernCase:
    with ctx.unit_of_work() as session:
        from sqlmodel import select

        found = session.exec(select(ConcernCase).where(ConcernCase.reference == reference)).one()
        session.expunge(found)
        return found


def local(moment: datetime) -> str:
    return moment.astimezone(COPENHAGEN).strftime("%Y-%m-%d %H:%M")


def test_a_concern_opens_with_its_own_steps_due_from_the_policy(ctx: AppContext) -> None:
    result = raise_concern(ctx, concern(), as_of=at("2026-03-23 10:00"), actor=ACTOR)
    assert result.created and result.reference.startswith("FB-2026-")
    opened = row(ctx, result.reference)
    assert opened.status == "open" and opened.channel == "phone"
    assert opened.consultant_id is not None  # Kolding: the consultant on duty takes it
    assert local(opened.contact_due) == "2026-03-25 23:59"  # 2 working days
    assert local(opened.talk_due) == "2026-03-30 23:59"  # 7 days
    assert local(opened.effort_due) == "2026-04-06 23:59"  # 14 days
    again = raise_concern(ctx, concern(), as_of=at("2026-03-23 11:00"), actor=ACTOR)
    assert (again.reference, again.created) == (result.reference, False)


def test_the_steps_are_recorded_in_order(ctx: AppContext) -> None:
    reference = raise_concern(ctx, concern(), as_of=at("2026-03-23 10:00"), actor=ACTOR).reference
    with pytest.raises(Refused, match="først registreres"):
        record_concern_step(
            ctx, reference=reference, kind=EventKind.CONCERN_TALK_HELD,
            as_of=at("2026-03-24 09:00"), actor=ACTOR,
        )  # fmt: skip
    for kind, when in (
        (EventKind.CONCERN_CONTACTED, "2026-03-24 09:00"),
        (EventKind.CONCERN_TALK_HELD, "2026-03-26 13:00"),
        (EventKind.CONCERN_EFFORT_AGREED, "2026-03-26 14:00"),
    ):
        record_concern_step(ctx, reference=reference, kind=kind, as_of=at(when), actor=ACTOR)
    assert row(ctx, reference).status == "effort_agreed"
    assert concern_events(ctx, reference) == [
        "concern_raised",
        "concern_contacted",
        "concern_talk_held",
        "concern_effort_agreed",
    ]


def test_a_concern_becomes_a_fast_track_case_without_retyping(ctx: AppContext) -> None:
    reference = raise_concern(ctx, concern(), as_of=at("2026-03-23 10:00"), actor=ACTOR).reference
    record_concern_step(
        ctx, reference=reference, kind=EventKind.CONCERN_CONTACTED,
        as_of=at("2026-03-24 09:00"), actor=ACTOR, note="Ringet op",
    )  # fmt: skip
    record_concern_step(
        ctx, reference=reference, kind=EventKind.CONCERN_TALK_HELD,
        as_of=at("2026-03-26 13:00"), actor=ACTOR,
    )  # fmt: skip
    # Sick-listed on Monday 30 March; the leader's answers come with the conversion.
    conversion = parse(
        ConversionIn,
        {"first_absence_day": "2026-03-30", "expected_over_8_weeks": True, "questions": QUESTIONS},
    )
    result = convert_concern(
        ctx, reference=reference, conversion=conversion, as_of=at("2026-03-31 09:00"), actor=ACTOR
    )
    assert result.created and result.reference.startswith("FT-2026-")
    view = case_view(ctx, result.reference)
    assert view.channel == "phone" and view.requested_by == "employer"
    kinds = event_kinds(ctx, result.reference)
    # The concern's timeline first (it happened first), then the request and the conversion.
    assert kinds[:3] == ["concern_raised", "concern_contacted", "concern_talk_held"]
    assert {"requested", "assigned", "converted_from_concern"} <= set(kinds[3:])
    converted = row(ctx, reference)
    assert converted.status == "converted" and converted.case_id is not None
    assert concern_events(ctx, reference)[-1] == "converted_from_concern"
    # Finished: nothing more is recorded on the concern, and it frees the employee for a new one.
    with pytest.raises(Refused, match="afsluttet eller overgået"):
        record_concern_step(
            ctx, reference=reference, kind=EventKind.CONCERN_EFFORT_AGREED,
            as_of=at("2026-04-01 09:00"), actor=ACTOR,
        )  # fmt: skip


def test_a_conversion_the_request_rules_refuse_writes_nothing(ctx: AppContext) -> None:
    reference = raise_concern(ctx, concern(), as_of=at("2026-03-23 10:00"), actor=ACTOR).reference
    before = table_counts(ctx)
    not_long = parse(
        ConversionIn, {"first_absence_day": "2026-03-30", "expected_over_8_weeks": False}
    )
    with pytest.raises(Refused):  # no answers to the three questions, and not over 8 weeks
        convert_concern(
            ctx, reference=reference, conversion=not_long, as_of=at("2026-03-31 09:00"),
            actor=ACTOR,
        )  # fmt: skip
    no_day = parse(ConversionIn, {"expected_over_8_weeks": True, "questions": QUESTIONS})
    with pytest.raises(Refused, match="første sygedag"):
        convert_concern(
            ctx, reference=reference, conversion=no_day, as_of=at("2026-03-31 09:00"), actor=ACTOR
        )
    assert table_counts(ctx) == before
    assert row(ctx, reference).status == "open"


def test_a_gp_concern_needs_the_employees_consent_and_is_the_doctor_channel(
    ctx: AppContext,
) -> None:
    with pytest.raises(Refused, match="samtykke"):
        concern(raised_by="doctor", employee_consents=False)
    gp = concern(raised_by="doctor", channel="email", employer=None, leader=None)
    reference = raise_concern(ctx, gp, as_of=at("2026-03-23 10:00"), actor=ACTOR).reference
    assert row(ctx, reference).channel == "doctor"
    close_concern(ctx, reference=reference, outcome="resolved", as_of=at("2026-04-02 10:00"),
                  actor=ACTOR)  # fmt: skip
    closed = row(ctx, reference)
    assert (closed.status, closed.outcome, closed.open_cpr_hash) == ("closed", "resolved", None)
    # A leader's concern must name the workplace.
    with pytest.raises(Refused, match="lederen"):
        concern(employer=None)
