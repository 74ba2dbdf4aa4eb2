"""Finding cases: who sees which, the filters, the search by reference, name and CPR number,
paging, and the audit entries every look leaves (SQLite and PostgreSQL)."""

from __future__ import annotations

import copy
from datetime import date, datetime
from typing import Any

import pytest
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import AuditAction, Role
from fasttrack_core.errors import Refused
from fasttrack_core.models import AuditEntry, Case, Consultant
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.audit import Actor
from fasttrack_core.services.case_search import (
    CaseFilter,
    CasePage,
    Scope,
    Sort,
    Viewer,
    find_cases,
)
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.recording import record_event
from tests.conftest import START, at

ACTOR = Actor("tester@example.dk")
BO_ASKED = at("2026-04-01 10:00")


def open_case(
    ctx: AppContext,
    template: dict[str, Any],
    *,
    cpr: str,
    name: str,
    municipality: str = "183",
    workplace: str | None = None,
    when: datetime = START,
) -> str:
    request = copy.deepcopy(template)
    request["employee"].update(cpr=cpr, name=name, residence_municipality=municipality)
    request["requested_at"] = when.isoformat()
    if workplace:
        request["employer"]["workplace"] = workplace
    return submit_request(ctx, parse(RequestIn, request), as_of=when).reference


def centre_of(ctx: AppContext, reference: str) -> tuple[int, str]:
    """The case's job centre and its consultant's e-mail."""
    with ctx.unit_of_work() as session:
        case = session.exec(select(Case).where(col(Case.reference) == reference)).one()
        consultant = session.get_one(Consultant, case.consultant_id)
    return case.job_centre_id, consultant.email


def refs(found: CasePage) -> set[str]:
    return {row.reference for row in found.rows}


def audit_entries(ctx: AppContext) -> list[AuditEntry]:
    with ctx.unit_of_work() as session:
        return list(session.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all())


@pytest.fixture
def cases(ctx: AppContext, ole: dict[str, Any]) -> dict[str, str]:
    """Three cases in Ishøj (two on 24 March, one on 1 April at another workplace) and one in
    Kolding."""
    return {
        "ole": open_case(ctx, ole, cpr="0304785678", name="Ole Hansen"),
        "anna": open_case(ctx, ole, cpr="0101801234", name="Anna Ørsted"),
        "bo": open_case(
            ctx, ole, cpr="0202801234", name="Bo Berg", workplace="Rådhuset", when=BO_ASKED
        ),
        "kolding": open_case(ctx, ole, cpr="0303801234", name="Karl Kolding", municipality="621"),
    }


def search(ctx: AppContext, viewer: Viewer, as_of: datetime = START, **wanted: Any) -> CasePage:
    return find_cases(ctx, viewer, CaseFilter(**wanted), actor=ACTOR, as_of=as_of)


def ishoj(ctx: AppContext, cases: dict[str, str], role: Role = Role.TEAM_LEAD) -> Viewer:
    centre, email = centre_of(ctx, cases["ole"])
    return Viewer(role, email, centre)


def test_a_consultant_sees_her_own_cases_and_widens_to_her_job_centre_never_beyond(
    ctx: AppContext, cases: dict[str, str]
) -> None:
    me = ishoj(ctx, cases, Role.CONSULTANT)
    mine = search(ctx, me, scope=me.default_scope)
    owners = {r.reference: centre_of(ctx, r.reference)[1] for r in mine.rows}
    assert mine.rows and set(owners.values()) == {me.email}
    centre = search(ctx, me, scope=Scope.CENTRE)
    assert refs(centre) == {cases["ole"], cases["anna"], cases["bo"]}
    assert cases["kolding"] not in refs(search(ctx, me, scope=Scope.CENTRE, text="Karl"))


def test_an_admin_sees_her_job_centre_and_a_system_admin_every_one(
    ctx: AppContext, cases: dict[str, str]
) -> None:
    kolding_centre, _ = centre_of(ctx, cases["kolding"])
    admin = Viewer(Role.ADMIN, "admin@kolding.example.dk", kolding_centre)
    assert refs(search(ctx, admin)) == {cases["kolding"]}
    system = Viewer(Role.ADMIN, "admin@example.dk", None, system_admin=True)
    assert refs(search(ctx, system)) == set(cases.values())
    assert refs(search(ctx, system, municipality="621")) == {cases["kolding"]}


def test_a_steering_member_finds_no_case(ctx: AppContext, cases: dict[str, str]) -> None:
    with pytest.raises(Refused):
        search(ctx, Viewer(Role.STEERING, "s@example.dk", ishoj(ctx, cases).job_centre_id))


def test_search_by_reference_and_by_part_of_a_name(ctx: AppContext, cases: dict[str, str]) -> None:
    lead = ishoj(ctx, cases)
    assert refs(search(ctx, lead, text=cases["anna"].lower())) == {cases["anna"]}
    assert refs(search(ctx, lead, text="berg")) == {cases["bo"]}
    assert refs(search(ctx, lead, text="Ørsted")) == {cases["anna"]}
    assert refs(search(ctx, lead, text="%")) == set()  # a wildcard is a character like any


