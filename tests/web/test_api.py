"""The JSON API through the ASGI app: API keys only, idempotency, Danish refusals by field that
match the request form's, and nothing stored by a refused request."""

from __future__ import annotations

import copy
import html
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from fasttrack_core.clock import FixedClock
from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import AuditAction
from fasttrack_core.models import ApiKey, AuditEntry, Case
from fasttrack_core.services.idempotency import KEY_REUSED
from fasttrack_core.services.users import create_api_key
from fasttrack_core.web.api import RECEIPT_DETAIL
from fasttrack_core.web.security import CSRF_FIELD
from tests.conftest import START
from tests.service.helpers import table_counts
from tests.web.conftest import Person, csrf_of, sign_in

REQUESTS = "/api/requests"
NO_KEY = "Mangler gyldig API-nøgle (headeren X-API-Key)."
NOTHING_STORED = "Anmodningen blev afvist; intet er gemt."


def submit(
    client: TestClient, body: Any, key: str | None, idempotency_key: str | None = None
) -> Any:
    headers = {} if key is None else {"X-API-Key": key}
    if idempotency_key is not None:
        headers["Idempotency-Key"] = idempotency_key
    return client.post(REQUESTS, json=body, headers=headers)


def case_count(ctx: AppContext) -> int:
    with ctx.unit_of_work() as session:
        return len(session.exec(select(Case.id)).all())


def audit_entries(ctx: AppContext) -> list[AuditEntry]:
    with ctx.unit_of_work() as session:
        return list(session.exec(select(AuditEntry).order_by(col(AuditEntry.id))))


def form_fields(request: dict[str, Any]) -> dict[str, str]:
    """The request form's fields (named by JSON path) for a request, as a browser sends them."""
    fields = {
        f"{group}.{name}": str(value)
        for group in ("employee", "employer", "leader", "hr_contact", "questions")
        for name, value in request[group].items()
    }
    fields["first_absence_day"] = request["first_absence_day"]
    fields["cause_category"] = request.get("cause_category") or ""
    if request["expected_over_8_weeks"]:
        fields["expected_over_8_weeks"] = "ja"
    return fields


@pytest.fixture
def hanne_now(hanne: dict[str, Any], ole: dict[str, Any]) -> dict[str, Any]:
    """Hanne's request (3 days' absence), made at the same moment as Ole's."""
    return {**hanne, "requested_at": ole["requested_at"], "first_absence_day": "2026-03-21"}


# --- the endpoints -------------------------------------------------------------------------------


def test_health_answers_without_a_key(client: TestClient) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response.headers["cache-control"] == "no-store"


def test_the_openapi_description(client: TestClient) -> None:
    description = client.get("/api/openapi.json").json()
    submit_op = description["paths"][REQUESTS]["post"]
    assert {p["name"] for p in submit_op["parameters"]} == {"Idempotency-Key"}
    assert submit_op["security"] == [{"APIKeyHeader": []}]
    assert set(submit_op["responses"]) >= {"202", "401", "413", "422", "429"}
    # The forms are not API; the steering KPIs are (issue 17).
    assert set(description["paths"]) == {REQUESTS, "/api/health", "/api/kpis"}


def test_unknown_api_paths_and_methods_answer_in_danish_json(
    client: TestClient, api_key: str
) -> None:
    missing = client.get("/api/sager", headers={"X-API-Key": api_key})
    assert (missing.status_code, missing.json()) == (404, {"detail": "Siden findes ikke."})
    wrong_method = client.get(REQUESTS, headers={"X-API-Key": api_key})
    assert wrong_method.status_code == 405
    assert wrong_method.json() == {"detail": "Den handling er ikke mulig her."}


# --- who may submit ------------------------------------------------------------------------------


