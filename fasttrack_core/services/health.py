"""`fasttrack check`: is everything an installation needs in place? One check per part, each
with a Danish finding an operator can act on; nothing is changed."""

from __future__ import annotations

import asyncio
import os
from dataclasses import asdict, dataclass
from datetime import datetime

import httpx
from sqlalchemy.exc import SQLAlchemyError

from fasttrack_core.db import AppContext
from fasttrack_core.errors import Refused
from fasttrack_core.keyring import verify_data_key
from fasttrack_core.migrations import schema_revisions
from fasttrack_core.notify.smtp import SmtpClient, configuration_problem
from fasttrack_core.services.watchdog import as_utc, missed_runs, waiting_mail, waiting_problem
from fasttrack_core.settings import Settings


@dataclass(frozen=True)
class Finding:
    check: str  # database, migrations, key, smtp, prefect, schedules, outbox
    ok: bool
    detail: str  # Danish: what was found, or what to change

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def check_everything(ctx: AppContext, settings: Settings, now: datetime) -> list[Finding]:
    """Every check. Nothing is changed, except that a database never opened with a key check
    gets the key's check value recorded (as every command that acts records it)."""
    database = check_database(ctx)
    migrated = all(finding.ok for finding in database)  # the key and the outbox need the schema
    prefect = check_prefect()
    findings = [*database, asyncio.run(check_smtp(settings)), prefect]
    api_url = os.environ.get("PREFECT_API_URL")
    if api_url and prefect.ok:
        findings.append(check_schedules(api_url, now))
    if migrated:
        findings.insert(0, check_key(ctx))
        findings.append(check_outbox(ctx, settings, now))
    return findings


def check_key(ctx: AppContext) -> Finding:
    """The data key is the one the database's encrypted values were written with."""
    try:
        verify_data_key(ctx)
    except Refused as problem:
        return Finding("key", False, " ".join(problem.reasons))
    return Finding("key", True, f"Datanøglen {ctx.vault.key_id} passer til databasen.")


def check_database(ctx: AppContext) -> list[Finding]:
    try:
        current, head = schema_revisions(ctx.engine)
    except SQLAlchemyError as exc:
        problem = str(exc.orig if hasattr(exc, "orig") else exc).splitlines()[0]
        return [Finding("database", False, f"Databasen kan ikke nås: {problem}")]
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


def check_outbox(ctx: AppContext, settings: Settings, now: datetime) -> Finding:
    late = waiting_problem(ctx, settings, now)
    if late is not None:
        return Finding("outbox", False, f"{late.detail} Se `fasttrack outbox list --status held`.")
    count, oldest = waiting_mail(ctx)
    if oldest is None:
        return Finding("outbox", True, "Udbakken har ingen ventende e-mails.")
    minutes = int((now - as_utc(oldest)).total_seconds() // 60)
    return Finding(
        "outbox", True, f"{count} e-mails venter; den ældste har ventet {minutes} minutter."
    )


def check_schedules(api_url: str, now: datetime) -> Finding:
    """The scheduled deployments' last completed runs (the watchdog's question; a few API calls)."""
    problems = missed_runs(api_url, now)
    if problems:
        return Finding("schedules", False, " ".join(problem.detail for problem in problems))
    return Finding("schedules", True, "De planlagte kørsler er gennemført til tiden.")
