"""Retention (issue 12): what is kept how long, applied by `fasttrack retention apply` and the
daily `retention` deployment. Idempotent: a second run at the same time finds nothing more.

- a closed case is anonymised `closed_case_years` after it closed: the person's data (CPR
  number, names, addresses, the answers, notes, meeting places, action texts) goes, what the
  steering report counts (dates, steps, outcome, the roles and measures) stays;
- an email (sent or failed) is deleted `email_days` after it was delivered or given up;
- a caught `.eml` file (the embedded mail catcher) is deleted `mail_file_days` after it came;
- an idempotency answer is deleted `idempotency_days` after it was first given;
- audit entries are deleted `audit_years` after they were written, oldest first, and the chain
  restarts after the last one deleted (`fasttrack audit verify` still checks what remains);
- an absence registration is deleted `absence_days` after its last day, and an absence alert
  loses its personal data (the employee's number and key, the leader's address, the answer
  link) `absence_days` after it was raised; its rule, dates and answer stay for the report
  (issue 16: the alert rules look back 3 months, so 180 days keep twice what they need);
- a web session is deleted `session_days` after it was over (signed out, ended, idle or past
  its 8 hours), and so is a citizen's personal link after it expired or was revoked: the audit
  log keeps every sign-in and sign-out, the session row only its address and times;
- a failed sign-in or date of birth is deleted once it is older than its throttle's window
  (15 minutes): the throttles delete them only when the next failure comes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, or_, update
from sqlmodel import Session, col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import AuditAction
from fasttrack_core.models import (
    AbsenceAlert,
    AbsenceRegistration,
    AuditChain,
    AuditEntry,
    Case,
    CitizenAccess,
    CitizenAccessFailure,
    Event,
    IdempotentResponse,
    OutboxMessage,
    SignInFailure,
    Step,
    WebSession,
)
from fasttrack_core.services import citizen_access, sign_in_throttle
from fasttrack_core.services.audit import Actor, log
from fasttrack_core.services.sessions import over_by
from fasttrack_core.settings import Settings

RETENTION_ACTOR = Actor("system:sletning")
# What an anonymised case's events keep: nothing that names or describes the person (names,
# addresses, free text); roles, measures, dates and numbers stay for the statistics.
PERSONAL_KEYS = frozenset({"name", "email", "note", "location", "what", "owner"})
YEAR = timedelta(days=365)


@dataclass(frozen=True)
class RetentionPolicy:
    closed_case_years: int = 5
    email_days: int = 90
    mail_file_days: int = 30
    idempotency_days: int = 7
    audit_years: int = 7
    absence_days: int = 180
    session_days: int = 1

    @classmethod
    def from_settings(cls, settings: Settings) -> RetentionPolicy:
        return cls(
            closed_case_years=settings.retention_closed_case_years,
            email_days=settings.retention_email_days,
            mail_file_days=settings.retention_mail_file_days,
            idempotency_days=settings.retention_idempotency_days,
            audit_years=settings.retention_audit_years,
            absence_days=settings.retention_absence_days,
            session_days=settings.retention_session_days,
        )


@dataclass(frozen=True)
class RetentionResult:
    """What was (or, in a dry run, would be) removed."""

    cases_anonymised: int
    emails_deleted: int
    mail_files_deleted: int
    idempotency_deleted: int
    audit_entries_deleted: int
    absence_registrations_deleted: int
    absence_alerts_anonymised: int
    sessions_deleted: int
    citizen_links_deleted: int
    failed_attempts_deleted: int
    dry_run: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def apply_retention(
    ctx: AppContext,
    policy: RetentionPolicy,
    now: datetime,
    mail_dir: Path | None = None,
    dry_run: bool = False,
) -> RetentionResult:
    """Remove what has outlived its period at `now`, in one transaction (the files after it);
    with `dry_run`, only count it."""
    case_cutoff = now - policy.closed_case_years * YEAR
    email_cutoff = now - timedelta(days=policy.email_days)
    idempotency_cutoff = now - timedelta(days=policy.idempotency_days)
    audit_cutoff = now - policy.audit_years * YEAR
    absence_cutoff = now - timedelta(days=policy.absence_days)
    sign_in_over = _sign_in_records_due(now - timedelta(days=policy.session_days), now)
    old_files = list(_old_mail_files(mail_dir, now - timedelta(days=policy.mail_file_days)))
    with ctx.unit_of_work() as session:
        case_ids = _cases_due(session, case_cutoff)
        emails = _emails_due(session, email_cutoff)
        idempotency = _count_idempotency(session, idempotency_cutoff)
        audit_through = _audit_prefix_before(session, audit_cutoff)
        audit_entries = _audit_entries_through(session, audit_through)
        registrations = _count(session, AbsenceRegistration, _registration_due(absence_cutoff))
        alerts = _count(session, AbsenceAlert, _alert_due(absence_cutoff))
        sign_in_counts = {
            field: sum(_count(session, table, due) for table, due in parts)
            for field, parts in sign_in_over.items()
        }
        result = RetentionResult(
            len(case_ids),
            len(emails),
            len(old_files),
            idempotency,
            audit_entries,
            registrations,
            alerts,
            **sign_in_counts,
            dry_run=dry_run,
        )
        if dry_run:
            return result
        for case_id in case_ids:
            _anonymise(session, case_id, now)
        session.execute(delete(OutboxMessage).where(col(OutboxMessage.id).in_(emails)))
        session.execute(delete(IdempotentResponse).where(_idempotency_due(idempotency_cutoff)))
        if audit_through is not None:
            _drop_audit_prefix(session, audit_through)
        session.execute(delete(AbsenceRegistration).where(_registration_due(absence_cutoff)))
        _anonymise_alerts(session, absence_cutoff, now)
        for parts in sign_in_over.values():
            for table, due in parts:
                session.execute(delete(table).where(due))
        counts = {k: v for k, v in asdict(result).items() if k != "dry_run"}
        if any(counts.values()):
            summary = ", ".join(f"{k}={v}" for k, v in counts.items())
            log(session, RETENTION_ACTOR, AuditAction.CHANGE, now, None, f"sletning: {summary}")
        session.commit()
    for path in old_files:
        path.unlink(missing_ok=True)
    return result


def _cases_due(session: Session, cutoff: datetime) -> list[int]:
    statement = select(Case.id).where(
        col(Case.closed_at) < cutoff, col(Case.anonymised_at).is_(None)
    )
    return [case_id for case_id in session.exec(statement).all() if case_id is not None]


def _anonymise(session: Session, case_id: int, now: datetime) -> None:
    session.execute(
        update(Case)
        .where(col(Case.id) == case_id)
        .values(
            cpr_encrypted="",
            cpr_hash=f"slettet-{case_id}",
            open_cpr_hash=None,
            employee_name="",
            employee_email="",
            employee_phone=None,
            leader_name="",
            leader_email="",
            hr_name=None,
            hr_email=None,
            answers_encrypted="",
            anonymised_at=now,
        )
    )
    session.execute(update(Step).where(col(Step.case_id) == case_id).values(owner=None, title=None))
    for event in session.exec(select(Event).where(col(Event.case_id) == case_id)).all():
        event.data = _without_personal_data(event.data)
        session.add(event)


def _without_personal_data(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_personal_data(v) for k, v in value.items() if k not in PERSONAL_KEYS}
    if isinstance(value, list):
        return [_without_personal_data(item) for item in value]
    return value


def _count(session: Session, table: Any, condition: Any) -> int:
    return int(session.exec(select(func.count()).select_from(table).where(condition)).one())


def _registration_due(cutoff: datetime) -> Any:
    return col(AbsenceRegistration.last_day) < cutoff.date()


def _alert_due(cutoff: datetime) -> Any:
    return (col(AbsenceAlert.raised_at) < cutoff) & col(AbsenceAlert.anonymised_at).is_(None)


def _anonymise_alerts(session: Session, cutoff: datetime, now: datetime) -> None:
    """Keep what the report counts (rule, days, answer, times); drop who and how to reach them.
    The dedupe key named the employee's key: it becomes the alert's own reference."""
    session.execute(
        update(AbsenceAlert)
        .where(_alert_due(cutoff))
        .values(
            employee_key=None,
            employee_ref=None,
            leader_email=None,
            workplace=None,
            token_hash=None,
            dedupe_key="slettet:" + col(AbsenceAlert.reference),
            anonymised_at=now,
        )
    )


def _sign_in_records_due(over_cutoff: datetime, now: datetime) -> dict[str, list[Any]]:
    """The records of signing in that are due, by the result's count: (table, condition) for
    sessions and citizen links over (expired, revoked) before `over_cutoff`, and for failed
    attempts outside their throttle's window."""
    return {
        "sessions_deleted": [(WebSession, over_by(over_cutoff))],
        "citizen_links_deleted": [
            (
                CitizenAccess,
                (col(CitizenAccess.expires_at) <= over_cutoff)
                | (col(CitizenAccess.revoked_at) <= over_cutoff),
            )
        ],
        "failed_attempts_deleted": [
            (SignInFailure, col(SignInFailure.at) <= now - sign_in_throttle.WINDOW),
            (CitizenAccessFailure, col(CitizenAccessFailure.at) <= now - citizen_access.WINDOW),
        ],
    }