def test_an_api_client_opens_a_case_and_the_audit_log_names_it(
    client: TestClient, api_key: str, ctx: AppContext, ole: dict[str, Any]
) -> None:
    response = submit(client, ole, api_key)
    assert response.status_code == 202
    assert response.json() == {
        "status": "modtaget",
        "received_at": START.isoformat(),
        "detail": RECEIPT_DETAIL,
    }
    assert case_count(ctx) == 1
    [entry] = audit_entries(ctx)
    assert (entry.actor, entry.action, entry.user_id) == ("api:HR-system", AuditAction.SUBMIT, None)
    assert entry.detail == "ny sag"
    assert entry.at == START


def test_a_duplicate_without_an_idempotency_key_opens_no_second_case(
    client: TestClient, api_key: str, ctx: AppContext, ole: dict[str, Any]
) -> None:
    first = submit(client, ole, api_key)
    before = table_counts(ctx)
    again = submit(client, ole, api_key)
    assert (again.status_code, again.json()) == (first.status_code, first.json())
    after = table_counts(ctx)
    assert after == {**before, "audit_entry": before["audit_entry"] + 1}
    assert audit_entries(ctx)[-1].detail == "åben sag fundet (anmodningen er en gentagelse)"


def _revoked(ctx: AppContext, key: str) -> str:
    with ctx.unit_of_work() as session:
        client = session.exec(select(ApiKey)).one()
        client.revoked_at = START
        session.commit()
    return key


def _use_key(client: TestClient, key: str) -> None:
    client.headers["X-API-Key"] = key


def _signed_in(role: str) -> Callable[[TestClient, dict[str, Person], AppContext, str], None]:
    def as_user(client: TestClient, people: dict[str, Person], ctx: AppContext, key: str) -> None:
        sign_in(client, people[role])

    return as_user


@pytest.mark.parametrize(
    ("who", "prepare"),
    [
        ("no key", lambda client, people, ctx, key: None),
        ("unknown key", lambda client, people, ctx, key: _use_key(client, "ft_unknown")),
        ("revoked key", lambda client, people, ctx, key: _use_key(client, _revoked(ctx, key))),
        ("signed-in consultant", _signed_in("consultant")),
        ("signed-in admin", _signed_in("admin")),
    ],
)  # fmt: skip
def test_only_a_valid_api_key_may_submit(
    who: str,
    prepare: Callable[[TestClient, dict[str, Person], AppContext, str], None],
    client: TestClient,
    people: dict[str, Person],
    api_key: str,
    ctx: AppContext,
    ole: dict[str, Any],
) -> None:
    prepare(client, people, ctx, api_key)
    before = table_counts(ctx)
    csrf = {CSRF_FIELD: csrf_of(client, "/anmodning")}  # a browser's token does not help either
    response = client.post(REQUESTS, json=ole, headers={**csrf, "Idempotency-Key": "k-1"})
    assert response.status_code == 401, who
    assert response.json() == {"detail": NO_KEY}
    assert response.headers["www-authenticate"] == "ApiKey"
    assert table_counts(ctx) == before


# --- idempotency ---------------------------------------------------------------------------------


def test_the_same_idempotency_key_and_body_get_the_first_answer_again(
    client: TestClient, api_key: str, ctx: AppContext, ole: dict[str, Any]
) -> None:
    first = submit(client, ole, api_key, "hr-4711")
    after_first = table_counts(ctx)
    reordered = dict(reversed(list(ole.items())))
    for body in (ole, reordered):
        again = submit(client, body, api_key, "hr-4711")
        assert (again.status_code, again.json()) == (202, first.json())
    assert table_counts(ctx) == after_first  # no second case, audit entry or stored answer
    assert after_first["idempotent_response"] == 1
    assert len(audit_entries(ctx)) == 1


