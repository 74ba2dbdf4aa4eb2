"""The team's queue (issue 14, item 2): cases without an owner, over capacity or handed back;
taking over, handing back, assigning from the queue; each an event, an audit entry and an
email, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import update
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.errors import Refused
from fasttrack_core.models import AuditEntry, Case, Consultant, Event, OutboxMessage
from fasttrack_core.notify.outbox import rendered
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.assignment import reassign
from fasttrack_core.services.audit import Actor
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.queue import (
    QueueReason,
    assign_from_queue,
    hand_back,
    take_over,
    team_queue,
)
from tests.conftest import at
from tests.service.helpers import row_counts

ISHOJ = "183"
METTE = "mette.holm@ishoj.jobcenter.example.dk"
JONAS = "jonas.krogh@ishoj.jobcenter.example.dk"
SARA = "sara.lund@ishoj.jobcenter.example.dk"
TEAM_LEAD = "teamleder@ishoj.jobcenter.example.dk"
NOW = at("2026-03-25 10:00")


def open_cases(ctx: AppContext, ole: dict[str, Any], count: int) -> list[str]:
    references = []
    for n in range(count):
        request = {**ole, "requested_at": at("2026-03-24 09:30").isoformat()}
        request["employee"] = {**ole["employee"], "cpr": f"03047826{n:02d}"}
        result = submit_request(ctx, parse(RequestIn, request), as_of=at("2026-03-24 10:00"))
        references.append(result.reference)
    return references


def owner(ctx: AppContext, reference: str) -> str:
    with ctx.unit_of_work() as session:
        case = session.exec(select(Case).where(col(Case.reference) == reference)).one()
        return session.get_one(Consultant, case.consultant_id).email


def centre_id(ctx: AppContext, reference: str) -> int:
    with ctx.unit_of_work() as session:
        return session.exec(
            select(col(Case.job_centre_id)).where(col(Case.reference) == reference)
        ).one()


def last_event(ctx: AppContext, reference: str) -> Event:
    with ctx.unit_of_work() as session:
        case_id = session.exec(select(col(Case.id)).where(col(Case.reference) == reference)).one()
        return session.exec(
            select(Event).where(col(Event.case_id) == case_id).order_by(col(Event.id).desc())
        ).first()  # type: ignore[return-value]


def audit_details(ctx: AppContext) -> list[tuple[str, str, str | None]]:
    with ctx.unit_of_work() as session:
        rows = session.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all()
        return [(row.actor, row.action, row.detail) for row in rows]


def mail(ctx: AppContext, kind: str) -> list[OutboxMessage]:
    with ctx.unit_of_work() as session:
        return list(session.exec(select(OutboxMessage).where(col(OutboxMessage.kind) == kind)))


def queued(ctx: AppContext, reference: str) -> dict[str, QueueReason]:
    queue = team_queue(ctx, centre_id(ctx, reference), as_of=NOW)
    return {item.reference: item.reason for item in queue.items}


def test_a_handed_back_case_is_queued_and_its_team_lead_is_told_without_the_reason(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    (reference,) = open_cases(ctx, ole, 1)
    mine = owner(ctx, reference)
    assert queued(ctx, reference) == {}
    hand_back(
        ctx,
        reference,
        consultant_email=mine,
        reason="For mange sager i denne uge; hun har brug for en fast kontakt.",
        actor=Actor(mine, None),
        as_of=NOW,
    )
    assert queued(ctx, reference) == {reference: QueueReason.HANDED_BACK}
    event = last_event(ctx, reference)
    assert event.kind == "handed_back"
    assert event.data["reason"].startswith("For mange sager")
    assert (mine, "change", "lagt tilbage i teamets kø") in audit_details(ctx)
    (told,) = mail(ctx, "case_handed_back")
    assert told.recipients == [TEAM_LEAD]
    assert reference in rendered(told).text
    assert "For mange sager" not in rendered(told).text + rendered(told).html
    # Still owned (no case without an owner) until someone takes it.
    assert owner(ctx, reference) == mine


def test_taking_over_gives_the_case_to_the_taker_emails_them_and_empties_the_queue(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    (reference,) = open_cases(ctx, ole, 1)
    mine = owner(ctx, reference)
    hand_back(ctx, reference, consultant_email=mine, reason="Ferie", actor=Actor(mine), as_of=NOW)
    taker = next(email for email in (METTE, JONAS, SARA) if email != mine)
    take_over(ctx, reference, consultant_email=taker, actor=Actor(taker), as_of=NOW)
    assert owner(ctx, reference) == taker
    assert queued(ctx, reference) == {}
    event = last_event(ctx, reference)
    assert event.kind == "taken_over"
    assert event.actor == taker
    assert (taker, "change", f"taken_over: til {taker}") in audit_details(ctx)
    (told,) = mail(ctx, "case_moved")
    assert told.recipients == [taker]
    assert "Du har overtaget" in rendered(told).text
    for personal in ("Ole", "0304782678", "Smerter"):
        assert personal not in rendered(told).text + rendered(told).html + rendered(told).subject


def test_cases_above_a_consultants_capacity_are_queued_newest_first_over(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    references = open_cases(ctx, ole, 3)  # least loaded: one each
    mine = owner(ctx, references[0])
    with ctx.unit_of_work() as session:
        # A fifth of a position holds 7.4 cases; a hundredth holds none of them.
        session.execute(update(Consultant).where(col(Consultant.email) == mine).values(fte=0.01))
        session.commit()
    assert queued(ctx, references[0]) == {references[0]: QueueReason.OVER_CAPACITY}


def test_a_case_whose_consultant_left_has_no_owner_until_the_team_lead_assigns_it(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    (reference,) = open_cases(ctx, ole, 1)
    gone = owner(ctx, reference)
    with ctx.unit_of_work() as session:
        session.execute(
            update(Consultant).where(col(Consultant.email) == gone).values(active=False)
        )
        session.commit()
    assert queued(ctx, reference) == {reference: QueueReason.NO_OWNER}
    target = next(email for email in (METTE, JONAS, SARA) if email != gone)
    with ctx.unit_of_work() as session:
        target_id = session.exec(
            select(col(Consultant.id)).where(col(Consultant.email) == target)
        ).one()
    assert target_id is not None
    assign_from_queue(ctx, reference, target_id, actor=Actor(TEAM_LEAD), as_of=NOW)
    assert owner(ctx, reference) == target
    assert queued(ctx, reference) == {}
    event = last_event(ctx, reference)
    assert (event.kind, event.data["reason"]) == ("reassigned", "queue")
    (told,) = mail(ctx, "case_moved")
    assert told.recipients == [target]
    assert "er flyttet til dig" in rendered(told).text


def test_moves_that_make_no_sense_are_refused_in_danish_and_write_nothing(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    (reference,) = open_cases(ctx, ole, 1)
    mine = owner(ctx, reference)
    other = next(email for email in (METTE, JONAS, SARA) if email != mine)
    before = row_counts(ctx), len(audit_details(ctx))
    with pytest.raises(Refused, match="Kun sagens egen konsulent"):
        hand_back(ctx, reference, consultant_email=other, reason="x", actor=Actor(other), as_of=NOW)
    with pytest.raises(Refused) as refused:
        hand_back(ctx, reference, consultant_email=mine, reason="  ", actor=Actor(mine), as_of=NOW)
    assert "reason" in refused.value.fields
    kolding = "lene.busk@kolding.jobcenter.example.dk"
    with pytest.raises(Refused, match="ikke en aktiv konsulent i Jobcenter Ishøj"):
        take_over(ctx, reference, consultant_email=kolding, actor=Actor(kolding), as_of=NOW)
    with pytest.raises(Refused, match="allerede hos"):
        take_over(ctx, reference, consultant_email=mine, actor=Actor(mine), as_of=NOW)
    assert (row_counts(ctx), len(audit_details(ctx))) == before


def test_the_queue_is_paged_and_counts_every_case_in_it(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    references = open_cases(ctx, ole, 3)
    with ctx.unit_of_work() as session:
        session.execute(update(Consultant).values(active=False))
        session.commit()
    first = team_queue(ctx, centre_id(ctx, references[0]), as_of=NOW, page_size=2)
    second = team_queue(ctx, centre_id(ctx, references[0]), as_of=NOW, page=2, page_size=2)
    assert first.counts == {QueueReason.NO_OWNER: 3}
    assert (first.paging.pages, len(first.items), len(second.items)) == (2, 2, 1)
    assert {i.reference for i in first.items + second.items} == set(references)
    assert all(item.next_due is not None for item in first.items)


def test_a_case_moved_by_hand_reaches_its_new_owner_by_email(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    (reference,) = open_cases(ctx, ole, 1)
    target = next(email for email in (METTE, JONAS, SARA) if email != owner(ctx, reference))
    with ctx.unit_of_work() as session:
        target_id = session.exec(
            select(col(Consultant.id)).where(col(Consultant.email) == target)
        ).one()
    assert target_id is not None
    reassign(ctx, reference, target_id, actor=Actor(TEAM_LEAD), as_of=NOW)
    (told,) = mail(ctx, "case_moved")
    assert (told.recipients, rendered(told).subject) == (
        [target],
        f"Fast track-sag flyttet til dig: {reference}",
    )