def _emails_due(session: Session, cutoff: datetime) -> list[int]:
    """Delivered before the cutoff, or given up (failed) on and created before it."""
    statement = select(OutboxMessage.id).where(
        or_(
            col(OutboxMessage.sent_at) < cutoff,
            (col(OutboxMessage.status) == "failed") & (col(OutboxMessage.created_at) < cutoff),
        )
    )
    return [message_id for message_id in session.exec(statement).all() if message_id is not None]


def _idempotency_due(cutoff: datetime) -> Any:
    return col(IdempotentResponse.created_at) < cutoff


def _count_idempotency(session: Session, cutoff: datetime) -> int:
    statement = select(func.count()).select_from(IdempotentResponse)
    return int(session.exec(statement.where(_idempotency_due(cutoff))).one())


def _audit_prefix_before(session: Session, cutoff: datetime) -> int | None:
    """The last place in the chain up to which every entry is older than the cutoff (a chain
    loses entries from its start only), or None when there is nothing to delete."""
    head = session.get(AuditChain, 1)
    if head is None:
        return None
    first_kept = session.exec(
        select(func.min(AuditEntry.seq)).where(col(AuditEntry.at) >= cutoff)
    ).one()
    through = (first_kept - 1) if first_kept is not None else head.length
    return through if through >= head.start_seq else None


def _audit_entries_through(session: Session, through: int | None) -> int:
    if through is None:
        return 0
    statement = select(func.count()).select_from(AuditEntry).where(col(AuditEntry.seq) <= through)
    return int(session.exec(statement).one())


def _drop_audit_prefix(session: Session, through: int) -> None:
    last_hash = session.exec(
        select(AuditEntry.entry_hash).where(col(AuditEntry.seq) == through)
    ).one()
    session.execute(delete(AuditEntry).where(col(AuditEntry.seq) <= through))
    session.execute(
        update(AuditChain)
        .where(col(AuditChain.id) == 1)
        .values(start_seq=through + 1, start_hash=last_hash)
    )


def _old_mail_files(mail_dir: Path | None, cutoff: datetime) -> Iterator[Path]:
    if mail_dir is None or not mail_dir.is_dir():
        return
    for path in mail_dir.glob("*.eml"):
        if datetime.fromtimestamp(path.stat().st_mtime, UTC) < cutoff:
            yield path
