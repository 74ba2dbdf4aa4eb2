"""The retention phone's form (issue 14, item 3): staff only; the public form's validation and
Danish messages; channel phone; the caller's role; audited as the signed-in user's."""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import Role
from fasttrack_core.models import AuditEntry, Case, Event
from fasttrack_core.web.security import CSRF_FIELD
from tests.service.helpers import table_counts
from tests.web.conftest import Person, add_people, csrf_of, sign_in

LENE = Person("lene.busk@kolding.jobcenter.example.dk", Role.CONSULTANT, "621")


def cases_and_outbox(counts: dict[str, int]) -> dict[str, int]:
    """The tables a request writes to (sign-in writes sessions and audit entries)."""
    return {
        k: v for k, v in counts.items() if k not in ("web_session", "audit_entry", "audit_chain")
    }


def form_of(ole: dict[str, Any], **changes: str) -> dict[str, str]:
    fields = {
        "caller": "hr",
        "called_at": "2026-03-23T15:30",
        "employee.name": ole["employee"]["name"],
        "employee.cpr": ole["employee"]["cpr"],
        "employee.email": ole["employee"]["email"],
        "employee.residence_municipality": "621",
        "employer.cvr": ole["employer"]["cvr"],
        "employer.name": ole["employer"]["name"],
        "employer.workplace": ole["employer"]["workplace"],
        "leader.name": ole["leader"]["name"],
        "leader.email": ole["leader"]["email"],
        "first_absence_day": "2026-03-10",
        "expected_over_8_weeks": "ja",
        **{f"questions.{k}": v for k, v in ole["questions"].items()},
    }
    fields.update(changes)
    return fields


def test_a_call_is_registered_as_a_phone_request_for_the_duty_consultant_of_its_day(
    client: TestClient, ctx: AppContext, password_hash: str, ole: dict[str, Any]
) -> None:
    add_people(ctx, password_hash, {"lene": LENE})
    sign_in(client, LENE)
    page = client.get("/telefonanmodning")
    assert page.status_code == 200 and "Hvem ringede?" in page.text
    data = {**form_of(ole), CSRF_FIELD: csrf_of(client, "/telefonanmodning")}
    response = client.post("/telefonanmodning", data=data)
    assert response.status_code == 303
    reference = response.headers["location"].rsplit("/", 1)[1]
    assert "Telefonanmodningen er registreret" in html.unescape(
        client.get(f"/sager/{reference}").text
    )
    with ctx.unit_of_work() as session:
        case = session.exec(select(Case).where(col(Case.reference) == reference)).one()
        requested = session.exec(
            select(Event).where(col(Event.case_id) == case.id, col(Event.kind) == "requested")
        ).one()
        audit = session.exec(select(AuditEntry).where(col(AuditEntry.action) == "submit")).one()
    assert (case.channel, case.requested_by, requested.data["caller"]) == (
        "phone",
        "employer",
        "hr",
    )
    assert audit.actor == LENE.email and audit.case_id == case.id


def test_bad_input_gets_the_public_forms_danish_messages_next_to_the_fields_and_writes_nothing(
    client: TestClient, ctx: AppContext, people: dict[str, Person], ole: dict[str, Any]
) -> None:
    sign_in(client, people["consultant"])
    before = table_counts(ctx)
    data = {
        **form_of(ole, caller="", **{"employee.cpr": "1234", "called_at": "i går"}),
        CSRF_FIELD: csrf_of(client, "/telefonanmodning"),
    }
    response = client.post("/telefonanmodning", data=data)
    assert response.status_code == 422
    page = html.unescape(response.text)
    for field in ("caller", "called_at", "employee.cpr"):
        assert re.search(rf'id="{re.escape(field)}-error"', page), field
    assert "Vælg, hvem der ringede." in page
    assert 'value="1234"' in page  # what was typed is kept
    counts = table_counts(ctx)
    assert {
        k: v for k, v in counts.items() if k not in ("web_session", "audit_entry", "audit_chain")
    } == {k: v for k, v in before.items() if k not in ("web_session", "audit_entry", "audit_chain")}


def test_only_staff_who_work_cases_may_register_a_call(
    client: TestClient, people: dict[str, Person]
) -> None:
    assert client.get("/telefonanmodning").status_code in (303, 307)
    for key in ("admin", "steering"):
        client.cookies.clear()
        sign_in(client, people[key])
        assert client.get("/telefonanmodning").status_code == 403
