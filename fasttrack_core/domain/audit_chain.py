"""The audit log as a hash chain: each entry's hash covers its content and the previous entry's
hash, so changing, removing or inserting an entry breaks every link after it."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

GENESIS = "0" * 64  # the "previous hash" of the first entry


def entry_hash(
    prev_hash: str,
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    case_id: int | None,
    detail: str | None,
    purpose: str,
) -> str:
    return chained_hash(prev_hash, seq, entry_content(at, actor, action, case_id, detail, purpose))


def entry_content(
    at: datetime, actor: str, action: str, case_id: int | None, detail: str | None, purpose: str
) -> str:
    """What an entry's hash covers besides its place in the chain, as a canonical JSON array."""
    content = [at.astimezone(UTC).isoformat(), actor, action, case_id, detail, purpose]
    return json.dumps(content, ensure_ascii=False, separators=(",", ":"))


def chained_hash(prev_hash: str, seq: int, content: str) -> str:
    """The SHA-256 of the JSON array [prev_hash, seq, *content]: PostgreSQL's
    `append_audit_entry` (migration 0025) computes the same from the same text."""
    canonical = f'["{prev_hash}",{seq},{content[1:]}'
    return hashlib.sha256(canonical.encode()).hexdigest()
