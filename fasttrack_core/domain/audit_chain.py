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
    content = [
        prev_hash,
        seq,
        at.astimezone(UTC).isoformat(),
        actor,
        action,
        case_id,
        detail,
        purpose,
    ]
    canonical = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