def test_filters_by_status_step_overdue_workplace_consultant_and_period(
    ctx: AppContext, cases: dict[str, str]
) -> None:
    lead = ishoj(ctx, cases)
    answered = at("2026-03-25 10:00")
    record_event(ctx, cases["ole"], "accepted", answered, None, as_of=answered)
    assert refs(search(ctx, lead, status="accepted")) == {cases["ole"]}
    assert refs(search(ctx, lead, status="awaiting_acceptance")) == {cases["anna"], cases["bo"]}
    assert refs(search(ctx, lead, step="acceptance")) == {cases["anna"], cases["bo"]}
    # Acceptance is due 2 bank days after the request: 26 March for the two of 24 March.
    late = at("2026-03-27 08:00")
    assert refs(search(ctx, lead, as_of=late, overdue=True)) == {cases["anna"]}
    assert refs(search(ctx, lead, workplace="rådhus")) == {cases["bo"]}
    everyone = {cases["ole"], cases["anna"], cases["bo"]}
    assert refs(search(ctx, lead, workplace="12345674")) == everyone
    period = search(ctx, lead, requested_from=date(2026, 3, 30), requested_to=date(2026, 4, 1))
    assert refs(period) == {cases["bo"]}
    _, owner = centre_of(ctx, cases["bo"])
    assert cases["bo"] in refs(search(ctx, lead, consultant_email=owner.upper()))


def test_paging_is_bounded_and_sorted_by_the_next_deadline(
    ctx: AppContext, cases: dict[str, str]
) -> None:
    lead = ishoj(ctx, cases)
    first = search(ctx, lead, page_size=2)
    second = search(ctx, lead, page_size=2, page=2)
    assert (first.paging.total, first.paging.pages) == (3, 2)
    assert (len(first.rows), len(second.rows)) == (2, 1)
    assert refs(first) | refs(second) == {cases["ole"], cases["anna"], cases["bo"]}
    dues = [row.next_due for row in first.rows + second.rows]
    assert all(due is not None for due in dues) and dues == sorted(dues)  # type: ignore[type-var]
    assert second.rows[0].reference == cases["bo"]  # requested last, due last
    newest = search(ctx, lead, sort=Sort.REQUESTED)
    assert newest.rows[0].reference == cases["bo"]


def test_a_filter_that_makes_no_sense_is_refused_in_danish(
    ctx: AppContext, cases: dict[str, str]
) -> None:
    lead = ishoj(ctx, cases)
    for wanted, field in (
        ({"status": "lukket"}, "status"),
        ({"step": "kaffe"}, "step"),
        ({"page_size": 1000}, "limit"),
        ({"page": 0}, "page"),
        ({"requested_from": date(2026, 4, 2), "requested_to": date(2026, 4, 1)}, "requested_to"),
    ):
        with pytest.raises(Refused) as refused:
            search(ctx, lead, **wanted)
        assert field in refused.value.fields


def test_every_look_is_audited_as_a_list_view_without_what_was_searched_for(
    ctx: AppContext, cases: dict[str, str]
) -> None:
    before = len(audit_entries(ctx))
    search(ctx, ishoj(ctx, cases), text="Ørsted")
    entries = audit_entries(ctx)[before:]
    assert [e.action for e in entries] == [AuditAction.VIEW_LIST]
    assert "Ørsted" not in (entries[0].detail or "") and "1 fundet" in (entries[0].detail or "")


def test_a_cpr_search_needs_a_purpose_and_is_audited_on_the_case_it_finds(
    ctx: AppContext, cases: dict[str, str]
) -> None:
    lead = ishoj(ctx, cases)
    before = len(audit_entries(ctx))
    with pytest.raises(Refused) as refused:
        search(ctx, lead, text="010180-1234")
    assert "formålet" in refused.value.reasons[0]
    assert len(audit_entries(ctx)) == before  # nothing written
    found = search(ctx, lead, text="010180-1234", purpose="borgeren ringede")
    assert refs(found) == {cases["anna"]}
    entries = audit_entries(ctx)[before:]
    assert [e.action for e in entries] == [AuditAction.VIEW_LIST, AuditAction.SEARCH_CPR]
    with ctx.unit_of_work() as session:
        anna_id = session.exec(select(Case.id).where(col(Case.reference) == cases["anna"])).one()
    assert (entries[1].case_id, entries[1].purpose) == (anna_id, "borgeren ringede")
    assert all("0101801234" not in (e.detail or "") for e in entries)


def test_a_cpr_search_of_another_job_centre_finds_nothing_and_is_still_audited(
    ctx: AppContext, cases: dict[str, str]
) -> None:
    before = len(audit_entries(ctx))
    found = search(ctx, ishoj(ctx, cases), text="0303801234", purpose="borgeren ringede")
    assert found.rows == [] and found.paging.total == 0
    entries = audit_entries(ctx)[before:]
    assert [(e.action, e.case_id) for e in entries] == [
        (AuditAction.VIEW_LIST, None),
        (AuditAction.SEARCH_CPR, None),
    ]
