"""The outbox dispatcher: delivers due messages over SMTP, retries, and reports what fails.

`deliver_due(ctx, settings, now)`:
1. claims due messages in short transactions of up to CLAIM_BATCH rows: one UPDATE that moves
   their next attempt to `now + LEASE` (on PostgreSQL the rows are chosen `FOR UPDATE SKIP
   LOCKED`; on SQLite the single statement holds the write lock), so a concurrent dispatcher
   neither waits for them nor sends them again;
2. sends them concurrently over `settings.smtp_connections` reused SMTP connections;
3. records the results in batches of RECORD_BATCH, one transaction each (one UPDATE for all the
   sent rows, one executemany for the rest): sent -> status sent; temporary failure (connection
   refused, lost or timed out, SMTP 4xx) -> attempts + 1 and a retry after `backoff(attempts)`;
   permanent failure (SMTP 5xx, an address no relay takes) or `settings.smtp_max_attempts`
   attempts -> status failed and a `delivery_failed` message to the job centre's administrator
   (never about a `delivery_failed` message: that is only logged); a configuration error (the
   relay refuses the login or offers none, its certificate does not verify, its host does not
   exist) -> status held, attempts not counted, and the summary names what to change. Held
   messages are due again at the start of the next run, so fixing the settings sends them.

A message is never dropped: whatever happens, its row ends sent, failed, or pending with a next
attempt. A crash between sending and recording leaves the row claimed until the lease ends; it
is then sent again with the same Message-ID, so the receiver can recognise the duplicate.
Logs carry outbox ids, kinds and SMTP codes only: no addresses, subjects or bodies.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam
from sqlmodel import Session, col, select, update

from fasttrack_core.db import Context
from fasttrack_core.models import Case, JobCentre, OutboxMessage
from fasttrack_core.notify.outbox import queue_message
from fasttrack_core.notify.rendering import redact
from fasttrack_core.notify.smtp import (
    Failure,
    SmtpClient,
    connection_failure,
    render_message,
    send_failure,
)
from fasttrack_core.settings import Settings

log = logging.getLogger(__name__)

DELIVERY_FAILED = "delivery_failed"
STATUSES = ("pending", "held", "sent", "failed")

# Retries wait 1, 2, 4, 8, 16, 32 minutes, then every hour. No jitter: the dispatcher already
# sends in batches (no thundering herd of single messages), and exact times keep tests exact.
BACKOFF_FIRST = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=1)
# How long a claimed message is reserved for the dispatcher that claimed it. Far longer than a
# batch takes to send; after a crash the message becomes due again when it ends.
LEASE = timedelta(minutes=10)
# A claimed row not sent within this (wall-clock) time is handed back unsent: a margin under LEASE.
SEND_WITHIN = timedelta(minutes=5)
CLAIM_BATCH = 500
RECORD_BATCH = 250


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


@dataclass(frozen=True, slots=True)
class Claimed:
    """A claimed outbox row: what sending and recording it need (see smtp.MessageRow)."""

    id: int
    dedupe_key: str
    kind: str
    case_id: int | None
    recipients: list[str]
    subject: str
    text_body: str
    html_body: str
    attachments: list[dict[str, str]]
    attempts: int
    created_at: datetime


_OUTBOX = OutboxMessage.__table__  # type: ignore[attr-defined]
_CLAIMED_COLUMNS = [_OUTBOX.c[name] for name in Claimed.__slots__]


@dataclass(frozen=True)
class _Result:
    row: Claimed
    failure: Failure | None = None
    refused: dict[str, Any] = field(default_factory=dict)  # accepted for some recipients only
    released: bool = False  # not attempted: its claim ran out first (see _Run.deliver)


# --- the database side (synchronous, run in a worker thread) -------------------------------------


def claim_due(ctx: Context, now: datetime, limit: int) -> list[Claimed]:
    """Reserve up to `limit` due pending messages for this dispatcher, oldest first."""
    due = (
        select(col(OutboxMessage.id))
        .where(col(OutboxMessage.status) == "pending", col(OutboxMessage.next_attempt_at) <= now)
        .order_by(col(OutboxMessage.next_attempt_at), col(OutboxMessage.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    # Core, not ORM entities: this runs beside the sending, and ORM loading would cost more
    # per message than the claim's SQL.
    statement = (
        update(_OUTBOX)
        .where(_OUTBOX.c.id.in_(due.scalar_subquery()))
        .values(next_attempt_at=now + LEASE)
        .returning(*_CLAIMED_COLUMNS)
    )
    with ctx.unit_of_work() as session:
        rows = [Claimed(*values) for values in session.execute(statement)]
        session.commit()
    return sorted(rows, key=lambda row: row.id)


def record_results(
    ctx: Context, settings: Settings, now: datetime, results: Sequence[_Result]
) -> DeliverySummary:
    """Write a batch of results in one transaction; queue the administrators' notices."""
    summary = DeliverySummary(as_of=now)
    sent: list[int] = []  # the common case: one UPDATE for all of them
    released = [result.row.id for result in results if result.released]
    results = [result for result in results if not result.released]
    changes: list[dict[str, Any]] = []  # the others, row by row (executemany)
    to_report: list[tuple[Claimed, str]] = []
    deferred: Counter[str] = Counter()
    for result in results:
        row, failure = result.row, result.failure
        attempts = row.attempts + 1
        change: dict[str, Any] = {
            "row_id": row.id,
            "attempts": attempts,
            "status": "sent",
            "next_attempt_at": now,
            "sent_at": now,
            "last_error": None,
        }
        if failure is None and not result.refused:
            summary.sent += 1
            sent.append(row.id)
            continue
        if failure is None:
            summary.sent += 1
            if result.refused:
                # Accepted for the others; the refused recipients will not get it.
                codes = sorted({str(response[0]) for response in result.refused.values()})
                partial = (
                    f"SMTP refused {len(result.refused)} of {len(row.recipients)} recipients "
                    f"({', '.join(codes)}): "
                    + "; ".join(f"{code} {text}" for code, text in result.refused.values())
                )
                change["last_error"] = partial
                to_report.append((row, partial))
                log.warning(
                    "outbox %s (%s): sent, but %d recipient(s) refused (%s)",
                    row.id,
                    row.kind,
                    len(result.refused),
                    ", ".join(codes),
                )
        elif failure.configuration is not None:
            summary.held += 1
            summary.configuration_error = failure.configuration
            change.update(
                status="held",
                attempts=row.attempts,  # not an attempt at this message: the relay is misconfigured
                next_attempt_at=now,
                sent_at=None,
                last_error=failure.configuration,
            )
        elif failure.temporary and attempts < settings.smtp_max_attempts:
            summary.retried += 1
            deferred[failure.code] += 1
            change.update(
                status="pending",
                next_attempt_at=now + backoff(attempts),
                sent_at=None,
                last_error=failure.error,
            )
        else:
            summary.failed += 1
            error = failure.error
            if failure.temporary:
                error = f"gave up after {attempts} attempts; last: {failure.error}"
            change.update(status="failed", sent_at=None, last_error=error)
            to_report.append((row, error))
            log.error(
                "outbox %s (%s): failed after %d attempt(s) (%s)",
                row.id,
                row.kind,
                attempts,
                failure.code,
            )
        changes.append(change)
    if released:
        log.warning("outbox: %d message(s) handed back unsent (the relay is slow)", len(released))
    if summary.held:
        log.error("outbox: %d message(s) held: %s", summary.held, summary.configuration_error)
    if deferred:
        log.warning(
            "outbox: %d message(s) deferred (%s)",
            sum(deferred.values()),
            ", ".join(f"{code}: {count}" for code, count in sorted(deferred.items())),
        )
    with ctx.unit_of_work() as session:
        if sent:
            session.execute(
                update(_OUTBOX)
                .where(_OUTBOX.c.id.in_(sent))
                .values(
                    status="sent",
                    attempts=_OUTBOX.c.attempts + 1,
                    sent_at=now,
                    next_attempt_at=now,
                    last_error=None,
                )
            )
        if changes:
            by_id = update(_OUTBOX).where(_OUTBOX.c.id == bindparam("row_id"))
            session.execute(by_id, changes)
        if released:  # not an attempt: due again in a minute, in the next run
            later = now + BACKOFF_FIRST
            session.execute(
                update(_OUTBOX).where(_OUTBOX.c.id.in_(released)).values(next_attempt_at=later)
            )
        summary.reported = _report_failures(session, settings, now, to_report)
        session.commit()
    return summary