def test_a_retry_gets_the_first_answer_even_where_the_request_would_now_be_refused(
    client: TestClient, api_key: str, ctx: AppContext, clock: FixedClock, ole: dict[str, Any]
) -> None:
    """The key is looked up before the request's rules are applied: here the server's clock was
    set back (an NTP correction) to before the request's time, which would refuse it as a
    request from the future; the retry is still the same request, and gets the same answer."""
    first = submit(client, ole, api_key, "hr-4711")
    assert first.status_code == 202
    after_first = table_counts(ctx)
    clock.set(datetime.fromisoformat(ole["requested_at"]) - timedelta(minutes=5))
    assert submit(client, ole, api_key, "hr-new").status_code == 422  # as a new request
    again = submit(client, ole, api_key, "hr-4711")
    assert (again.status_code, again.json()) == (202, first.json())
    assert table_counts(ctx) == after_first


def test_an_idempotency_key_reused_for_another_request_is_refused(
    client: TestClient,
    api_key: str,
    ctx: AppContext,
    ole: dict[str, Any],
    hanne_now: dict[str, Any],
) -> None:
    submit(client, ole, api_key, "hr-4711")
    before = table_counts(ctx)
    response = submit(client, hanne_now, api_key, "hr-4711")
    assert response.status_code == 422
    assert response.json() == {
        "detail": NOTHING_STORED,
        "reasons": [KEY_REUSED],
        "errors": [{"field": "Idempotency-Key", "message": KEY_REUSED}],
    }
    assert table_counts(ctx) == before


def test_a_refused_request_is_not_remembered_under_its_key(
    client: TestClient, api_key: str, ctx: AppContext, ole: dict[str, Any]
) -> None:
    before = table_counts(ctx)
    late = {**ole, "first_absence_day": (START.date() - timedelta(days=35)).isoformat()}
    refused = submit(client, late, api_key, "hr-1")
    assert refused.status_code == 422
    assert table_counts(ctx) == before  # no case, no audit entry, no stored answer
    corrected = submit(client, ole, api_key, "hr-1")
    assert corrected.status_code == 202


def test_idempotency_keys_belong_to_their_client(
    client: TestClient,
    api_key: str,
    ctx: AppContext,
    ole: dict[str, Any],
    hanne_now: dict[str, Any],
) -> None:
    other = create_api_key(ctx, "Lønsystem", as_of=START)
    assert submit(client, ole, api_key, "k-1").status_code == 202
    assert submit(client, hanne_now, other, "k-1").status_code == 202
    assert case_count(ctx) == 2
    assert [e.actor for e in audit_entries(ctx)] == ["api:HR-system", "api:Lønsystem"]


def test_an_empty_idempotency_key_is_refused_in_danish(
    client: TestClient, api_key: str, ctx: AppContext, ole: dict[str, Any]
) -> None:
    before = table_counts(ctx)
    response = submit(client, ole, api_key, "")
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "Idempotency-Key", "message": "Idempotency-Key må ikke være tom."}
    ]
    assert table_counts(ctx) == before


# --- validation: the API and the form say the same, next to the same field ---------------------


def _bad_cpr(request: dict[str, Any]) -> None:
    request["employee"]["cpr"] = "3102781234"  # 31 February


def _bad_email(request: dict[str, Any]) -> None:
    request["leader"]["email"] = "lise.berg"


def _empty_question(request: dict[str, Any]) -> None:
    request["questions"]["adaptation_tried"] = "   "


def _too_late(request: dict[str, Any]) -> None:
    request["first_absence_day"] = (START.date() - timedelta(days=40)).isoformat()


def _not_over_8_weeks(request: dict[str, Any]) -> None:
    request["expected_over_8_weeks"] = False


def _unserved_municipality(request: dict[str, Any]) -> None:
    request["employee"]["residence_municipality"] = "101"  # København: no demo job centre


