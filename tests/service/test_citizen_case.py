"""What the employee does through their own link (issue 15): answer within the deadline, wish a
doctor's statement (§ 11 c), book, move and cancel the first talk in the consultant's free times;
every refusal changes nothing, and a double click is harmless."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import col, select, update

from fasttrack_core.clock import FixedClock
from fasttrack_core.db import AppContext
from fasttrack_core.domain.calendar import local_date
from fasttrack_core.domain.vocabulary import StepKind
from fasttrack_core.models import Case, ConsultantAbsence, Event, OutboxMessage, Step
from fasttrack_core.notify.outbox import rendered
from fasttrack_core.presentation.texts.citizen import Problem
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services import booking, citizen_case
from fasttrack_core.services.citizen_access import (
    CitizenGrant,
    CitizenRefused,
    confirm_link,
)
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.recording import record_event
from tests.conftest import at
from tests.service.helpers import table_counts
from tests.service.test_citizen_access import ADDRESS, OLE_BORN, opened_with_link

TALK = StepKind.FIRST_FOLLOWUP


@pytest.fixture
def grant(ctx: AppContext, clock: FixedClock, ole: dict[str, Any]) -> CitizenGrant:
    """Ole has opened his link and given his date of birth (Tuesday 24 March 2026, 10:00)."""
    _, token = opened_with_link(ctx, ole)
    clock.set(at("2026-03-24 10:00"))
    return confirm_link(ctx, token, OLE_BORN, ADDRESS, clock.now())


def refused(ctx: AppContext, act: Any) -> Problem:
    before = table_counts(ctx)
    with pytest.raises(CitizenRefused) as caught:
        act()
    after = table_counts(ctx)
    # A refusal writes nothing but its own audit trail of views.
    assert {k: v for k, v in after.items() if k not in ("audit_entry", "audit_chain")} == {
        k: v for k, v in before.items() if k not in ("audit_entry", "audit_chain")
    }
    return caught.value.problem


def events(ctx: AppContext, kind: str) -> list[Event]:
    with ctx.unit_of_work() as session:
        return list(session.exec(select(Event).where(col(Event.kind) == kind)))


def messages(ctx: AppContext, kind: str) -> list[OutboxMessage]:
    with ctx.unit_of_work() as session:
        return list(
            session.exec(
                select(OutboxMessage)
                .where(col(OutboxMessage.kind) == kind)
                .order_by(col(OutboxMessage.id))
            )
        )


def test_the_employee_accepts_once_and_a_double_click_changes_nothing(
    ctx: AppContext, clock: FixedClock, grant: CitizenGrant
) -> None:
    view = citizen_case.citizen_view(ctx, grant, clock.now())
    assert view.may_answer and view.answer is None
    assert citizen_case.answer(ctx, grant, accept=True, now=clock.now()) == "flash.accepted"
    assert citizen_case.answer(ctx, grant, accept=True, now=clock.now()) == "flash.accepted"
    accepted = events(ctx, "accepted")
    assert [(e.actor, e.occurred_at) for e in accepted] == [("employee", clock.now())]
    assert (
        refused(ctx, lambda: citizen_case.answer(ctx, grant, accept=False, now=clock.now()))
        is Problem.ALREADY_ANSWERED
    )
    assert citizen_case.citizen_view(ctx, grant, clock.now()).answer == "accepted"


def test_after_the_acceptance_deadline_the_answer_is_read_only(
    ctx: AppContext, clock: FixedClock, grant: CitizenGrant
) -> None:
    # BEK 1710/2024 § 4: two bank days from the request (Thursday 26 March, end of day).
    clock.set(at("2026-03-27 08:00"))
    view = citizen_case.citizen_view(ctx, grant, clock.now())
    assert not view.may_answer and view.answer_due is not None
    assert (
        refused(ctx, lambda: citizen_case.answer(ctx, grant, accept=True, now=clock.now()))
        is Problem.ANSWER_CLOSED
    )


def test_the_wish_for_a_doctors_statement_makes_it_a_step_and_tells_the_consultant(
    ctx: AppContext, clock: FixedClock, grant: CitizenGrant
) -> None:
    assert citizen_case.citizen_view(ctx, grant, clock.now()).may_wish_doctor
    assert citizen_case.wish_doctor_statement(ctx, grant, now=clock.now()) == "flash.doctor"
    assert citizen_case.wish_doctor_statement(ctx, grant, now=clock.now()) == "flash.doctor"
    assert [e.actor for e in events(ctx, "doctor_statement_requested")] == ["employee"]
    view = citizen_case.citizen_view(ctx, grant, clock.now())
    assert view.doctor == "asked" and view.doctor_due is not None
    (told,) = messages(ctx, "request_doctor_statement")
    assert "§ 11 c" in rendered(told).text and told.recipients[0].endswith("jobcenter.example.dk")


def _consultant_id(ctx: AppContext, grant: CitizenGrant) -> int:
    with ctx.unit_of_work() as session:
        consultant_id = session.get_one(Case, grant.case_id).consultant_id
    assert consultant_id is not None
    return consultant_id


def test_free_times_leave_out_easter_absences_and_the_consultants_other_meetings(
    ctx: AppContext, clock: FixedClock, grant: CitizenGrant, hanne: dict[str, Any]
) -> None:
    talk = citizen_case.citizen_view(ctx, grant, clock.now()).talk
    assert talk is not None and talk.free
    days = {local_date(t) for t in talk.free}
    assert min(talk.free) >= clock.now() + timedelta(hours=24), "a day's notice (Ishøj)"
    assert not days & {date(2026, 4, 2), date(2026, 4, 3), date(2026, 4, 6)}, "Easter"
    assert max(talk.free) + timedelta(minutes=talk.minutes) <= talk.due_at
    assert date(2026, 3, 31) in days

    # The consultant is away on 31 March, and has another employee's talk on 1 April at 10:00.
    consultant_id = _consultant_id(ctx, grant)
    with ctx.unit_of_work() as session:
        session.add(
            ConsultantAbsence(
                consultant_id=consultant_id, starts_on=date(2026, 3, 31), ends_on=date(2026, 3, 31)
            )
        )
        session.commit()
    other = submit_request(
        ctx, parse(RequestIn, {**hanne, "requested_at": "2026-03-24T09:00:00+01:00",
                               "first_absence_day": "2026-03-20"}),
        as_of=clock.now(),
    ).reference  # fmt: skip
    with ctx.unit_of_work() as session:
        session.execute(
            update(Case).where(col(Case.reference) == other).values(consultant_id=consultant_id)
        )
        session.commit()
    busy = at("2026-04-01 10:00")
    assert busy in talk.free
    record_event(ctx, other, "followup_booked", clock.now(), {"starts_at": busy.isoformat()},
                 as_of=clock.now())  # fmt: skip
    talk = citizen_case.citizen_view(ctx, grant, clock.now()).talk
    assert talk is not None
    days = {local_date(t) for t in talk.free}
    assert date(2026, 3, 31) not in days
    assert busy not in talk.free and at("2026-04-01 09:30") not in talk.free
    assert at("2026-04-01 11:00") in talk.free
    assert (
        refused(
            ctx,
            lambda: booking.book_meeting(ctx, grant, kind=TALK, starts_at=busy, now=clock.now()),
        )
        is Problem.SLOT_TAKEN
    )


def test_booking_moving_and_cancelling_the_first_talk_sends_the_invitation_each_time(
    ctx: AppContext, clock: FixedClock, grant: CitizenGrant
) -> None:
    talk = citizen_case.citizen_view(ctx, grant, clock.now()).talk
    assert talk is not None
    first, later = talk.free[0], talk.free[-1]

    def book(starts_at: datetime | None) -> str:
        return booking.book_meeting(ctx, grant, kind=TALK, starts_at=starts_at, now=clock.now())

    assert book(first) == "flash.booked"
    assert book(first) == "flash.booked", "a double click books once"
    (booked,) = events(ctx, "followup_booked")
    assert booked.actor == "employee"
    (invitation,) = messages(ctx, "meeting_invitation")
    assert "ole.hansen@example.dk" in invitation.recipients and len(invitation.recipients) == 2
    ics = invitation.attachments[0]["content"]
    assert "METHOD:REQUEST" in ics and "SEQUENCE:0" in ics

    assert refused(ctx, lambda: book(None)) is Problem.NO_TIME_CHOSEN
    assert refused(ctx, lambda: book(talk.due_at)) is Problem.AFTER_DEADLINE
    assert refused(ctx, lambda: book(at("2026-04-03 10:00"))) is Problem.SLOT_TAKEN  # Good Friday

    assert book(later) == "flash.moved"
    moved = messages(ctx, "meeting_invitation")[-1]
    assert "SEQUENCE:1" in moved.attachments[0]["content"]
    view = citizen_case.citizen_view(ctx, grant, clock.now())
    assert view.talk is not None and view.talk.starts_at == later

    # Less than a day before the talk it can no longer be moved or cancelled here.
    clock.set(later - timedelta(hours=23))
    assert refused(ctx, lambda: book(first)) is Problem.TOO_LATE_TO_CHANGE
    assert (
        refused(ctx, lambda: booking.cancel_meeting(ctx, grant, kind=TALK, now=clock.now()))
        is Problem.TOO_LATE_TO_CHANGE
    )

    clock.set(later - timedelta(hours=25))
    assert booking.cancel_meeting(ctx, grant, kind=TALK, now=clock.now()) == "flash.cancelled"
    assert booking.cancel_meeting(ctx, grant, kind=TALK, now=clock.now()) == "flash.cancelled"
    cancelled = messages(ctx, "meeting_invitation")[-1]
    assert "METHOD:CANCEL" in cancelled.attachments[0]["content"]
    with ctx.unit_of_work() as session:
        talk_step = session.exec(select(Step).where(col(Step.kind) == "first_followup")).one()
    assert talk_step.scheduled_at is None


def test_the_employee_sees_no_cause_notes_or_answers_the_employer_gave(
    ctx: AppContext, clock: FixedClock, grant: CitizenGrant, ole: dict[str, Any]
) -> None:
    with ctx.unit_of_work() as session:
        reference = session.get_one(Case, grant.case_id).reference
    note = {"note": "Lederen nævnte samarbejdsproblemer"}
    record_event(ctx, reference, "accepted", clock.now(), note, as_of=clock.now())
    view = citizen_case.citizen_view(ctx, grant, clock.now())
    shown = repr(view)
    for secret in ("samarbejdsproblemer", "musculoskeletal", "tunge løft", "Lise Berg", "12345674"):
        assert secret not in shown
    assert [e.key for e in view.events] == ["event.requested", "event.accepted"]
    assert view.events[1].by == "centre"
