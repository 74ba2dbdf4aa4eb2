"""Idempotency-Key for the API (issue 6): a repeated key gets the first answer again.

Only answers that changed something are remembered (a refusal changes nothing, so repeating it
refuses again). A key used again with a different request is refused.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from fasttrack_core.db import insert_new
from fasttrack_core.errors import Refused
from fasttrack_core.models import IdempotentResponse

_TABLE = IdempotentResponse.metadata.tables["idempotent_response"]
KEY_REUSED = (
    "Idempotency-Key er allerede brugt til en anden anmodning. Brug en ny nøgle til en ny "
    "anmodning."
)


def fingerprint(payload: Any) -> str:
    """The same request gives the same fingerprint, whatever the order of its fields."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class _Stored:
    request_hash: str
    status_code: int
    body: dict[str, Any]


# Built once, read by columns on the session's connection (every API request asks it).
_STORED = select(
    col(IdempotentResponse.request_hash),
    col(IdempotentResponse.status_code),
    col(IdempotentResponse.body),
).where(
    col(IdempotentResponse.api_key_id) == bindparam("client_id"),
    col(IdempotentResponse.key) == bindparam("key"),
)


def _stored(session: Session, client_id: int, key: str) -> _Stored | None:
    row = session.connection().execute(_STORED, {"client_id": client_id, "key": key}).first()
    return None if row is None else _Stored(*row)


class Replayed(Exception):
    """The first answer to a key, given again instead of handling the request a second time."""

    def __init__(self, status_code: int, body: dict[str, Any]) -> None:
        super().__init__(status_code)
        self.status_code = status_code
        self.body = body


def replay(session: Session, client_id: int, key: str, request_fingerprint: str) -> None:
    """Raise Replayed with the first answer to this key, or Refused if the key was used for
    another request; return if the key is new. Called first in the transaction that would
    handle the request, so a retry gets its answer even if the request would now be refused."""
    stored = _stored(session, client_id, key)
    if stored is None:
        return
    if stored.request_hash != request_fingerprint:
        raise Refused(KEY_REUSED, fields={"Idempotency-Key": KEY_REUSED})
    raise Replayed(stored.status_code, stored.body)


def remember(
    session: Session,
    client_id: int,
    key: str,
    request_fingerprint: str,
    status_code: int,
    body: dict[str, Any],
    now: datetime,
) -> tuple[int, dict[str, Any]]:
    """Keep the answer unless the same key was answered meanwhile; return the first answer."""
    row = {
        "api_key_id": client_id,
        "key": key,
        "request_hash": request_fingerprint,
        "status_code": status_code,
        "body": body,
        "created_at": now,
    }
    if insert_new(session, _TABLE, [row], key=("api_key_id", "key")):
        return status_code, body
    first = _stored(session, client_id, key)
    assert first is not None  # the concurrent request that answered this key first
    return first.status_code, first.body
