"""Which recorded events make sense (SPEC §4)."""

from collections.abc import Iterable

from fasttrack_core.domain.transitions import CaseSnapshot, StepState, awaited_events, refusal
from fasttrack_core.domain.vocabulary import CaseStatus, EventKind, StepKind, StepStatus
from tests.conftest import at

DUE = at("2026-04-07 23:59")


def snapshot(
    status: CaseStatus, outstanding: set[StepKind], done: Iterable[StepKind] = ()
) -> CaseSnapshot:
    return CaseSnapshot(
        status=status,
        steps=(
            *(StepState(kind, 1, StepStatus.PENDING, DUE) for kind in outstanding),
            *(StepState(kind, 1, StepStatus.DONE, DUE) for kind in done),
        ),
    )


NEW_CASE = snapshot(
    CaseStatus.AWAITING_ACCEPTANCE,
    {StepKind.ACCEPTANCE, StepKind.DOCTOR_STATEMENT, StepKind.FIRST_FOLLOWUP, StepKind.ROUNDTABLE},
)


def test_nothing_but_a_reopening_can_be_recorded_on_a_closed_case() -> None:
    closed = snapshot(CaseStatus.CLOSED, set())
    for kind in (EventKind.ROUNDTABLE_HELD, EventKind.REVIEW_HELD, EventKind.CLOSED):
        assert refusal(kind, closed) == (
            "Sagen er afsluttet; der kan ikke registreres mere på den. Er den afsluttet ved en "
            "fejl, så genåbn den (reopened)."
        )
    assert refusal(EventKind.REOPENED, closed) is None
    assert refusal(EventKind.REOPENED, NEW_CASE) == "Sagen er ikke afsluttet."


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


def test_a_roundtable_may_be_booked_before_the_first_talk() -> None:
    # Roskilde's seed: the roundtable is agreed «med det samme»; Kolding books it during the call.
    assert refusal(EventKind.ROUNDTABLE_BOOKED, NEW_CASE) is None


def test_a_declined_case_has_its_ordinary_follow_ups_after_the_first_talk() -> None:
    # § 13 b, stk. 1 and 3: declining Fast track leaves the ordinary follow-up.
    before_talk = snapshot(CaseStatus.DECLINED, {StepKind.FIRST_FOLLOWUP}, {StepKind.ACCEPTANCE})
    assert refusal(EventKind.REVIEW_HELD, before_talk) == (
        "En opfølgning kan først holdes efter første opfølgningssamtale."
    )
    after_talk = snapshot(CaseStatus.DECLINED, {StepKind.REVIEW}, {StepKind.FIRST_FOLLOWUP})
    assert refusal(EventKind.REVIEW_HELD, after_talk) is None


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


def test_a_new_case_awaits_the_answer_the_statement_the_talk_and_the_roundtable() -> None:
    # The roundtable is awaited from the start; `refusal` holds it back until the first talk.
    # Whether a doctor's statement is needed is decided before the first talk.
    assert awaited_events(NEW_CASE) == [
        EventKind.ACCEPTED,
        EventKind.DECLINED,
        EventKind.DOCTOR_STATEMENT_REQUESTED,
        EventKind.DOCTOR_STATEMENT_NOT_NEEDED,
        EventKind.DOCTOR_STATEMENT_RECEIVED,
        EventKind.FOLLOWUP_BOOKED,
        EventKind.FOLLOWUP_HELD,
        EventKind.SHORT_UNCOMPLICATED,
        EventKind.ROUNDTABLE_BOOKED,
        EventKind.ROUNDTABLE_HELD,
        EventKind.PARTIAL_RETURN,
        EventKind.PAUSED,
        EventKind.CORRECTED,
        EventKind.CLOSED,
    ]


def test_a_case_with_a_plan_awaits_its_actions_and_reviews() -> None:
    plan = snapshot(
        CaseStatus.PLAN_ACTIVE, {StepKind.ACTION, StepKind.REVIEW}, {StepKind.ROUNDTABLE}
    )
    assert awaited_events(plan) == [
        EventKind.ACTION_COMPLETED,
        EventKind.REVIEW_HELD,
        EventKind.PARTIAL_RETURN,
        EventKind.PAUSED,
        EventKind.CORRECTED,
        EventKind.CLOSED,
    ]


def test_a_closed_case_awaits_only_a_reopening() -> None:
    assert awaited_events(snapshot(CaseStatus.CLOSED, set())) == [EventKind.REOPENED]


def test_a_step_that_is_done_or_cancelled_is_not_outstanding() -> None:
    case = CaseSnapshot(
        CaseStatus.DECLINED,
        (
            StepState(StepKind.ACCEPTANCE, 1, StepStatus.DONE, DUE),
            StepState(StepKind.ROUNDTABLE, 1, StepStatus.CANCELLED, DUE),
            StepState(StepKind.FIRST_FOLLOWUP, 1, StepStatus.OVERDUE, DUE),
        ),
    )
    assert not case.is_outstanding(StepKind.ACCEPTANCE)
    assert not case.is_outstanding(StepKind.ROUNDTABLE)
    assert case.is_outstanding(StepKind.FIRST_FOLLOWUP)
    assert case.is_done(StepKind.ACCEPTANCE) and not case.is_done(StepKind.ROUNDTABLE)
