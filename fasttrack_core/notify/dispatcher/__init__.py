"""The outbox dispatcher: delivers due messages over SMTP, retries, and reports what fails.

`deliver_due(ctx, settings, now)`:
1. claims due messages in short transactions of up to CLAIM_BATCH rows (`claims`), so a
   concurrent dispatcher neither waits for them nor sends them again, and renders those queued
   as a template context after the claim's commit (one that cannot be rendered fails at once,
   reported as below);
2. sends them concurrently over `settings.smtp_connections` reused SMTP connections (`sending`);
3. records each result before its connection sends the next message, in a short transaction
   shared with the results the other connections gathered meanwhile (group commit; `results`):
   sent, retried after `backoff(attempts)`, or failed and reported to the job centre's
   administrator (`failure_reports`), each with the subject and bodies rendered for it (the outbox
   keeps what was sent); a configuration error holds the messages (status held, no attempt
   counted) until a run after the settings are fixed.

A message is never dropped: whatever happens, its row ends sent, failed, or pending with a next
attempt. A crash between sending and recording leaves the row claimed until the lease ends; it
is then sent again with the same Message-ID, so the receiver can recognise the duplicate: at most
one message per SMTP connection, as each result is committed before the connection sends on.
Logs carry outbox ids, kinds and SMTP codes only: no addresses, subjects or bodies.
"""

from __future__ import annotations

import asyncio
import ssl
from datetime import datetime

from fasttrack_core.db import AppContext
from fasttrack_core.notify.dispatcher.listing import STATUSES, list_messages
from fasttrack_core.notify.dispatcher.results import DeliverySummary, backoff, release_held
from fasttrack_core.notify.dispatcher.sending import DeliveryRun
from fasttrack_core.settings import Settings

__all__ = ["STATUSES", "DeliverySummary", "backoff", "deliver_due", "list_messages"]


async def deliver_due(
    ctx: AppContext,
    settings: Settings,
    now: datetime,
    *,
    limit: int | None = None,
    tls_context: ssl.SSLContext | None = None,
) -> DeliverySummary:
    """Deliver every message due at `now` (at most `limit`). Safe to run concurrently."""
    await asyncio.to_thread(release_held, ctx)
    return await DeliveryRun(ctx, settings, now, limit, tls_context).run()
