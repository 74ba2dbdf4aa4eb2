"""Assignment per municipality (SPEC §5), and nobody left without an owner."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from fasttrack_core.db import AppContext
from fasttrack_core.errors import Refused
from fasttrack_core.models import Case, Consultant
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.assignment import mark_absent
from fasttrack_core.services.intake import submit_request
from tests.conftest import at
from tests.service.helpers import event_kinds


def consultant_of(ctx: AppContext, reference: str) -> str:
    with ctx.unit_of_work() as session:
        case = session.scalars(select(Case).where(Case.reference == reference)).one()
        return session.get_one(Consultant, case.consultant_id).email


def request_for(
    base: dict[str, Any], n: int, municipality: str, when: str, workplace: str | None = None
) -> dict[str, Any]:
    request = {**base, "requested_at": at(when).isoformat()}
    request["employee"] = {
        **base["employee"],
        "cpr": f"01017{n:01d}1{n:03d}"[:10],
        "residence_municipality": municipality,
    }
    if workplace:
        request["employer"] = {**base["employer"], "cvr": "29189919", "workplace": workplace}
    return request


def test_kolding_gives_new_cases_to_the_consultant_on_duty(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    # Kolding's roster: Tuesday is Thomas Iversen's day at the retention phone.
    ref = submit_request(
        ctx,
        parse(RequestIn, request_for(ole, 1, "621", "2026-03-24 09:30")),
        as_of=at("2026-03-24 10:00"),
    ).reference
    assert consultant_of(ctx, ref) == "thomas.iversen@kolding.jobcenter.example.dk"


def test_varde_gives_a_workplace_its_fixed_consultant(ctx: AppContext, ole: dict[str, Any]) -> None:
    ref = submit_request(
        ctx,
        parse(RequestIn, request_for(ole, 2, "573", "2026-03-24 09:30", "Skoler og dagtilbud")),
        as_of=at("2026-03-24 10:00"),
    ).reference
    assert consultant_of(ctx, ref) == "kasper.vind@varde.jobcenter.example.dk"


def test_least_loaded_spreads_cases_over_the_team(ctx: AppContext, ole: dict[str, Any]) -> None:
    refs = [
        submit_request(
            ctx,
            parse(RequestIn, request_for(ole, n, "183", "2026-03-24 09:30")),
            as_of=at("2026-03-24 10:00"),
        ).reference
        for n in range(1, 7)
    ]
    owners = [consultant_of(ctx, ref) for ref in refs]
    assert {owner: owners.count(owner) for owner in owners} == {
        "mette.holm@ishoj.jobcenter.example.dk": 2,
        "jonas.krogh@ishoj.jobcenter.example.dk": 2,
        "sara.lund@ishoj.jobcenter.example.dk": 2,
    }


def test_absent_consultants_cases_move_to_colleagues(ctx: AppContext, ole: dict[str, Any]) -> None:
    refs = [
        submit_request(
            ctx,
            parse(RequestIn, request_for(ole, n, "183", "2026-03-24 09:30")),
            as_of=at("2026-03-24 10:00"),
        ).reference
        for n in range(1, 7)
    ]
    leaving = "mette.holm@ishoj.jobcenter.example.dk"
    hers = [ref for ref in refs if consultant_of(ctx, ref) == leaving]
    result = mark_absent(
        ctx, leaving, date(2026, 3, 30), date(2026, 4, 17), as_of=at("2026-03-27 15:00")
    )
    assert sorted(result.reassigned) == sorted(hers)
    for ref in hers:
        assert consultant_of(ctx, ref) != leaving
        assert "reassigned" in event_kinds(ctx, ref)
    # While she is away, new cases go to the others.
    new = submit_request(
        ctx,
        parse(RequestIn, request_for(ole, 9, "183", "2026-04-01 09:30")),
        as_of=at("2026-04-01 10:00"),
    ).reference
    assert consultant_of(ctx, new) != leaving


def test_unknown_consultant_cannot_be_marked_absent(ctx: AppContext) -> None:
    with pytest.raises(Refused, match="ingen konsulent"):
        mark_absent(
            ctx,
            "nobody@example.dk",
            date(2026, 4, 1),
            date(2026, 4, 2),
            as_of=at("2026-03-27 15:00"),
        )
