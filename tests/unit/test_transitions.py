"""Which recorded events make sense (SPEC §4)."""

from collections.abc import Iterable

from fasttrack_core.domain.transitions import CaseSnapshot, refusal, status_after
from fasttrack_core.domain.vocabulary import CaseStatus, EventKind, StepKind


def snapshot(
    status: CaseStatus, outstanding: set[StepKind], done: Iterable[StepKind] = ()
) -> CaseSnapshot:
    return CaseSnapshot(
        status=status,
        outstanding={kind: frozenset({1}) for kind in outstanding},
        done=frozenset(done),
    )


NEW_CASE = snapshot(
    CaseStatus.AWAITING_ACCEPTANCE,
    {StepKind.ACCEPTANCE, StepKind.DOCTOR_STATEMENT, StepKind.FIRST_FOLLOWUP, StepKind.ROUNDTABLE},
)


def test_nothing_can_be_recorded_on_a_closed_case() -> None:
    closed = snapshot(CaseStatus.CLOSED, set())
    for kind in (EventKind.ROUNDTABLE_HELD, EventKind.REVIEW_HELD, EventKind.CLOSED):
        assert refusal(kind, closed) == "Sagen er afsluttet; der kan ikke registreres mere på den."


def test_roundtable_waits_for_the_first_talk() -> None:
    assert refusal(EventKind.ROUNDTABLE_HELD, NEW_CASE) == (
        "Rundbordssamtalen kan først holdes efter første opfølgningssamtale."
    )


def test_review_waits_for_the_roundtable() -> None:
    after_talk = snapshot(
        CaseStatus.FOLLOWUP_HELD, {StepKind.ROUNDTABLE}, {StepKind.FIRST_FOLLOWUP}
    )
    assert refusal(EventKind.REVIEW_HELD, after_talk) == (
        "En opfølgning kan først holdes efter rundbordssamtalen."
    )


def test_no_roundtable_when_fast_track_is_declined() -> None:
    declined = snapshot(CaseStatus.DECLINED, {StepKind.FIRST_FOLLOWUP})
    assert "takket nej" in (refusal(EventKind.ROUNDTABLE_BOOKED, declined) or "")


def test_the_answer_to_the_offer_is_recorded_once() -> None:
    answered = snapshot(CaseStatus.ACCEPTED, {StepKind.FIRST_FOLLOWUP}, {StepKind.ACCEPTANCE})
    assert "allerede registreret" in (refusal(EventKind.DECLINED, answered) or "")


def test_empowerment_talk_comes_before_the_roundtable() -> None:
    # Lyngby-Taarbæk: the individual talk comes before the roundtable.
    case = snapshot(
        CaseStatus.FOLLOWUP_HELD,
        {StepKind.ROUNDTABLE, StepKind.EMPOWERMENT_TALK},
        {StepKind.FIRST_FOLLOWUP},
    )
    assert refusal(EventKind.ROUNDTABLE_HELD, case) == (
        "Empowerment-samtalen skal holdes før rundbordssamtalen."
    )
    assert refusal(EventKind.ROUNDTABLE_BOOKED, case) is None


def test_a_missing_plan_action_cannot_be_completed() -> None:
    plan = snapshot(
        CaseStatus.PLAN_ACTIVE, {StepKind.ACTION, StepKind.REVIEW}, {StepKind.ROUNDTABLE}
    )
    assert refusal(EventKind.ACTION_COMPLETED, plan, action_seq=1) is None
    assert "Handling nr. 2" in (refusal(EventKind.ACTION_COMPLETED, plan, action_seq=2) or "")


def test_status_follows_the_lifecycle() -> None:
    assert status_after(EventKind.ACCEPTED, CaseStatus.AWAITING_ACCEPTANCE) is CaseStatus.ACCEPTED
    assert status_after(EventKind.FOLLOWUP_HELD, CaseStatus.ACCEPTED) is CaseStatus.FOLLOWUP_HELD
    assert status_after(EventKind.FOLLOWUP_HELD, CaseStatus.DECLINED) is CaseStatus.DECLINED
    assert (
        status_after(EventKind.ROUNDTABLE_HELD, CaseStatus.FOLLOWUP_HELD) is CaseStatus.PLAN_ACTIVE
    )
    assert status_after(EventKind.PARTIAL_RETURN, CaseStatus.PLAN_ACTIVE) is CaseStatus.PLAN_ACTIVE
    assert status_after(EventKind.CLOSED, CaseStatus.PLAN_ACTIVE) is CaseStatus.CLOSED
