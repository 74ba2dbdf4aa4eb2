"""Telling Prefect that a request was received, without making the submitter wait for it.

`announce_request_received(reference)` posts one `fasttrack.request.received` event to the Prefect
API; the `intake` deployment's trigger (prefect.yaml) then starts the post-intake flow about a
second later. Where no Prefect server is configured, or it does not answer within a second or
two, nothing happens: the case is already open, and the scheduled delivery sends its notices.

Prefect is not imported here (its import takes seconds); the API address comes from
PREFECT_API_URL, else from the file `fasttrack up` writes while it runs.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx

log = logging.getLogger(__name__)

EVENT = "fasttrack.request.received"
RESOURCE_PREFIX = "fasttrack.case."
# Written by `fasttrack up` (relative to its working directory) while its server runs.
UP_API_URL_FILE = Path(".prefect") / "fasttrack-up-api-url"
TIMEOUT_S = 2.0


def prefect_api_url() -> str | None:
    """The Prefect API this process should talk to, if any."""
    url = os.environ.get("PREFECT_API_URL")
    if url:
        return url.rstrip("/")
    try:
        url = UP_API_URL_FILE.read_text("utf-8").strip()
    except OSError:
        return None
    return url.rstrip("/") or None


def announcing() -> bool:
    """Whether there is a Prefect API to announce to: without one, the web app does not even
    schedule the announcement after its answer."""
    return prefect_api_url() is not None


# One client for the process, its connections kept: `httpx.post` builds a client (and its TLS
# context) per call, which cost about 25 ms of CPU per received request (issue 13, measured).
_client: httpx.Client | None = None
_client_lock = threading.Lock()


def _shared_client() -> httpx.Client:
    global _client
    with _client_lock:
        if _client is None:
            _client = httpx.Client(timeout=TIMEOUT_S)
        return _client


def request_received_event(reference: str, occurred: datetime | None = None) -> dict[str, object]:
    """The event, as Prefect's events API takes it: the case reference and nothing else."""
    return {
        "id": str(uuid.uuid4()),
        "occurred": (occurred or datetime.now(UTC)).isoformat(),
        "event": EVENT,
        "resource": {
            "prefect.resource.id": f"{RESOURCE_PREFIX}{reference}",
            "prefect.resource.name": reference,
        },
        "related": [],
        "payload": {},
    }


def announce_request_received(reference: str, api_url: str | None = None) -> bool:
    """Emit `fasttrack.request.received` for the case; True when Prefect took it.

    Never raises: the request is accepted whether or not Prefect is reachable.
    """
    url = api_url or prefect_api_url()
    if url is None:
        return False
    headers = {"Content-Type": "application/json"}
    auth = os.environ.get("PREFECT_API_AUTH_STRING")
    if auth:
        headers["Authorization"] = "Basic " + base64.b64encode(auth.encode()).decode()
    key = os.environ.get("PREFECT_API_KEY")
    if key:
        headers["Authorization"] = f"Bearer {key}"
    try:
        response = _shared_client().post(
            f"{url}/events",
            content=json.dumps([request_received_event(reference)]),
            headers=headers,
        )
    except httpx.HTTPError as exc:
        log.info("Prefect did not take %s for %s (%s)", EVENT, reference, type(exc).__name__)
        return False
    if response.is_error:
        log.info("Prefect refused %s for %s (%s)", EVENT, reference, response.status_code)
        return False
    return True