def _report_failures(
    session: Session, settings: Settings, now: datetime, failed: list[tuple[Claimed, str]]
) -> int:
    """Queue one `delivery_failed` per failed message, to its job centre's administrator."""
    for row, _ in failed:
        if row.kind == DELIVERY_FAILED:
            log.error("outbox %s (%s): not reported (it is a failure report)", row.id, row.kind)
    failed = [(row, error) for row, error in failed if row.kind != DELIVERY_FAILED]
    if not failed:
        return 0
    case_ids = {row.case_id for row, _ in failed if row.case_id is not None}
    cases: dict[int, tuple[str | None, str, str | None]] = {}
    if case_ids:
        query = (
            select(col(Case.id), col(Case.reference), col(JobCentre.name), JobCentre.admin_email)
            .join(JobCentre, col(JobCentre.id) == col(Case.job_centre_id))
            .where(col(Case.id).in_(case_ids))
        )
        for case_id, case_reference, centre_name, admin_email in session.exec(query):
            cases[case_id or 0] = (case_reference, centre_name, admin_email)
    reported = 0
    for row, error in failed:
        reference, centre, admin = cases.get(row.case_id or -1, (None, "Jobcentret", None))
        try:
            queue_message(
                session,
                dedupe_key=f"{DELIVERY_FAILED}:{row.id}",
                kind=DELIVERY_FAILED,
                recipients=[admin or settings.admin_email],
                context={
                    "reference": reference,
                    "job_centre": centre,
                    "link": settings.base_url,
                    "outbox_id": row.id,
                    "kind": row.kind,
                    "error": redact(error),
                },
                now=now,
                case_id=row.case_id,
            )
        except Exception as exc:  # a broken template must not undo the recorded failure
            log.error(
                "outbox %s (%s): could not queue %s (%s)",
                row.id,
                row.kind,
                DELIVERY_FAILED,
                type(exc).__name__,
            )
            continue
        reported += 1
    return reported


