"""Transfer when the employee moves (issue 14, item 6): to a job centre on this installation with
the whole timeline, or, elsewhere, the case file exported and the case closed as transferred."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.errors import Refused
from fasttrack_core.models import AuditEntry, Case, Consultant, JobCentre, OutboxMessage, Step
from fasttrack_core.notify.outbox import rendered
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.audit import Actor
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.transfer import transfer
from tests.conftest import at
from tests.service.helpers import event_kinds, row_counts

ACTOR = Actor("mette.holm@ishoj.jobcenter.example.dk")
WHEN = at("2026-03-24 11:00")  # a Tuesday: Thomas Iversen is on Kolding's roster


def ole_case(ctx: AppContext, ole: dict[str, Any]) -> str:
    return submit_request(ctx, parse(RequestIn, ole), as_of=at("2026-03-24 10:00")).reference


def the_case(ctx: AppContext, reference: str) -> tuple[Case, str, str | None]:
    with ctx.unit_of_work() as session:
        case = session.exec(select(Case).where(col(Case.reference) == reference)).one()
        centre = session.get_one(JobCentre, case.job_centre_id).municipality_code
        owner = session.get(Consultant, case.consultant_id) if case.consultant_id else None
        return case, centre, owner.email if owner else None


def audit_of(ctx: AppContext) -> list[tuple[str, str | None, str]]:
    with ctx.unit_of_work() as session:
        rows = session.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all()
        return [(row.action, row.detail, row.purpose) for row in rows]


def test_a_move_to_a_job_centre_here_takes_the_whole_timeline_and_tells_the_new_owner(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    reference = ole_case(ctx, ole)
    before = event_kinds(ctx, reference)
    result = transfer(ctx, reference, to_municipality="621", actor=ACTOR, as_of=WHEN)
    case, centre, owner = the_case(ctx, reference)
    assert (centre, owner, case.status) == (
        "621",
        "thomas.iversen@kolding.jobcenter.example.dk",
        "awaiting_acceptance",
    )
    assert (result.job_centre, result.consultant, result.case_file) == (
        "Jobcenter Kolding",
        "Thomas Iversen",
        None,
    )
    assert event_kinds(ctx, reference) == [*before, "transferred"]
    assert ("change", "flyttet til Jobcenter Kolding", "sagsbehandling") in audit_of(ctx)
    with ctx.unit_of_work() as session:
        told = session.exec(
            select(OutboxMessage).where(col(OutboxMessage.kind) == "case_moved")
        ).one()
    assert told.recipients == ["thomas.iversen@kolding.jobcenter.example.dk"]
    assert "flyttet til Jobcenter Kolding" in rendered(told).text
    assert "Ole" not in rendered(told).text + rendered(told).html


def test_a_move_elsewhere_exports_the_case_file_and_closes_the_case_as_transferred(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    reference = ole_case(ctx, ole)
    result = transfer(ctx, reference, to_municipality="101", actor=ACTOR, as_of=WHEN)
    case, centre, _ = the_case(ctx, reference)
    assert (centre, case.status, case.outcome, case.open_cpr_hash) == (
        "183",
        "closed",
        "transferred",
        None,
    )
    with ctx.unit_of_work() as session:
        open_steps = session.exec(
            select(Step).where(
                col(Step.case_id) == case.id, col(Step.status).in_(("pending", "overdue"))
            )
        ).all()
    assert open_steps == []
    assert event_kinds(ctx, reference)[-2:] == ["transferred", "closed"]
    assert result.case_file is not None
    assert result.job_centre == "Jobcenter København"
    # The case file of issue 14, item 7 (services/case_file.py), as JSON.
    assert result.case_file["format"] == "fasttrack-sagsakt/1"
    assert result.case_file["case"]["case"] == reference
    assert result.case_file["case"]["outcome"] == "transferred"
    cpr = result.case_file["request"]["employee"]["cpr"]
    assert cpr.replace("-", "") == ole["employee"]["cpr"]
    assert result.case_file["request"]["answers"] == ole["questions"]
    events = result.case_file["case"]["events"]
    assert [e["kind"] for e in events][-2:] == ["transferred", "closed"]
    export = [entry for entry in audit_of(ctx) if entry[0] == "export"]
    assert export == [
        (
            "export",
            "sagsakt (JSON)",
            "overdragelse til Jobcenter København, fordi medarbejderen er flyttet",
        )
    ]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("999", "kendt kommunekode"),
        ("183", "hører allerede til Jobcenter Ishøj"),
    ],
)
def test_a_transfer_to_an_unknown_or_the_same_municipality_is_refused_and_writes_nothing(
    ctx: AppContext, ole: dict[str, Any], code: str, message: str
) -> None:
    reference = ole_case(ctx, ole)
    before = row_counts(ctx), audit_of(ctx)
    with pytest.raises(Refused, match=message) as refused:
        transfer(ctx, reference, to_municipality=code, actor=ACTOR, as_of=WHEN)
    assert "to_municipality" in refused.value.fields
    assert (row_counts(ctx), audit_of(ctx)) == before


def test_a_closed_case_is_not_transferred(ctx: AppContext, ole: dict[str, Any]) -> None:
    reference = ole_case(ctx, ole)
    transfer(ctx, reference, to_municipality="101", actor=ACTOR, as_of=WHEN)
    with pytest.raises(Refused, match="afsluttet"):
        transfer(ctx, reference, to_municipality="621", actor=ACTOR, as_of=WHEN)
