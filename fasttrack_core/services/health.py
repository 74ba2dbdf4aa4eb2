"""`fasttrack check`: is everything an installation needs in place? One check per part, each
with a Danish finding an operator can act on; nothing is changed."""

from __future__ import annotations

import asyncio
import os
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

import httpx
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from fasttrack_core.bootstrap import alembic_config
from fasttrack_core.db import Context
from fasttrack_core.models import OutboxMessage
from fasttrack_core.notify.smtp import SmtpClient, configuration_problem
from fasttrack_core.settings import Settings


@dataclass(frozen=True)
class Finding:
    check: str  # database, migrations, key, smtp, prefect, outbox
    ok: bool
    detail: str  # Danish: what was found, or what to change

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def check_everything(ctx: Context, settings: Settings, now: datetime) -> list[Finding]:
    database = check_database(ctx)
    findings = [check_key(settings), *database, asyncio.run(check_smtp(settings)), check_prefect()]
    if all(finding.ok for finding in database):  # the outbox needs a migrated database
        findings.append(check_outbox(ctx, settings, now))
    return findings


def check_key(settings: Settings) -> Finding:
    if settings.secret_key:
        return Finding("key", True, "Nøglen kommer fra FASTTRACK_SECRET_KEY.")
    path = settings.secret_key_file
    if not path.exists():
        return Finding("key", False, f"Nøglefilen {path} findes ikke (FASTTRACK_SECRET_KEY_FILE).")
    if not path.read_text("utf-8").strip():
        return Finding("key", False, f"Nøglefilen {path} er tom.")
    return Finding("key", True, f"Nøglefilen {path} findes.")


def check_database(ctx: Context) -> list[Finding]:
    try:
        with ctx.engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError as exc:
        problem = str(exc.orig if hasattr(exc, "orig") else exc).splitlines()[0]
        return [Finding("database", False, f"Databasen kan ikke nås: {problem}")]
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    reached = Finding("database", True, "Databasen kan nås.")
    if current == head:
        return [reached, Finding("migrations", True, f"Skemaet er opdateret ({head}).")]
    return [
        reached,
        Finding(
            "migrations",
            False,
            f"Skemaet er {current or 'tomt'}, men koden kræver {head}: kør `fasttrack db upgrade`.",
        ),
    ]


async def check_smtp(settings: Settings) -> Finding:
    """Connect, start TLS and log in as the dispatcher would; send nothing."""
    client = SmtpClient(settings)
    where = f"{settings.smtp_host}:{settings.smtp_port} ({settings.smtp_security})"
    try:
        await client.connect()
    except Exception as exc:
        problem = configuration_problem(exc, settings)
        if problem is not None:
            return Finding("smtp", False, problem)
        return Finding("smtp", False, f"SMTP-relæet {where} svarer ikke: {type(exc).__name__}.")
    finally:
        await client.close()
    login = " og login" if settings.smtp_username else ""
    return Finding("smtp", True, f"SMTP-relæet {where} svarer (forbindelse{login} i orden).")


def check_prefect() -> Finding:
    api_url = os.environ.get("PREFECT_API_URL")
    if not api_url:
        return Finding("prefect", True, "PREFECT_API_URL er ikke sat (den indbyggede opsætning).")
    try:
        answer = httpx.get(f"{api_url.rstrip('/')}/health", timeout=5)
    except httpx.HTTPError as exc:
        return Finding("prefect", False, f"Prefect-API'et {api_url} svarer ikke: {exc}.")
    if answer.status_code != 200:
        return Finding("prefect", False, f"Prefect-API'et {api_url} svarede {answer.status_code}.")
    return Finding("prefect", True, f"Prefect-API'et {api_url} svarer.")


def oldest_waiting(ctx: Context) -> datetime | None:
    """When the oldest message still waiting (pending or held) was queued."""
    with ctx.unit_of_work() as session:
        oldest: datetime | None = session.scalar(
            select(func.min(OutboxMessage.created_at)).where(
                OutboxMessage.status.in_(("pending", "held"))  # type: ignore[attr-defined]
            )
        )
    return oldest


def check_outbox(ctx: Context, settings: Settings, now: datetime) -> Finding:
    oldest = oldest_waiting(ctx)
    if oldest is None:
        return Finding("outbox", True, "Udbakken har ingen ventende e-mails.")
    if oldest.tzinfo is None:  # SQLite returns naive UTC
        from datetime import UTC

        oldest = oldest.replace(tzinfo=UTC)
    waited = now - oldest
    limit = timedelta(minutes=settings.outbox_alert_after_minutes)
    minutes = int(waited.total_seconds() // 60)
    if waited > limit:
        return Finding(
            "outbox",
            False,
            f"Den ældste ventende e-mail har ventet {minutes} minutter (grænse "
            f"{settings.outbox_alert_after_minutes}): se `fasttrack outbox list --status held`.",
        )
    return Finding("outbox", True, f"Den ældste ventende e-mail har ventet {minutes} minutter.")
