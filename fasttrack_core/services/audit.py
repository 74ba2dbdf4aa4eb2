"""The audit log (issue 6): who viewed, changed, exported a case or revealed a CPR number.

Entries are written in the same transaction as what they describe, and carry references and
actions only, never the citizen's data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select
from sqlalchemy import select as select_rows
from sqlmodel import Session, col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import AuditAction
from fasttrack_core.models import AuditEntry, Case

PAGE_SIZE = 200


@dataclass(frozen=True)
class Actor:
    """Who acts: a signed-in user (id and e-mail) or an API client ("api:<name>")."""

    label: str
    user_id: int | None = None


def log(
    session: Session,
    actor: Actor,
    action: AuditAction,
    at: datetime,
    case_id: int | None = None,
    detail: str | None = None,
) -> None:
    session.add(
        AuditEntry(
            at=at,
            user_id=actor.user_id,
            actor=actor.label,
            action=action,
            case_id=case_id,
            detail=detail,
        )
    )


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    actor: str
    action: str
    reference: str | None
    detail: str | None


EntriesQuery = Select[tuple[AuditEntry, str]]


def _rows(session: Session, statement: EntriesQuery) -> list[AuditRow]:
    return [
        AuditRow(entry.at, entry.actor, entry.action, reference, entry.detail)
        for entry, reference in session.execute(statement).tuples()
    ]


def _entries_with_reference() -> EntriesQuery:
    return (
        select_rows(AuditEntry, col(Case.reference))
        .join(Case, col(Case.id) == col(AuditEntry.case_id), isouter=True)
        .order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc())
    )


def recent(
    ctx: AppContext, reference: str | None = None, page: int = 1, limit: int = PAGE_SIZE
) -> list[AuditRow]:
    """The newest entries (page 1; page 2 the `limit` before them, ...), of one case when
    `reference` is given."""
    statement = _entries_with_reference()
    if reference:
        statement = statement.where(col(Case.reference) == reference.strip().upper())
    with ctx.unit_of_work() as session:
        return _rows(session, statement.limit(limit).offset((page - 1) * limit))


def export_for_citizen(
    ctx: AppContext, actor: Actor, cpr: str, *, as_of: datetime
) -> list[AuditRow]:
    """Everything logged about every case of the citizen with this CPR number (insight, GDPR
    art. 15), found through the keyed hash, so the number itself is never searched for.

    The export is itself logged on each of the citizen's cases (once without a case when there
    is none), in the same transaction as the read.
    """
    cpr_hash = ctx.vault.lookup_hash(cpr.strip())
    with ctx.unit_of_work() as session:
        rows = _rows(session, _entries_with_reference().where(col(Case.cpr_hash) == cpr_hash))
        case_ids = session.exec(select(Case.id).where(col(Case.cpr_hash) == cpr_hash)).all()
        detail = "indsigt: adgangslog pr. borger"
        for case_id in case_ids or [None]:
            log(session, actor, AuditAction.EXPORT, as_of, case_id, detail)
        session.commit()
    return rows


def log_submission(
    session: Session, actor: Actor, reference: str, created: bool, at: datetime
) -> None:
    """A request that opened the case (or found the employee's open one)."""
    case_id = session.exec(select(Case.id).where(col(Case.reference) == reference)).one()
    detail = "ny sag" if created else "åben sag fundet (anmodningen er en gentagelse)"
    log(session, actor, AuditAction.SUBMIT, at, case_id, detail)


def write(
    ctx: AppContext,
    actor: Actor,
    action: AuditAction,
    at: datetime,
    case_id: int | None = None,
    detail: str | None = None,
) -> None:
    """One entry in its own transaction (for what changes nothing else: a view, an export)."""
    with ctx.unit_of_work() as session:
        log(session, actor, action, at, case_id, detail)
        session.commit()
