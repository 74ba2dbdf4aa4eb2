"""A steering member runs a prepared what-if scenario from /rapporter (issue 17 item 4); a
consultant may not, and an unknown scenario is refused in Danish."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from fasttrack_core.web import reports
from tests.web.conftest import Person, sign_in

pytestmark = pytest.mark.parametrize("engine", ["sqlite"], indirect=True)


def test_a_steering_member_runs_a_prepared_scenario(
    client: TestClient, people: dict[str, Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reports, "WHATIF_CASES", 12)  # a year of Ishøj takes a minute: smaller
    monkeypatch.setattr(reports, "WHATIF_DAYS", 30)
    sign_in(client, people["steering"])
    choose = client.get("/rapporter")
    assert 'name="scenarie"' in choose.text and "En konsulent mere" in choose.text
    answer = client.get("/rapporter/hvad-hvis", params={"scenarie": "en-konsulent-mere"})
    assert answer.status_code == 200, answer.text[:500]
    assert "Hvad nu hvis: En konsulent mere" in answer.text and "kommune 183" in answer.text
    unknown = client.get("/rapporter/hvad-hvis", params={"scenarie": "../etc/passwd"})
    assert unknown.status_code == 422 and "forberedte scenarier" in unknown.text


def test_a_consultant_may_not_run_a_scenario(client: TestClient, people: dict[str, Person]) -> None:
    sign_in(client, people["consultant"])
    answer = client.get("/rapporter/hvad-hvis", params={"scenarie": "en-konsulent-mere"})
    assert answer.status_code == 403