@pytest.mark.parametrize(
    ("spoil", "field"),
    [
        (_bad_cpr, "employee.cpr"),
        (_bad_email, "leader.email"),
        (_empty_question, "questions.adaptation_tried"),
        (_too_late, "first_absence_day"),
        (_not_over_8_weeks, "expected_over_8_weeks"),
        (_unserved_municipality, "employee.residence_municipality"),
    ],
)
def test_the_api_and_the_form_refuse_with_the_same_danish_message_by_the_field(
    spoil: Callable[[dict[str, Any]], None],
    field: str,
    client: TestClient,
    api_key: str,
    ctx: AppContext,
    ole: dict[str, Any],
) -> None:
    request = copy.deepcopy(ole)
    spoil(request)
    before = table_counts(ctx)

    api = submit(client, request, api_key, "hr-1")
    assert api.status_code == 422
    body = api.json()
    assert body["detail"] == NOTHING_STORED
    [error] = body["errors"]
    assert error["field"] == field
    assert body["reasons"] == [error["message"]]

    fields = form_fields(request)
    form = client.post("/anmodning", data={**fields, CSRF_FIELD: csrf_of(client, "/anmodning")})
    assert form.status_code == 422
    shown = f'<p class="field-error" id="{field}-error">{html.escape(error["message"])}</p>'
    assert shown in form.text
    assert f'value="{html.escape(fields["employee.email"])}"' in form.text  # what was typed
    assert table_counts(ctx) == before


NOT_JSON = [{"field": "", "message": "Anmodningen er ikke gyldig JSON."}]


@pytest.mark.parametrize(
    ("content", "errors"),
    [
        (b"[]", [{"field": "", "message": "Anmodningen skal være et JSON-objekt."}]),
        (b"{", NOT_JSON),
        (b'{"a": "\xff"}', NOT_JSON),  # not UTF-8: FastAPI's own 400 became a Danish refusal
    ],
)
def test_a_body_that_is_no_request_is_refused_in_danish(
    content: bytes, errors: list[dict[str, str]], client: TestClient, api_key: str, ctx: AppContext
) -> None:
    before = table_counts(ctx)
    headers = {"X-API-Key": api_key, "Content-Type": "application/json"}
    response = client.post(REQUESTS, content=content, headers=headers)
    assert response.status_code == 422
    reasons = [error["message"] for error in errors]
    assert response.json() == {"detail": NOTHING_STORED, "reasons": reasons, "errors": errors}
    assert table_counts(ctx) == before


def test_unknown_and_missing_fields_are_named(
    client: TestClient, api_key: str, ctx: AppContext, ole: dict[str, Any]
) -> None:
    request = copy.deepcopy(ole)
    request["employee"]["cpr_nummer"] = request["employee"].pop("cpr")
    response = submit(client, request, api_key)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "employee.cpr", "message": "Medarbejderens CPR-nummer mangler."},
        {"field": "employee.cpr_nummer", "message": "employee.cpr_nummer er ikke et kendt felt."},
    ]


# --- CSRF on the public forms --------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/anmodning", "/anmodning/medarbejder"])
def test_a_request_form_posted_without_its_csrf_token_is_refused(
    path: str, client: TestClient, ctx: AppContext, ole: dict[str, Any]
) -> None:
    client.get(path)  # a session with a token exists; the post does not carry it
    before = table_counts(ctx)
    response = client.post(path, data=form_fields(ole))
    assert response.status_code == 403
    assert "Formularen er udløbet" in response.text
    after = table_counts(ctx)  # nothing but the refusal's audit entry
    refusal = {"audit_entry": before["audit_entry"] + 1, "audit_chain": 1}
    assert after == {**before, **refusal}


def test_the_case_its_audit_entry_and_the_remembered_answer_commit_together(
    client: TestClient, api_key: str, ctx: AppContext, ole: dict[str, Any], monkeypatch: Any
) -> None:
    def audit_log_down(*_: Any) -> None:
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr("fasttrack_core.web.api.log_submission", audit_log_down)
    before = table_counts(ctx)
    with pytest.raises(RuntimeError):
        submit(client, ole, api_key, "hr-1")
    assert table_counts(ctx) == before  # no case without its audit entry
