"""A request received through the API is announced to Prefect once, after the answer, naming
the case reference and nothing else (the event the `intake` deployment's trigger waits for)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from fasttrack_core.db import AppContext
from fasttrack_core.models import Case
from fasttrack_core.orchestration.announce import EVENT


class _EventsApi(BaseHTTPRequestHandler):
    """Prefect's `POST /events`, as far as the announcement uses it: it keeps what it is sent."""

    received: list[Any]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.path, json.loads(body)))
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_: Any) -> None:
        pass


@pytest.fixture
def prefect_events(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    received: list[Any] = []
    handler = type("Events", (_EventsApi,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("PREFECT_API_URL", f"http://127.0.0.1:{server.server_address[1]}/api")
    yield received
    server.shutdown()
    server.server_close()


def test_a_new_case_is_announced_once_by_its_reference_only(
    client: TestClient,
    api_key: str,
    ctx: AppContext,
    ole: dict[str, Any],
    prefect_events: list[Any],
) -> None:
    assert client.post("/api/requests", json=ole, headers={"X-API-Key": api_key}).status_code == 202
    # The same employee again: the open case is found, nothing new to announce.
    assert client.post("/api/requests", json=ole, headers={"X-API-Key": api_key}).status_code == 202

    with ctx.unit_of_work() as session:
        [reference] = session.exec(select(Case.reference)).all()
    [(path, [event])] = prefect_events
    assert path == "/api/events"
    assert event["event"] == EVENT
    assert event["resource"] == {
        "prefect.resource.id": f"fasttrack.case.{reference}",
        "prefect.resource.name": reference,
    }
    assert event["payload"] == {} and event["related"] == []
    assert ole["employee"]["cpr"] not in json.dumps(event)