# --- the sending side ----------------------------------------------------------------------------


class _Run:
    """One `deliver_due` run: a producer claiming batches, senders, and a batching recorder."""

    def __init__(
        self,
        ctx: Context,
        settings: Settings,
        now: datetime,
        limit: int | None,
        tls_context: ssl.SSLContext | None,
    ) -> None:
        self.ctx, self.settings, self.now, self.limit = ctx, settings, now, limit
        self.tls_context = tls_context
        self.connections = max(1, settings.smtp_connections)
        # Each claimed row with the monotonic time by which it must have been sent.
        self.queue: asyncio.Queue[tuple[Claimed, float] | None] = asyncio.Queue(CLAIM_BATCH)
        self.pending: list[_Result] = []
        self.record_lock = asyncio.Lock()
        self.recorders: set[asyncio.Task[None]] = set()
        self.summary = DeliverySummary(as_of=now)
        # Connections that failed in a row across all senders (refused, timed out, lost; not SMTP
        # replies): when there have been as many as connections, the relay is taken as
        # unreachable and the rest of the run is deferred at once, not tried message by message.
        self.connection_failures = 0
        self.unreachable: Failure | None = None

    async def run(self) -> DeliverySummary:
        senders = [asyncio.create_task(self.sender()) for _ in range(self.connections)]
        try:
            await self.produce()
            for _ in senders:
                await self.queue.put(None)
            await asyncio.gather(*senders)
        finally:
            for task in senders:
                task.cancel()
            await self.flush()
            await asyncio.gather(*self.recorders)
        return self.summary

    async def produce(self) -> None:
        claimed = 0
        settled = False  # everything handed out so far has been recorded
        # A small first claim lets sending start at once; the rest come in full batches.
        batch = min(CLAIM_BATCH, 8 * self.connections)
        while self.limit is None or claimed < self.limit:
            size = batch if self.limit is None else min(batch, self.limit - claimed)
            batch = CLAIM_BATCH
            rows = await asyncio.to_thread(claim_due, self.ctx, self.now, size)
            if rows:
                settled = False
                claimed += len(rows)
                send_by = time.monotonic() + SEND_WITHIN.total_seconds()
                for row in rows:
                    await self.queue.put((row, send_by))
                continue
            if settled:
                return
            # Nothing due: wait for what is in flight, which may queue failure reports that are
            # themselves due now; then look once more.
            await self.queue.join()
            await self.flush()
            settled = True

    async def sender(self) -> None:
        client = SmtpClient(self.settings, self.tls_context)
        try:
            while (item := await self.queue.get()) is not None:
                row, send_by = item
                try:
                    result = await self.deliver(client, row, send_by)
                except Exception as exc:  # never lose a claimed message to an unforeseen error
                    result = _Result(row, send_failure(exc))
                self.pending.append(result)
                self.queue.task_done()
                if len(self.pending) >= RECORD_BATCH and not self.record_lock.locked():
                    task = asyncio.create_task(self.flush())
                    self.recorders.add(task)
                    task.add_done_callback(self.recorders.discard)
        finally:
            await client.close()

    async def deliver(self, client: SmtpClient, row: Claimed, send_by: float) -> _Result:
        if self.unreachable is not None:
            return _Result(row, self.unreachable)
        if time.monotonic() > send_by:
            # A slow relay has held the batch so long that the claim may soon lapse and another
            # dispatcher take the row: hand it back unsent rather than risk sending it twice.
            return _Result(row, released=True)
        try:
            message = render_message(row, self.settings)
        except (ValueError, TypeError) as exc:  # a row no relay would accept, now or later
            return _Result(row, Failure(False, type(exc).__name__, f"{type(exc).__name__}: {exc}"))
        if not client.connected:
            try:
                await client.connect()
            except Exception as exc:
                failure = connection_failure(exc, self.settings)
                return _Result(row, self.connection_failed(failure))
        try:
            refused = await client.send(message, row.recipients)
        except Exception as exc:
            failure = send_failure(exc)
            if isinstance(exc, OSError | TimeoutError) and not client.connected:
                failure = self.connection_failed(failure)
            return _Result(row, failure)
        self.connection_failures = 0
        return _Result(row, refused=refused)

    def connection_failed(self, failure: Failure) -> Failure:
        self.connection_failures += 1
        if failure.configuration is not None or self.connection_failures >= self.connections:
            self.unreachable = failure
        return failure

    async def flush(self) -> None:
        """Record every result gathered so far (one batch at a time)."""
        async with self.record_lock:
            while self.pending:
                batch, self.pending = self.pending[:RECORD_BATCH], self.pending[RECORD_BATCH:]
                recorded = await asyncio.to_thread(
                    record_results, self.ctx, self.settings, self.now, batch
                )
                self.summary.sent += recorded.sent
                self.summary.retried += recorded.retried
                self.summary.failed += recorded.failed
                self.summary.reported += recorded.reported
                self.summary.held += recorded.held
                self.summary.configuration_error = (
                    recorded.configuration_error or self.summary.configuration_error
                )


