"""Varde (issue 15): the workplace books the roundtable in the consultant's calendar without
calling, through a link of its own in the leader's receipt, confirmed with the employer's CVR
number. It sees the roundtable and nothing of the employee's case; elsewhere no such link."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlmodel import col, select

from fasttrack_core.clock import FixedClock
from fasttrack_core.db import AppContext
from fasttrack_core.domain.vocabulary import StepKind
from fasttrack_core.models import Event, OutboxMessage
from fasttrack_core.notify.outbox import rendered
from fasttrack_core.presentation.texts.citizen import Problem
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services import booking, citizen_case
from fasttrack_core.services.citizen_access import (
    Audience,
    CitizenAction,
    CitizenRefused,
    confirm_link,
)
from fasttrack_core.services.intake import submit_request
from tests.conftest import at
from tests.service.test_citizen_access import ADDRESS, OLE_BORN

CVR = "12345674"  # Ole's employer (the example request)


def links(ctx: AppContext, ole: dict[str, Any], municipality: str) -> dict[str, str]:
    """Ole's case opened in the municipality; the personal links of each message kind."""
    request = {**ole, "employee": {**ole["employee"], "residence_municipality": municipality}}
    submit_request(ctx, parse(RequestIn, request), as_of=at("2026-03-24 09:30"))
    found = {}
    with ctx.unit_of_work() as session:
        for message in session.exec(select(OutboxMessage)):
            link = re.search(r"/(borger|arbejdsgiver)/([A-Za-z0-9_-]{43})", rendered(message).text)
            if link:
                found[message.kind] = link.group(2)
                if message.kind == "leader_receipt":
                    assert message.recipients == ["lise.berg@example.dk", "personale@example.dk"]
    return found


def problem(ctx: AppContext, token: str, typed: str, audience: Audience) -> Problem:
    with pytest.raises(CitizenRefused) as caught:
        confirm_link(ctx, token, typed, ADDRESS, ctx.clock.now(), audience)
    return caught.value.problem


def test_only_a_job_centre_whose_policy_allows_it_sends_the_workplace_a_link(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    assert set(links(ctx, ole, "183")) == {"employee_notice"}  # Ishøj


def test_the_workplace_books_the_roundtable_and_sees_nothing_else(
    ctx: AppContext, clock: FixedClock, ole: dict[str, Any]
) -> None:
    found = links(ctx, ole, "573")  # Varde
    employer, employee = found["leader_receipt"], found["employee_notice"]
    clock.set(at("2026-03-24 10:00"))
    assert problem(ctx, employer, OLE_BORN, Audience.EMPLOYER) is Problem.NOT_RECOGNISED
    assert problem(ctx, employer, "12345675", Audience.EMPLOYER) is Problem.NOT_RECOGNISED
    assert problem(ctx, employee, CVR, Audience.EMPLOYER) is Problem.NOT_RECOGNISED
    assert problem(ctx, employer, OLE_BORN, Audience.EMPLOYEE) is Problem.NOT_RECOGNISED

    grant = confirm_link(ctx, employer, f" {CVR} ", ADDRESS, clock.now(), Audience.EMPLOYER)
    assert grant.actions == frozenset({CitizenAction.BOOK_ROUNDTABLE})
    with pytest.raises(CitizenRefused) as caught:
        citizen_case.citizen_view(ctx, grant, clock.now())
    assert caught.value.problem is Problem.NOT_ALLOWED
    with pytest.raises(CitizenRefused):
        booking.book_meeting(
            ctx, grant, kind=StepKind.FIRST_FOLLOWUP, starts_at=clock.now(), now=clock.now()
        )

    view = booking.employer_view(ctx, grant, clock.now())
    assert view.roundtable is not None and view.roundtable.minutes == 60  # Varde's meeting
    shown = repr(view)
    assert "Ole" not in shown and "musculoskeletal" not in shown
    chosen = view.roundtable.free[0]
    done = booking.book_meeting(
        ctx, grant, kind=StepKind.ROUNDTABLE, starts_at=chosen, now=clock.now()
    )
    assert done == "flash.booked"
    with ctx.unit_of_work() as session:
        (booked,) = session.exec(select(Event).where(col(Event.kind) == "roundtable_booked"))
        (invitation,) = session.exec(
            select(OutboxMessage).where(col(OutboxMessage.kind) == "meeting_invitation")
        )
    assert booked.actor == "employer"
    assert {"ole.hansen@example.dk", "lise.berg@example.dk"} <= set(invitation.recipients)
    assert len(invitation.recipients) == 3  # and the consultant
