"""Issue 12, defect 1: the public request form (and the API) must not tell whether a person
already has an open case, i.e. is on long sick leave."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import select

from fasttrack_core.db import AppContext
from fasttrack_core.models import Case
from fasttrack_core.services.users import create_api_key
from fasttrack_core.web.security import CSRF_FIELD
from tests.conftest import START
from tests.web.conftest import csrf_of
from tests.web.test_api import form_fields


def _cases(ctx: AppContext) -> int:
    with ctx.unit_of_work() as session:
        return len(session.exec(select(Case.id)).all())


def test_defect_1_the_form_answers_a_repeated_request_exactly_like_a_new_one(
    client: TestClient, ctx: AppContext, ole: dict[str, Any]
) -> None:
    fields = form_fields(ole)
    answers = []
    for _ in range(2):  # the first opens Ole's case; the second finds it
        token = csrf_of(client, "/anmodning")
        answers.append(client.post("/anmodning", data={**fields, CSRF_FIELD: token}))
    new, repeated = answers
    assert (new.status_code, new.text) == (repeated.status_code, repeated.text)
    assert new.status_code == 200
    assert "anmodningen er modtaget" in new.text
    assert "FT-2026" not in new.text  # the reference goes to the leader by e-mail
    assert _cases(ctx) == 1


def test_defect_1_the_api_tells_another_system_nothing_about_an_existing_case(
    client: TestClient, ctx: AppContext, ole: dict[str, Any], api_key: str
) -> None:
    first = client.post("/api/requests", json=ole, headers={"X-API-Key": api_key})
    other_key = create_api_key(ctx, "Andet HR-system", as_of=START)
    other = client.post("/api/requests", json=ole, headers={"X-API-Key": other_key})
    assert (first.status_code, first.json()) == (other.status_code, other.json())
    assert first.status_code == 202
    assert "FT-2026" not in other.text and "status" in other.json()
    assert other.json()["status"] == "modtaget"  # not the case's status
    assert _cases(ctx) == 1
