"""Pages anyone may open: the start page, the page about Fast track, the request forms."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from fastapi.testclient import TestClient
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.models import OutboxMessage
from fasttrack_core.notify.outbox import rendered
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.intake import submit_request
from tests.conftest import at


def _links(ctx: AppContext, kind: str) -> list[str]:
    with ctx.unit_of_work() as session:
        message = session.exec(select(OutboxMessage).where(col(OutboxMessage.kind) == kind)).one()
    return re.findall(r"http://127\.0\.0\.1:8000\S+", rendered(message).text)


def test_the_link_in_the_employees_notice_opens_the_page_about_fast_track(
    ctx: AppContext, client: TestClient, ole: dict[str, Any]
) -> None:
    submit_request(ctx, parse(RequestIn, ole), as_of=at("2026-03-24 12:00"))
    for kind in ("employee_notice", "leader_receipt"):
        paths = {urlsplit(link).path for link in _links(ctx, kind)}
        # The employee's notice also carries their personal link (issue 15): it asks for the
        # date of birth first.
        personal = {path for path in paths if path.startswith("/borger/")}
        assert len(personal) == (1 if kind == "employee_notice" else 0)
        (path,) = paths - personal
        response = client.get(path)
        assert response.status_code == 200
        assert "Fast track er <strong>ikke et tegn på afsked</strong>" in response.text
        for path in personal:
            assert "Din fødselsdato" in client.get(path).text


def test_the_consultants_link_asks_for_sign_in_first(
    ctx: AppContext, client: TestClient, ole: dict[str, Any]
) -> None:
    submit_request(ctx, parse(RequestIn, ole), as_of=at("2026-03-24 12:00"))
    (link,) = _links(ctx, "case_assigned")
    response = client.get(urlsplit(link).path)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/sager/FT-2026-000001"


def test_pages_are_danish_and_never_cached(client: TestClient) -> None:
    for path in ("/", "/om-fast-track", "/anmodning", "/anmodning/medarbejder", "/login"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert '<html lang="da">' in response.text
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["x-frame-options"] == "DENY"


def test_an_unknown_page_says_so_in_danish(client: TestClient) -> None:
    response = client.get("/findes-ikke")
    assert response.status_code == 404
    assert "Siden findes ikke." in response.text
