"""Intake and consent (issue 11, items 3 and 4): the employee's answer given with the request,
the acceptance deadline from the notice, and the employee's own request (§ 7 e)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.errors import Refused
from fasttrack_core.models import OutboxMessage
from fasttrack_core.notify.outbox import rendered
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.intake import IntakeResult, submit_request
from fasttrack_core.services.recording import record_event
from tests.conftest import at
from tests.service.helpers import event_kinds, local_due, row_counts, steps_by_kind

HANNE_INTAKE = at("2026-09-10 14:00")


def submit(ctx: AppContext, request: dict[str, Any], as_of: datetime) -> IntakeResult:
    return submit_request(ctx, parse(RequestIn, request), as_of=as_of)


def messages(ctx: AppContext) -> dict[str, OutboxMessage]:
    with ctx.unit_of_work() as session:
        return {
            m.kind: m for m in session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id)))
        }


def test_a_decline_with_the_request_opens_the_case_declined(
    ctx: AppContext, hanne: dict[str, Any]
) -> None:
    # § 13 b, stk. 3: the first talk by the end of week 8 of absence (first absence Mon
    # 2026-09-07: Sun 2026-11-01), and no roundtable.
    hanne["employee_agrees"] = False
    result = submit(ctx, hanne, HANNE_INTAKE)
    assert result.status == "declined"
    steps = steps_by_kind(ctx, result.reference)
    assert local_due(steps["first_followup"][0]) == "2026-11-01 23:59"
    assert "roundtable" not in steps
    assert "empowerment_talk" not in steps
    assert steps["acceptance"][0]["status"] == "done"
    assert event_kinds(ctx, result.reference)[:2] == ["requested", "declined"]
    notice = messages(ctx)["employee_notice"]
    assert "nej tak" in rendered(notice).text
    assert "svar på, om du vil tage imod" not in rendered(notice).text
    assert "call_employee" not in messages(ctx)


def test_a_declined_case_records_the_first_talk_then_its_follow_ups_until_closed(
    ctx: AppContext, hanne: dict[str, Any]
) -> None:
    # § 13 b, stk. 1 and 3: the ordinary follow-up goes on after a decline.
    hanne["employee_agrees"] = False
    ref = submit(ctx, hanne, HANNE_INTAKE).reference
    record_event(
        ctx, ref, "followup_held", at("2026-10-20 10:00"), {}, as_of=at("2026-10-20 10:00")
    )
    review = steps_by_kind(ctx, ref)["review"][0]
    assert local_due(review) == "2026-11-17 23:59"
    record_event(ctx, ref, "review_held", at("2026-11-17 10:00"), {}, as_of=at("2026-11-17 10:00"))
    record_event(
        ctx,
        ref,
        "closed",
        at("2026-11-20 10:00"),
        {"outcome": "ordinary_sickness_case"},
        as_of=at("2026-11-20 10:00"),
    )
    assert event_kinds(ctx, ref)[-3:] == ["followup_held", "review_held", "closed"]


def test_a_yes_with_the_request_completes_the_acceptance(
    ctx: AppContext, hanne: dict[str, Any]
) -> None:
    hanne["employee_agrees"] = True
    result = submit(ctx, hanne, HANNE_INTAKE)
    assert result.status == "accepted"
    steps = steps_by_kind(ctx, result.reference)
    assert steps["acceptance"][0]["status"] == "done"
    assert local_due(steps["roundtable"][0]) == "2026-10-01 23:59"
    assert event_kinds(ctx, result.reference)[:2] == ["requested", "accepted"]
    assert "Du behøver ikke at svare" in rendered(messages(ctx)["employee_notice"]).text
    with pytest.raises(Refused, match="allerede registreret"):
        record_event(ctx, result.reference, "accepted", HANNE_INTAKE, {}, as_of=HANNE_INTAKE)


def test_a_request_registered_late_gets_2_bank_days_from_the_notice(
    ctx: AppContext, hanne: dict[str, Any]
) -> None:
    # law.ACCEPTANCE (BEK 1710/2024 § 4, stk. 1): a phone request of Mon 2026-09-07 registered
    # on Thu 2026-09-10 14:00; the notice goes that day, the answer is due Mon 2026-09-14.
    hanne["requested_at"] = "2026-09-07T09:00:00+02:00"
    hanne["channel"] = "phone"
    result = submit(ctx, hanne, HANNE_INTAKE)
    acceptance = steps_by_kind(ctx, result.reference)["acceptance"][0]
    assert local_due(acceptance) == "2026-09-14 23:59"
    assert "mandag den 14. september 2026" in rendered(messages(ctx)["employee_notice"]).text


def test_the_employees_own_request_asks_nothing_back(
    ctx: AppContext, hanne: dict[str, Any]
) -> None:
    # BEK 1710/2024 § 4 (Kapitel 3) is for an employer's request: no acceptance step.
    hanne["requested_by"] = "employee"
    result = submit(ctx, hanne, HANNE_INTAKE)
    assert result.status == "accepted"
    assert "acceptance" not in steps_by_kind(ctx, result.reference)
    sent = messages(ctx)
    assert "call_employee" not in sent
    assert "svar" not in rendered(sent["employee_notice"]).text.split("Du behøver ikke at svare")[0]
    assert "senest" not in rendered(sent["employee_notice"]).subject


def test_an_unemployed_persons_request_needs_no_employer_or_leader(
    ctx: AppContext, hanne: dict[str, Any]
) -> None:
    # § 7 e (secondary: Cabi): employees, unemployed and self-employed people may ask.
    hanne |= {"requested_by": "employee", "employment": "unemployed"}
    del hanne["employer"], hanne["leader"], hanne["hr_contact"]
    result = submit(ctx, hanne, HANNE_INTAKE)
    assert result.created
    assert "leader_receipt" not in messages(ctx)


def test_an_employed_persons_request_without_an_employer_is_refused(
    ctx: AppContext, hanne: dict[str, Any]
) -> None:
    del hanne["employer"]
    before = row_counts(ctx)
    with pytest.raises(Refused) as caught:
        submit(ctx, hanne, HANNE_INTAKE)
    assert caught.value.reasons == [
        "Arbejdsgiveren (employer) mangler (en ansat har en arbejdsgiver)."
    ]
    assert row_counts(ctx) == before


def test_an_employer_cannot_ask_for_a_self_employed_person(
    ctx: AppContext, hanne: dict[str, Any]
) -> None:
    hanne["employment"] = "self_employed"
    with pytest.raises(Refused) as caught:
        submit(ctx, hanne, HANNE_INTAKE)
    assert caught.value.reasons == [
        "Beskæftigelsen (employment) skal være employed, når arbejdsgiveren anmoder."
    ]


def test_an_employees_request_after_5_weeks_is_refused(
    ctx: AppContext, hanne: dict[str, Any]
) -> None:
    # law.EMPLOYEE_REQUEST_WINDOW (§ 7 e, statute text not found): LAW.md defect 1, day 85.
    hanne |= {"requested_by": "employee", "requested_at": "2026-12-01T10:00:00+01:00"}
    with pytest.raises(Refused, match="Medarbejderen skal anmode om Fast track inden"):
        submit(ctx, hanne, at("2026-12-01 12:00"))