async def deliver_due(
    ctx: Context,
    settings: Settings,
    now: datetime,
    *,
    limit: int | None = None,
    tls_context: ssl.SSLContext | None = None,
) -> DeliverySummary:
    """Deliver every message due at `now` (at most `limit`). Safe to run concurrently."""
    await asyncio.to_thread(release_held, ctx)
    return await _Run(ctx, settings, now, limit, tls_context).run()


def release_held(ctx: Context) -> int:
    """Make the messages a configuration error held pending again (each run tries once more:
    after the settings are fixed they go out; otherwise they are held again at once)."""
    with ctx.unit_of_work() as session:
        result = session.connection().execute(
            update(_OUTBOX).where(_OUTBOX.c.status == "held").values(status="pending")
        )
        session.commit()
    return result.rowcount


# --- listing -------------------------------------------------------------------------------------


def list_messages(
    ctx: Context, status: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """The outbox, newest first, optionally only one status (pending, sent, failed)."""
    query = (
        select(OutboxMessage, Case.reference)
        .outerjoin(Case, col(Case.id) == col(OutboxMessage.case_id))
        .order_by(col(OutboxMessage.id).desc())
        .limit(limit)
    )
    if status is not None:
        query = query.where(col(OutboxMessage.status) == status)
    with ctx.unit_of_work() as session:
        return [
            {
                "id": row.id,
                "kind": row.kind,
                "reference": reference,
                "case_id": row.case_id,
                "recipients": row.recipients,
                "subject": row.subject,
                "status": row.status,
                "attempts": row.attempts,
                "next_attempt_at": row.next_attempt_at.isoformat(),
                "created_at": row.created_at.isoformat(),
                "sent_at": row.sent_at.isoformat() if row.sent_at else None,
                "last_error": row.last_error,
            }
            for row, reference in session.exec(query)
        ]
