"""Recording what sending did, in batches of one transaction each (one UPDATE for all the sent
rows, one executemany for the rest).

Sent -> status sent; temporary failure (connection refused, lost or timed out, SMTP 4xx) ->
attempts + 1 and a retry after `backoff(attempts)`; permanent failure (SMTP 5xx, an address no
relay takes, a message its template or context cannot render) or `settings.smtp_max_attempts`
attempts -> status failed and a failure report;
a configuration error (the relay refuses the login or offers none, its certificate does not
verify, its host does not exist) -> status held, no attempt counted, the summary naming what to
change (held messages are due again at the next run: `release_held`).
A row handed back unsent (its claim ran out) is no attempt: it is due again a minute later.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam
from sqlmodel import Session, update

from fasttrack_core.db import AppContext
from fasttrack_core.notify.dispatcher.claims import OUTBOX, Claimed
from fasttrack_core.notify.dispatcher.dispatch_records import record_dispatches
from fasttrack_core.notify.dispatcher.failure_reports import report_failures
from fasttrack_core.notify.smtp import Failure
from fasttrack_core.settings import Settings

log = logging.getLogger(__name__)

# Retries wait 1, 2, 4, 8, 16, 32 minutes, then every hour. No jitter: the dispatcher already
# sends in batches (no thundering herd of single messages), and exact times keep tests exact.
BACKOFF_FIRST = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=1)


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt (1 -> 1 min, 2 -> 2 min, ... at most 1 h)."""
    doublings: int = min(max(attempts - 1, 0), 16)
    return min(BACKOFF_FIRST * (1 << doublings), BACKOFF_MAX)


@dataclass
class DeliverySummary:
    as_of: datetime
    sent: int = 0
    retried: int = 0
    failed: int = 0
    reported: int = 0  # delivery_failed messages queued for administrators
    held: int = 0  # held by a configuration error (see configuration_error)
    configuration_error: str | None = None  # what an operator must change (Danish)

    def as_dict(self) -> dict[str, object]:
        return {
            "as_of": self.as_of.isoformat(),
            "sent": self.sent,
            "retried": self.retried,
            "failed": self.failed,
            "reported": self.reported,
            "held": self.held,
            "configuration_error": self.configuration_error,
        }

    def add(self, other: DeliverySummary) -> None:
        """Count `other`'s messages in this summary too (its `as_of` is not compared)."""
        self.sent += other.sent
        self.retried += other.retried
        self.failed += other.failed
        self.reported += other.reported
        self.held += other.held
        self.configuration_error = other.configuration_error or self.configuration_error


@dataclass(frozen=True)
class SendResult:
    row: Claimed
    failure: Failure | None = None
    refused: dict[str, Any] = field(default_factory=dict)  # accepted for some recipients only
    released: bool = False  # not attempted: its claim ran out first (see DeliveryRun.deliver)
    # A message with legal effect that went: how (the relay's answer, or the letter's hash).
    proof: dict[str, str] | None = None


def record_results(
    ctx: AppContext, settings: Settings, now: datetime, results: Sequence[SendResult]
) -> DeliverySummary:
    """Write a batch of results in one transaction; queue the administrators' notices."""
    released = [result.row.id for result in results if result.released]
    batch = _Batch(now, settings.smtp_max_attempts)
    for result in results:
        if not result.released:
            batch.add(result)
    if released:
        log.warning("outbox: %d message(s) handed back unsent (the relay is slow)", len(released))
    if batch.summary.held:
        log.error(
            "outbox: %d message(s) held: %s", batch.summary.held, batch.summary.configuration_error
        )
    if batch.deferred:
        log.warning(
            "outbox: %d message(s) deferred (%s)",
            sum(batch.deferred.values()),
            ", ".join(f"{code}: {count}" for code, count in sorted(batch.deferred.items())),
        )
    # What was rendered for these rows is kept with their result: the outbox shows what was sent,
    # and a retry sends the same message.
    bodies = [
        {
            "row_id": result.row.id,
            "subject": result.row.subject,
            "text_body": result.row.text_body,
            "html_body": result.row.html_body,
        }
        for result in results
        if result.row.rendered_now
    ]
    with ctx.unit_of_work() as session:
        _write(session, now, batch.sent, batch.changes, released, bodies)
        record_dispatches(session, settings, now, [r for r in results if _went(r)])
        batch.summary.reported = report_failures(session, settings, now, batch.to_report)
        session.commit()
    return batch.summary


def _went(result: SendResult) -> bool:
    return result.proof is not None and result.failure is None and not result.released


