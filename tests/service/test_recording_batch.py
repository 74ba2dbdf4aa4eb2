"""Many events in one transaction (`services.recording.Recorder`, the simulator's day): each is
recorded exactly as `record_event` records it alone, a refused one writes nothing while the
others stand, and nothing is written until the transaction commits."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import col, select

from fasttrack_core.clock import FixedClock
from fasttrack_core.db import AppContext
from fasttrack_core.errors import Refused
from fasttrack_core.models import Case, Event, Step
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.recording import Recorder, record_event, record_in
from fasttrack_core.services.sweep import advance
from tests.conftest import at
from tests.service.helpers import row_counts
from tests.service.test_recording import ROUNDTABLE

# A case's life, from the answer to the closing (each kind of effect: steps created, completed,
# moved, booked, cancelled; the case closed and its links revoked).
LIFE: list[tuple[str, str, dict[str, Any]]] = [
    ("accepted", "2026-03-25 10:00", {}),
    ("doctor_statement_requested", "2026-03-25 10:05", {}),
    ("followup_booked", "2026-03-26 09:00", {"starts_at": "2026-04-01T10:00:00+02:00"}),
    ("followup_held", "2026-04-01 11:00", {"mode": "in_person"}),
    ("roundtable_held", "2026-04-07 14:00", ROUNDTABLE),
    ("action_completed", "2026-04-13 09:00", {"action": 2}),
    ("partial_return", "2026-04-14 08:00", {"hours_per_week": 20}),
    ("closed", "2026-05-12 08:00", {"outcome": "full_return"}),
]


def _open(ctx: AppContext, request: dict[str, Any], cpr: str) -> str:
    request = {**request, "employee": {**request["employee"], "cpr": cpr}}
    return submit_request(ctx, parse(RequestIn, request), as_of=at("2026-03-24 12:00")).reference


@pytest.fixture
def two_cases(ctx: AppContext, ole: dict[str, Any]) -> tuple[str, str]:
    """Two cases opened from the same request by two employees."""
    return _open(ctx, ole, "1203851234"), _open(ctx, ole, "0507791234")


def _state(ctx: AppContext, reference: str) -> tuple[Any, ...]:
    """What recording wrote on the case: its columns, steps and recorded events (without ids,
    intake's events and the random parts of encryption)."""
    with ctx.unit_of_work() as session:
        case = session.exec(select(Case).where(col(Case.reference) == reference)).one()
        steps = session.exec(
            select(Step).where(col(Step.case_id) == case.id).order_by(col(Step.id))
        ).all()
        events = session.exec(
            select(Event).where(col(Event.case_id) == case.id).order_by(col(Event.id))
        ).all()
        skip = {
            "id",
            "reference",
            "cpr_encrypted",
            "cpr_hash",
            "open_cpr_hash",
            "answers_encrypted",
            "consultant_id",
        }
        return (
            {k: v for k, v in case.model_dump().items() if k not in skip},
            [s.model_dump(exclude={"id", "case_id"}) for s in steps],
            [(e.kind, e.occurred_at, e.recorded_at, e.data) for e in events if e.actor != "system"],
        )


def _record(
    recorder: Recorder, reference: str, kind: str, when: str, data: dict[str, Any] | None = None
) -> Any:
    return recorder.record(reference, kind, at(when), data, as_of=at(when))


def _one_by_one_and_together(
    ctx: AppContext,
    clock: FixedClock,
    two_cases: tuple[str, str],
    script: list[tuple[str, str, dict[str, Any]]],
) -> tuple[Any, Any]:
    """The script recorded event by event on the first case and in one transaction on the
    second; the two cases' states after it."""
    one_by_one, batched = two_cases
    for kind, when, data in script:
        clock.set(at(when))
        record_event(ctx, one_by_one, kind, at(when), data, as_of=at(when))
    with ctx.unit_of_work() as session:
        recorder = Recorder(ctx, session)
        recorder.load([batched])
        for kind, when, data in script:
            clock.set(at(when))
            recorder.record(batched, kind, at(when), data, as_of=at(when))
        session.commit()
    return _state(ctx, one_by_one), _state(ctx, batched)


def test_a_case_recorded_in_one_transaction_ends_as_one_recorded_event_by_event(
    ctx: AppContext, clock: FixedClock, two_cases: tuple[str, str]
) -> None:
    alone, together = _one_by_one_and_together(ctx, clock, two_cases, LIFE)
    assert together == alone
    assert together[0]["status"] == "closed"
    assert [kind for kind, *_ in together[2]] == [kind for kind, _, _ in LIFE]


def test_a_refused_event_writes_nothing_and_the_others_in_the_transaction_stand(
    ctx: AppContext, two_cases: tuple[str, str]
) -> None:
    first, second = two_cases
    before = row_counts(ctx)
    with ctx.unit_of_work() as session:
        recorder = Recorder(ctx, session)
        recorder.load([first, second])
        _record(recorder, first, "accepted", "2026-03-25 10:00")
        with pytest.raises(Refused):  # a review before any roundtable
            _record(recorder, second, "review_held", "2026-03-25 11:00")
        with pytest.raises(Refused):  # no such case
            _record(recorder, "FT-2026-999999", "accepted", "2026-03-25 11:00")
        _record(recorder, second, "accepted", "2026-03-25 12:00")
        result = _record(
            recorder, first, "followup_held", "2026-04-01 11:00", {"mode": "in_person"}
        )
        session.commit()
    assert result.status == "followup_held"
    cases, _, events = row_counts(ctx)
    assert (cases, events) == (before[0], before[2] + 3)
    first_steps = {(s["kind"], s["status"]) for s in _state(ctx, first)[1]}
    assert ("first_followup", "done") in first_steps
    assert [kind for kind, *_ in _state(ctx, second)[2]][-1] == "accepted"


def test_the_same_event_twice_in_one_transaction_is_recorded_once(
    ctx: AppContext, two_cases: tuple[str, str]
) -> None:
    reference, _ = two_cases
    moment = at("2026-03-25 10:00")
    with ctx.unit_of_work() as session:
        recorder = Recorder(ctx, session)
        recorder.load([reference])
        first = recorder.record(reference, "accepted", moment, {}, as_of=moment)
        again = recorder.record(reference, "accepted", moment, {}, as_of=moment)
        session.commit()
    assert (first.duplicate, again.duplicate) == (False, True)
    assert [kind for kind, *_ in _state(ctx, reference)[2]].count("accepted") == 1


def test_nothing_a_recorder_did_is_written_without_the_commit(
    ctx: AppContext, two_cases: tuple[str, str]
) -> None:
    reference, _ = two_cases
    before = row_counts(ctx)
    with ctx.unit_of_work() as session:
        recorder = Recorder(ctx, session)
        _record(recorder, reference, "accepted", "2026-03-25 10:00")
        _record(recorder, reference, "followup_held", "2026-04-01 11:00", {"mode": "in_person"})
    assert row_counts(ctx) == before


def test_an_event_recorded_in_an_earlier_transaction_is_a_duplicate_for_a_loaded_case(
    ctx: AppContext, two_cases: tuple[str, str]
) -> None:
    reference, _ = two_cases
    moment = at("2026-03-25 10:00")
    record_event(ctx, reference, "accepted", moment, {}, as_of=moment)
    with ctx.unit_of_work() as session:
        recorder = Recorder(ctx, session)
        recorder.load([reference])
        again = recorder.record(reference, "accepted", moment, {}, as_of=moment)
        session.commit()
    assert again.duplicate
    assert [kind for kind, *_ in _state(ctx, reference)[2]].count("accepted") == 1


# A booking moved twice: each later booking reads the earlier ones (EARLIER_READ).
REBOOKED: list[tuple[str, str, dict[str, Any]]] = [
    ("accepted", "2026-03-25 10:00", {}),
    ("followup_booked", "2026-03-26 09:00", {"starts_at": "2026-04-01T10:00:00+02:00"}),
    ("followup_booked", "2026-03-27 09:00", {"starts_at": "2026-04-02T10:00:00+02:00"}),
    ("followup_booked", "2026-03-28 09:00", {"starts_at": "2026-04-03T13:00:00+02:00"}),
]


def test_a_booking_in_the_transaction_of_an_earlier_one_reads_it_as_if_alone(
    ctx: AppContext, clock: FixedClock, two_cases: tuple[str, str]
) -> None:
    alone, together = _one_by_one_and_together(ctx, clock, two_cases, REBOOKED)
    assert together == alone
    assert [kind for kind, *_ in together[2]] == [kind for kind, _, _ in REBOOKED]
    # Each booking counted the ones before it, recorded in the same transaction.
    assert [data.get("sequence") for *_, data in together[2][1:]] == [0, 1, 2]


def test_a_recorder_done_leaves_no_listener_on_the_session(
    ctx: AppContext, two_cases: tuple[str, str]
) -> None:
    reference, other = two_cases
    with ctx.unit_of_work() as session:
        before = len(session.dispatch.before_commit)
        with Recorder(ctx, session) as recorder:
            _record(recorder, reference, "accepted", "2026-03-25 10:00")
            assert len(session.dispatch.before_commit) == before + 1
            session.commit()
        assert len(session.dispatch.before_commit) == before
        moment = at("2026-03-25 11:00")
        record_in(ctx, session, other, "accepted", moment, {}, as_of=moment, actor="x", audit=None)
        assert len(session.dispatch.before_commit) == before
        session.commit()
    assert [kind for kind, *_ in _state(ctx, reference)[2]] == ["accepted"]
    assert [kind for kind, *_ in _state(ctx, other)[2]] == ["accepted"]


def test_a_recorder_kept_over_transactions_reads_again_the_steps_the_sweep_changed(
    ctx: AppContext, two_cases: tuple[str, str]
) -> None:
    reference, _ = two_cases
    with ctx.unit_of_work() as session, Recorder(ctx, session) as recorder:
        recorder.load([reference])
        session.commit()
        swept = advance(ctx, as_of=at("2026-04-20 07:00"))
        recorder.steps_changed(swept.changed_steps)
        _, held = recorder.held(reference)
        in_database = [
            (s["kind"], s["status"], s["next_check_at"]) for s in _state(ctx, reference)[1]
        ]
        assert [(s.kind, s.status, s.next_check_at) for s in held] == in_database
        assert "overdue" in {s.status for s in held}


def test_a_case_recorded_elsewhere_meanwhile_is_loaded_afresh_once_forgotten(
    ctx: AppContext, two_cases: tuple[str, str]
) -> None:
    reference, _ = two_cases
    with ctx.unit_of_work() as session, Recorder(ctx, session) as recorder:
        recorder.load([reference])
        session.commit()
        closed = at("2026-03-25 09:00")
        record_event(ctx, reference, "closed", closed, {"outcome": "withdrawn"}, as_of=closed)
        recorder.forget([reference])
        with pytest.raises(Refused):  # the case is closed now
            _record(recorder, reference, "accepted", "2026-03-25 10:00")
        session.commit()
    assert [kind for kind, *_ in _state(ctx, reference)[2]] == ["closed"]
