"""Recording any event a consultant records: the ordinary ones (`services/recording.py`), a
correction and a reopening (`services/corrections.py`). The CLI and the case page call this."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fasttrack_core.db import AppContext
from fasttrack_core.domain.vocabulary import EventKind
from fasttrack_core.services.audit import Actor
from fasttrack_core.services.corrections import correct_event, reopen_case
from fasttrack_core.services.recording import RecordResult, parse_kind, record_event

SEPARATE = {EventKind.CORRECTED: correct_event, EventKind.REOPENED: reopen_case}


def record(
    ctx: AppContext,
    reference: str,
    kind: str,
    at: datetime,
    data: dict[str, Any] | None,
    *,
    as_of: datetime,
    actor: str = "konsulent",
    audit: Actor | None = None,
) -> RecordResult:
    """Record `kind` on the case at `at` (business time `as_of`), refused in Danish when it
    makes no sense; audited with `audit`."""
    event_kind = parse_kind(kind)
    use_case = SEPARATE.get(event_kind)
    if use_case is None:
        return record_event(
            ctx, reference, event_kind, at, data, as_of=as_of, actor=actor, audit=audit
        )
    return use_case(ctx, reference, at, data, as_of=as_of, actor=actor, audit=audit)
