"""The retention phone (issue 14, item 3; Kolding): a request taken by phone goes to the consultant
on duty on the day of the call, or to the one who took it where the policy says so."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.vocabulary import Caller
from fasttrack_core.models import Case, Consultant, Event, JobCentre
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.intake import PhoneCall, submit_request
from tests.conftest import at

LENE = "lene.busk@kolding.jobcenter.example.dk"  # Kolding's Monday on the retention phone
THOMAS = "thomas.iversen@kolding.jobcenter.example.dk"  # Tuesday
MAJA = "maja.lauridsen@kolding.jobcenter.example.dk"


def kolding_call(ole: dict[str, Any], called: str) -> RequestIn:
    request = {**ole, "channel": "phone", "requested_at": at(called).isoformat()}
    request["employee"] = {**ole["employee"], "residence_municipality": "621"}
    return parse(RequestIn, request)


def owner_and_requested(ctx: AppContext, reference: str) -> tuple[str, dict[str, Any]]:
    with ctx.unit_of_work() as session:
        case = session.exec(select(Case).where(col(Case.reference) == reference)).one()
        requested = session.exec(
            select(Event).where(col(Event.case_id) == case.id, col(Event.kind) == "requested")
        ).one()
        return session.get_one(Consultant, case.consultant_id).email, requested.data


def test_a_call_on_monday_registered_on_tuesday_goes_to_mondays_duty_consultant(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    # LAW.md § 5: Kolding's duty consultant is the one of the day of the call, not of intake.
    result = submit_request(
        ctx,
        kolding_call(ole, "2026-03-23 15:30"),
        as_of=at("2026-03-24 09:00"),
        phone=PhoneCall(Caller.HR, MAJA),
    )
    owner, requested = owner_and_requested(ctx, result.reference)
    assert owner == LENE
    assert (requested["channel"], requested["caller"]) == ("phone", "hr")


def test_where_the_policy_says_taker_the_consultant_who_took_the_call_gets_the_case(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    with ctx.unit_of_work() as session:
        kolding = session.exec(
            select(JobCentre).where(col(JobCentre.municipality_code) == "621")
        ).one()
        kolding.policy = {**kolding.policy, "phone_request_owner": "taker"}
        session.add(kolding)
        session.commit()
    result = submit_request(
        ctx,
        kolding_call(ole, "2026-03-24 09:30"),
        as_of=at("2026-03-24 10:00"),
        phone=PhoneCall(Caller.LEADER, MAJA),
    )
    assert owner_and_requested(ctx, result.reference)[0] == MAJA


def test_a_taker_who_is_no_consultant_there_leaves_the_case_to_the_duty_consultant(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    with ctx.unit_of_work() as session:
        kolding = session.exec(
            select(JobCentre).where(col(JobCentre.municipality_code) == "621")
        ).one()
        kolding.policy = {**kolding.policy, "phone_request_owner": "taker"}
        session.add(kolding)
        session.commit()
    result = submit_request(
        ctx,
        kolding_call(ole, "2026-03-24 09:30"),
        as_of=at("2026-03-24 10:00"),
        phone=PhoneCall(Caller.LEADER, "teamleder@kolding.jobcenter.example.dk"),
    )
    assert owner_and_requested(ctx, result.reference)[0] == THOMAS


def test_kolding_configures_the_duty_consultant_for_phone_requests(ctx: AppContext) -> None:
    with ctx.unit_of_work() as session:
        kolding = session.exec(
            select(JobCentre).where(col(JobCentre.municipality_code) == "621")
        ).one()
    assert kolding.policy["phone_request_owner"] == "duty"
