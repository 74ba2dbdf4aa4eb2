"""The audit log (issues 6 and 12): who viewed, changed, exported a case or revealed a CPR number,
who signed in or was refused, and why.

Entries are written in the same transaction as what they describe, carry references, actions
and purposes only, never the citizen's data, and form a hash chain (`verify` finds the first
broken link). Writers take the chain's head row first, so entries chain one after another.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, bindparam, insert, text, update
from sqlalchemy import select as select_rows
from sqlmodel import Session, col, select

from fasttrack_core.db import AppContext, insert_new
from fasttrack_core.domain.access import AuditAction
from fasttrack_core.domain.audit_chain import GENESIS, entry_content, entry_hash
from fasttrack_core.errors import Refused
from fasttrack_core.models import AuditChain, AuditEntry, Case
from fasttrack_core.schemas import has_control_characters

PAGE_SIZE = 200
# The purpose of everything a user does in the course of a case, unless they state another.
ROUTINE = "sagsbehandling"
# What a user must say why they do: a citizen may ask who looked and why (a search by CPR
# number on /sager is SEARCH_CPR; the insight export an EXPORT).
STATED_PURPOSE = frozenset({AuditAction.REVEAL_CPR, AuditAction.EXPORT, AuditAction.SEARCH_CPR})
MIN_PURPOSE = 5
MAX_PURPOSE = 500
PURPOSE_HELP = (
    f"Angiv formålet (mindst {MIN_PURPOSE} tegn, fx 'borgerens anmodning om indsigt'): "
    "adgangen logges med formålet."
)


@dataclass(frozen=True)
class Actor:
    """Who acts: a signed-in user (id and e-mail), an API client ("api:<name>") or someone at the
    command line ("cli:<login>")."""

    label: str
    user_id: int | None = None

    @classmethod
    def command_line(cls) -> Actor:
        return cls(f"cli:{getpass.getuser()}")


def stated_purpose(text: str | None) -> str:
    """The purpose a user stated, checked; refused when missing, too short or too long."""
    purpose = (text or "").strip()
    if not MIN_PURPOSE <= len(purpose) <= MAX_PURPOSE or has_control_characters(purpose):
        raise Refused(PURPOSE_HELP, fields={"purpose": PURPOSE_HELP})
    return purpose


def log(
    session: Session,
    actor: Actor,
    action: AuditAction,
    at: datetime,
    case_id: int | None = None,
    detail: str | None = None,
    purpose: str | None = None,
) -> None:
    """One entry, chained to the one before it. A reveal, an export or a search by CPR needs
    the purpose the user stated; everything else is routine case work unless one is given."""
    if action in STATED_PURPOSE:
        purpose = stated_purpose(purpose)
    purpose = purpose or ROUTINE
    entry = {
        "at": at,
        "user_id": actor.user_id,
        "actor": actor.label,
        "action": action,
        "case_id": case_id,
        "detail": detail,
        "purpose": purpose,
    }
    core = session.connection()  # Core statements: every use case writes an entry
    if core.dialect.name == "postgresql":  # the chain's head is held from here to the commit
        content = entry_content(at, actor.label, action, case_id, detail, purpose)
        core.execute(_APPEND, {**entry, "content": content})
        return
    seq, prev_hash = _claim_place(session)
    digest = entry_hash(prev_hash, seq, at, actor.label, action, case_id, detail, purpose)
    core.execute(_INSERT_ENTRY, {**entry, "seq": seq, "prev_hash": prev_hash, "entry_hash": digest})
    core.execute(_SET_HEAD, {"head_hash": digest})


# Built once: every audited use case runs them. On PostgreSQL one call claims the place, hashes
# and inserts the entry and moves the head (migration 0025): concurrent writers queue on the
# head, so it is held for as short a time as can be.
_APPEND = text(
    "SELECT append_audit_entry(CAST(:at AS timestamptz), CAST(:user_id AS integer), "
    "CAST(:actor AS text), CAST(:action AS text), CAST(:case_id AS integer), "
    "CAST(:detail AS text), CAST(:purpose AS text), CAST(:content AS text))"
)
_INSERT_ENTRY = insert(AuditEntry)
_SET_HEAD = (
    update(AuditChain).where(col(AuditChain.id) == 1).values(head_hash=bindparam("head_hash"))
)
_CLAIM = (
    update(AuditChain)
    .where(col(AuditChain.id) == 1)
    .values(length=col(AuditChain.length) + 1)
    .returning(col(AuditChain.length), col(AuditChain.head_hash))
)


def _claim_place(session: Session) -> tuple[int, str]:
    """The next place in the chain and the hash before it, in one statement (SQLite: PostgreSQL
    appends in `append_audit_entry`): the UPDATE takes the write lock and returns the head it
    moved."""
    core = session.connection()
    claimed = core.execute(_CLAIM).first()
    if claimed is None:  # a database made from the models, not the migrations
        head = {"id": 1, "length": 0, "head_hash": GENESIS, "start_seq": 1, "start_hash": GENESIS}
        insert_new(session, AuditChain.__table__, [head], "id")  # type: ignore[attr-defined]
        claimed = core.execute(_CLAIM).one()
    length, head_hash = claimed
    return length, head_hash


def write(
    ctx: AppContext,
    actor: Actor,
    action: AuditAction,
    at: datetime,
    case_id: int | None = None,
    detail: str | None = None,
    purpose: str | None = None,
) -> None:
    """One entry in its own transaction (for what changes nothing else: a view, an export)."""
    with ctx.unit_of_work() as session:
        log(session, actor, action, at, case_id, detail, purpose)
        session.commit()


def write_for_case(
    ctx: AppContext,
    actor: Actor,
    action: AuditAction,
    at: datetime,
    reference: str,
    detail: str | None = None,
) -> None:
    """One entry about the case with this reference (nothing when there is none: the command
    itself refuses that), in its own transaction."""
    with ctx.unit_of_work() as session:
        case_id = session.exec(
            select(Case.id).where(col(Case.reference) == reference.strip().upper())
        ).first()
        if case_id is not None:
            log(session, actor, action, at, case_id, detail)
            session.commit()


# --- reading the log ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    actor: str
    action: str
    reference: str | None
    detail: str | None
    purpose: str = ROUTINE


EntriesQuery = Select[tuple[AuditEntry, str]]


def _rows(session: Session, statement: EntriesQuery) -> list[AuditRow]:
    return [
        AuditRow(entry.at, entry.actor, entry.action, reference, entry.detail, entry.purpose)
        for entry, reference in session.execute(statement).tuples()
    ]


def _entries_with_reference() -> EntriesQuery:
    return (
        select_rows(AuditEntry, col(Case.reference))
        .join(Case, col(Case.id) == col(AuditEntry.case_id), isouter=True)
        .order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc())
    )


def recent(
    ctx: AppContext,
    reference: str | None = None,
    page: int = 1,
    limit: int = PAGE_SIZE,
    *,
    job_centre_id: int | None = None,
) -> list[AuditRow]:
    """The newest entries (page 1; page 2 the `limit` before them, ...), of one case when
    `reference` is given. An admin of one job centre (`job_centre_id`) sees only the entries
    about its cases; entries about no case (sign-ins, access changes) only a system admin."""
    statement = _entries_with_reference()
    if job_centre_id is not None:
        statement = statement.where(col(Case.job_centre_id) == job_centre_id)
    if reference:
        statement = statement.where(col(Case.reference) == reference.strip().upper())
    with ctx.unit_of_work() as session:
        return _rows(session, statement.limit(limit).offset((page - 1) * limit))


def export_for_citizen(
    ctx: AppContext,
    actor: Actor,
    cpr: str,
    *,
    as_of: datetime,
    purpose: str | None = None,
    job_centre_id: int | None = None,
) -> list[AuditRow]:
    """Everything logged about every case of the citizen with this CPR number (insight, GDPR
    art. 15), found through the keyed hash, so the number itself is never searched for.

    The export is itself logged on each of the citizen's cases (once without a case when there
    is none), with the purpose the user stated, in the same transaction as the read. An admin
    of one job centre (`job_centre_id`) exports only what concerns that centre's cases.
    """
    purpose = stated_purpose(purpose)
    cpr_hash = ctx.vault.lookup_hash(cpr.strip())
    with ctx.unit_of_work() as session:
        entries = _entries_with_reference().where(col(Case.cpr_hash) == cpr_hash)
        cases = select(Case.id).where(col(Case.cpr_hash) == cpr_hash)
        if job_centre_id is not None:
            entries = entries.where(col(Case.job_centre_id) == job_centre_id)
            cases = cases.where(col(Case.job_centre_id) == job_centre_id)
        rows = _rows(session, entries)
        case_ids = session.exec(cases).all()
        detail = "indsigt: adgangslog pr. borger"
        for case_id in case_ids or [None]:
            log(session, actor, AuditAction.EXPORT, as_of, case_id, detail, purpose)
        session.commit()
    return rows


def log_submission(
    session: Session, actor: Actor, case_id: int, created: bool, at: datetime
) -> None:
    """A request that opened the case (or found the employee's open one)."""
    detail = "ny sag" if created else "åben sag fundet (anmodningen er en gentagelse)"
    log(session, actor, AuditAction.SUBMIT, at, case_id, detail)


# --- the chain ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainCheck:
    """What `verify` found: how many entries it checked and the first broken link, if any."""

    checked: int
    broken_at: int | None = None  # the entry's place (seq) or, for an entry outside the chain, id
    reason: str | None = None

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify(ctx: AppContext) -> ChainCheck:
    """Walk the chain from its start: every entry must follow the one before, hold that one's
    hash and hash to what it says; the head must name the last entry."""
    with ctx.unit_of_work() as session:
        outside = session.exec(
            select(AuditEntry.id).where(col(AuditEntry.seq).is_(None)).order_by(col(AuditEntry.id))
        ).first()
        if outside is not None:
            return ChainCheck(0, outside, f"posten med id {outside} står uden for kæden")
        head = session.get(AuditChain, 1)
        if head is None:
            return ChainCheck(0)
        expected_seq, expected_prev, checked = head.start_seq, head.start_hash, 0
        for entry in _chain(session):
            problem = _link_problem(entry, expected_seq, expected_prev)
            if problem:
                return ChainCheck(checked, expected_seq, problem)
            checked += 1
            expected_seq, expected_prev = expected_seq + 1, entry.entry_hash or ""
        if expected_seq - 1 != head.length or expected_prev != head.head_hash:
            return ChainCheck(
                checked, expected_seq, "kædens sidste post mangler (posterne efter er slettet)"
            )
    return ChainCheck(checked)


def _chain(session: Session) -> Iterator[AuditEntry]:
    statement = (
        select(AuditEntry).where(col(AuditEntry.seq).is_not(None)).order_by(col(AuditEntry.seq))
    )
    yield from session.exec(statement.execution_options(yield_per=1000))


def _link_problem(entry: AuditEntry, seq: int, prev_hash: str) -> str | None:
    if entry.seq != seq:
        return f"post nr. {seq} mangler (næste post er nr. {entry.seq})"
    if entry.prev_hash != prev_hash:
        return f"post nr. {seq} peger ikke på den forrige post"
    recomputed = entry_hash(
        prev_hash,
        seq,
        entry.at,
        entry.actor,
        entry.action,
        entry.case_id,
        entry.detail,
        entry.purpose,
    )
    if recomputed != entry.entry_hash:
        return f"post nr. {seq} er ændret efter den blev skrevet"
    return None


# --- signing in and out (called by the web app's sign-in pages) ---------------------------------


def record_sign_in(ctx: AppContext, email: str, user_id: int | None, at: datetime) -> None:
    """A sign-in: with the user's id when it succeeded, else a failure under the address tried.
    What was typed is kept only when it looks like an address (someone may type anything, a
    CPR number even, into the field)."""
    action = AuditAction.SIGN_IN if user_id is not None else AuditAction.SIGN_IN_FAILED
    typed = email.strip()
    looks_like_address = "@" in typed and len(typed) <= 320 and not has_control_characters(typed)
    write(ctx, Actor(typed if looks_like_address else "(ugyldig e-mail)", user_id), action, at)


def record_sign_out(ctx: AppContext, actor: Actor | None, at: datetime) -> None:
    if actor is not None:
        write(ctx, actor, AuditAction.SIGN_OUT, at)


def record_refusal(ctx: AppContext, actor: Actor | None, path: str) -> None:
    """Access refused (403): who tried which address (a page or a case reference, no data)."""
    write(ctx, actor or Actor("anonym"), AuditAction.REFUSED, ctx.clock.now(), detail=path[:500])
