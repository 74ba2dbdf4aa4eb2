"""`GET /api/kpis` (issue 17 item 6): the steering report's JSON for the steering group's BI,
behind an API key with the steering role; documented in the OpenAPI description."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import ApiRole
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.users import create_api_key
from tests.conftest import START

KPIS = "/api/kpis"
MARCH = {"from": "2026-03-01", "to": "2026-03-31"}


def _get(client: TestClient, key: str | None, **params: str) -> Any:
    headers = {} if key is None else {"X-API-Key": key}
    return client.get(KPIS, params=params, headers=headers)


def test_a_steering_key_reads_the_kpis_of_a_period(
    client: TestClient, ctx: AppContext, ole: dict[str, Any]
) -> None:
    submit_request(ctx, parse(RequestIn, ole), as_of=START)  # Ole's request, 24 March
    key = create_api_key(ctx, "Styregruppens BI", as_of=START, role=ApiRole.STEERING)
    answer = _get(client, key, **MARCH)
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert data["period"] == {"from": "2026-03-01", "to": "2026-03-31"}
    assert data["kpis"]["requests"]["value"] == 1
    assert "timeliness" in data["breakdowns"]
    assert "0304782678" not in answer.text and ole["employee"]["name"] not in answer.text
    one = _get(client, key, municipality="250", **MARCH).json()
    assert one["kpis"]["requests"]["value"] == 0 and one["scope"]["municipality"] == "250"


def test_keys_without_the_role_or_for_another_municipality_are_refused(
    client: TestClient, ctx: AppContext, api_key: str
) -> None:
    assert _get(client, None, **MARCH).status_code == 401
    assert _get(client, "ft_not-a-key", **MARCH).status_code == 401
    assert _get(client, api_key, **MARCH).status_code == 403  # an HR system's intake key
    ishoj = create_api_key(ctx, "Ishøjs BI", as_of=START, role=ApiRole.STEERING, municipality="183")
    assert _get(client, ishoj, municipality="250", **MARCH).status_code == 403
    own = _get(client, ishoj, **MARCH).json()
    assert own["scope"]["municipality"] == "183"
    # A steering key cannot submit a request.
    assert client.post("/api/requests", json={}, headers={"X-API-Key": ishoj}).status_code == 403


def test_bad_periods_are_refused_in_danish(client: TestClient, ctx: AppContext) -> None:
    key = create_api_key(ctx, "BI", as_of=START, role=ApiRole.STEERING)
    bad_day = _get(client, key, **{"from": "2026-13-01", "to": "2026-03-31"})
    assert bad_day.status_code == 422 and "er ikke en dato" in bad_day.text
    backwards = _get(client, key, **{"from": "2026-03-31", "to": "2026-03-01"})
    assert backwards.status_code == 422 and "efter den slutter" in backwards.text
    unknown = _get(client, key, municipality="999", **MARCH)
    assert unknown.status_code == 422 and "999" in unknown.text
    assert _get(client, key).status_code == 422  # no period at all


def test_the_openapi_description_documents_the_kpis(client: TestClient) -> None:
    operation = client.get("/api/openapi.json").json()["paths"][KPIS]["get"]
    assert operation["security"] == [{"APIKeyHeader": []}]
    assert {p["name"] for p in operation["parameters"]} >= {"from", "to", "municipality"}
    assert set(operation["responses"]) >= {"200", "401", "403", "422"}