class _Batch:
    """The changes a batch of attempted results makes, sorted by what happened to each."""

    def __init__(self, now: datetime, max_attempts: int) -> None:
        self.now, self.max_attempts = now, max_attempts
        self.summary = DeliverySummary(as_of=now)
        self.sent: list[int] = []  # the common case: one UPDATE for all of them
        self.changes: list[dict[str, Any]] = []  # the others, row by row (executemany)
        self.to_report: list[tuple[Claimed, str]] = []
        self.deferred: Counter[str] = Counter()

    def add(self, result: SendResult) -> None:
        row, failure = result.row, result.failure
        if failure is None and not result.refused:
            self.summary.sent += 1
            self.sent.append(row.id)
            return
        attempts = row.attempts + 1
        change: dict[str, Any] = {
            "row_id": row.id,
            "attempts": attempts,
            "status": "sent",
            "next_attempt_at": self.now,
            "sent_at": self.now,
            "last_error": None,
        }
        if failure is None:
            self.summary.sent += 1
            change["last_error"] = self._partly_refused(row, result.refused)
        elif failure.configuration is not None:
            self.summary.held += 1
            self.summary.configuration_error = failure.configuration
            change.update(
                status="held",
                attempts=row.attempts,  # not an attempt at this message: the relay's settings
                next_attempt_at=self.now,
                sent_at=None,
                last_error=failure.configuration,
            )
        elif failure.temporary and attempts < self.max_attempts:
            self.summary.retried += 1
            self.deferred[failure.code] += 1
            change.update(
                status="pending",
                next_attempt_at=self.now + backoff(attempts),
                sent_at=None,
                last_error=failure.error,
            )
        else:
            error = self._failed(row, failure, attempts)
            change.update(status="failed", sent_at=None, last_error=error)
        self.changes.append(change)

    def _partly_refused(self, row: Claimed, refused: dict[str, Any]) -> str:
        """Accepted for the others; the refused recipients will not get it (reported)."""
        codes = sorted({str(response[0]) for response in refused.values()})
        partial = (
            f"SMTP refused {len(refused)} of {len(row.recipients)} recipients "
            f"({', '.join(codes)}): "
            + "; ".join(f"{code} {text}" for code, text in refused.values())
        )
        self.to_report.append((row, partial))
        log.warning(
            "outbox %s (%s): sent, but %d recipient(s) refused (%s)",
            row.id,
            row.kind,
            len(refused),
            ", ".join(codes),
        )
        return partial

    def _failed(self, row: Claimed, failure: Failure, attempts: int) -> str:
        """Given up on: counted, reported and logged; returns the error to record."""
        self.summary.failed += 1
        error = failure.error
        if failure.temporary:
            error = f"gave up after {attempts} attempts; last: {failure.error}"
        self.to_report.append((row, error))
        log.error(
            "outbox %s (%s): failed after %d attempt(s) (%s)",
            row.id,
            row.kind,
            attempts,
            failure.code,
        )
        return error


# Built once: constructing a statement per batch cost several times the SQL it runs (a batch is
# often one message: each result is recorded before its connection sends on).
_SENT = (
    update(OUTBOX)
    .where(OUTBOX.c.id.in_(bindparam("ids", expanding=True)))
    .values(
        status="sent",
        attempts=OUTBOX.c.attempts + 1,
        sent_at=bindparam("now"),
        next_attempt_at=bindparam("now"),
        last_error=None,
    )
)
_CHANGED = update(OUTBOX).where(OUTBOX.c.id == bindparam("row_id"))
_RELEASED = (
    update(OUTBOX)
    .where(OUTBOX.c.id.in_(bindparam("ids", expanding=True)))
    .values(next_attempt_at=bindparam("later"))
)


def _write(
    session: Session,
    now: datetime,
    sent: list[int],
    changes: list[dict[str, Any]],
    released: list[int],
    bodies: list[dict[str, Any]],
) -> None:
    connection = session.connection()
    if bodies:
        connection.execute(_CHANGED, bodies)
    if sent:
        connection.execute(_SENT, {"ids": sent, "now": now})
    if changes:
        connection.execute(_CHANGED, changes)
    if released:  # not an attempt: due again in a minute, in the next run
        connection.execute(_RELEASED, {"ids": released, "later": now + BACKOFF_FIRST})


def release_held(ctx: AppContext) -> int:
    """Make the messages a configuration error held pending again: each run tries once more (after
    the settings are fixed they go out; otherwise they are held again at once, uncounted)."""
    with ctx.unit_of_work() as session:
        result = session.connection().execute(
            update(OUTBOX).where(OUTBOX.c.status == "held").values(status="pending")
        )
        session.commit()
    return result.rowcount
