"""One dispatcher run: a producer claiming batches, and senders over reused SMTP connections that
record each result before sending on (in a worker thread: the database is synchronous)."""

from __future__ import annotations

import asyncio
import ssl
import time
from datetime import datetime, timedelta

from fasttrack_core.db import AppContext
from fasttrack_core.notify.dispatcher.claims import Claimed, claim_due
from fasttrack_core.notify.dispatcher.letters import post_letter
from fasttrack_core.notify.dispatcher.results import DeliverySummary, SendResult, record_results
from fasttrack_core.notify.outbox import EMAIL, LETTER
from fasttrack_core.notify.smtp import (
    Failure,
    SmtpClient,
    connection_failure,
    render_message,
    send_failure,
)
from fasttrack_core.settings import Settings

# A claimed row not sent within this (wall-clock) time is handed back unsent: a margin under
# claims.LEASE.
SEND_WITHIN = timedelta(minutes=5)
CLAIM_BATCH = 500
RECORD_BATCH = 250


class DeliveryRun:
    """One `deliver_due` run: a producer claiming batches, and senders that record each result
    (with whatever the others gathered meanwhile) before sending on."""

    def __init__(
        self,
        ctx: AppContext,
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
        self.pending: list[SendResult] = []
        self.record_lock = asyncio.Lock()
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
                    result = SendResult(row, send_failure(exc))
                self.pending.append(result)
                self.queue.task_done()
                # Recorded before this connection sends again: a crash can leave at most one
                # accepted message per connection unrecorded (and sent twice).
                await self.flush()
        finally:
            await client.close()

    async def deliver(self, client: SmtpClient, row: Claimed, send_by: float) -> SendResult:
        if row.fault is not None:  # its template or context: no later attempt would do better
            return SendResult(row, Failure(False, "render", row.fault))
        if row.channel == LETTER:  # the letter transport, not the relay
            return await asyncio.to_thread(post_letter, self.ctx, self.settings, row)
        if self.unreachable is not None:
            return SendResult(row, self.unreachable)
        if time.monotonic() > send_by:
            # A slow relay has held the batch so long that the claim may soon lapse and another
            # dispatcher take the row: hand it back unsent rather than risk sending it twice.
            return SendResult(row, released=True)
        try:
            message = render_message(row, self.settings)
        except (ValueError, TypeError) as exc:  # a row no relay would accept, now or later
            failure = Failure(False, type(exc).__name__, f"{type(exc).__name__}: {exc}")
            return SendResult(row, failure)
        if not client.connected:
            try:
                await client.connect()
            except Exception as exc:
                failure = connection_failure(exc, self.settings)
                return SendResult(row, self.connection_failed(failure))
        try:
            refused, answer = await client.send(message, row.recipients)
        except Exception as exc:
            failure = send_failure(exc)
            if isinstance(exc, OSError | TimeoutError) and not client.connected:
                failure = self.connection_failed(failure)
            return SendResult(row, failure)
        self.connection_failures = 0
        proof = {"channel": EMAIL, "relay_answer": answer} if row.proof else None
        return SendResult(row, refused=refused, proof=proof)

    def connection_failed(self, failure: Failure) -> Failure:
        self.connection_failures += 1
        if failure.configuration is not None or self.connection_failures >= self.connections:
            self.unreachable = failure
        return failure

    async def flush(self) -> None:
        """Record every result gathered so far (at most RECORD_BATCH a transaction). A caller
        waiting for the lock finds its result recorded by the flush that held it."""
        async with self.record_lock:
            while self.pending:
                batch, self.pending = self.pending[:RECORD_BATCH], self.pending[RECORD_BATCH:]
                recorded = await asyncio.to_thread(
                    record_results, self.ctx, self.settings, self.now, batch
                )
                self.summary.add(recorded)
