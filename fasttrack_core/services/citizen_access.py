"""The citizen's own way in (issue 15): who is this citizen, and which case may they act on.

The seam is `CitizenGrant` (one case, the actions allowed on it, by which sign-in, until when)
and `SIGN_INS` (each sign-in method's check that a grant is still good). Today's method is the
personal link in the notice (`LinkSignIn`): a random token (256 bits, `secrets.token_urlsafe`)
of which only the SHA-256 is kept, for one case, expiring, revoked when the case closes, and
worth nothing before the employee's date of birth (from the encrypted CPR) is confirmed, with
throttling per token and per client address. A real citizen sign-in (MitID through an OpenID
Connect broker) is another method: from the broker's verified CPR to the open case by its keyed
hash, a grant of its own, checked by its own `still_valid`; the pages do not change.

Where the job centre's policy lets the workplace book the roundtable (Varde), the leader's
receipt carries a link of its own (`Audience.EMPLOYER`), confirmed with the employer's CVR
number, that allows that booking alone.

An unknown, expired or revoked link and a wrong date of birth get the same answer
(`Problem.NOT_RECOGNISED`): nothing tells whether a person has a case before the date of
birth is confirmed.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy import bindparam, delete, insert, update
from sqlmodel import Session, col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import AuditAction
from fasttrack_core.domain.identifiers import cpr_birth_date
from fasttrack_core.errors import Refused
from fasttrack_core.models import Case, CitizenAccess, CitizenAccessFailure
from fasttrack_core.presentation.language import Language
from fasttrack_core.presentation.texts import Group, text
from fasttrack_core.presentation.texts.citizen import Problem
from fasttrack_core.services.audit import Actor, log

# Long enough for the ordinary track's first talk after a decline (by the end of week 8 of
# absence, § 13 b, stk. 3, from a request that may come in week 1) with margin; the link is
# revoked sooner when the case closes.
LINK_LIFETIME = timedelta(days=60)
# After the date of birth: a short session for that case alone.
SESSION_LIFETIME = timedelta(minutes=30)
# Five wrong tries per link, or twenty from one address, within 15 minutes lock it for the rest
# of the window (the pattern of services.sign_in_throttle).
WINDOW = timedelta(minutes=15)
TOKEN_LIMIT = 5
ADDRESS_LIMIT = 20
LINK_ACTOR = "borger: personligt link"
OWN_ACCESS = "borgerens egen adgang"


class CitizenAction(StrEnum):
    VIEW = "view"
    ANSWER = "answer"  # accept or decline Fast track
    DOCTOR_STATEMENT = "doctor_statement"  # wish a doctor's statement (§ 11 c)
    BOOK_FIRST_TALK = "book_first_talk"
    BOOK_ROUNDTABLE = "book_roundtable"  # the employer side, where the policy allows (Varde)


class Audience(StrEnum):
    """Whom a link was sent to, and so what it confirms and allows."""

    EMPLOYEE = "employee"  # the notice; confirmed with the date of birth
    EMPLOYER = "employer"  # the leader's receipt; confirmed with the employer's CVR number


ACTIONS: dict[Audience, frozenset[CitizenAction]] = {
    Audience.EMPLOYEE: frozenset(
        {
            CitizenAction.VIEW,
            CitizenAction.ANSWER,
            CitizenAction.DOCTOR_STATEMENT,
            CitizenAction.BOOK_FIRST_TALK,
        }
    ),
    Audience.EMPLOYER: frozenset({CitizenAction.BOOK_ROUNDTABLE}),
}


class CitizenRefused(Refused):
    """A refusal the citizen reads, in their language (Danish where none is given)."""

    def __init__(self, problem: Problem, language: Language = Language.DA, **values: Any):
        self.problem = problem
        self.values = values
        super().__init__(text(language, Group.CITIZEN, f"problem.{problem}", **values))

    def in_language(self, language: Language) -> str:
        return text(language, Group.CITIZEN, f"problem.{self.problem}", **self.values)


@dataclass(frozen=True)
class CitizenGrant:
    """Who this citizen is and which case they may act on: what a sign-in method gives."""

    case_id: int
    method: str  # a key of SIGN_INS
    access_id: int | None  # the link's row (a method without links: None)
    until: datetime
    actions: frozenset[CitizenAction] = ACTIONS[Audience.EMPLOYEE]

    def to_cookie(self) -> dict[str, Any]:
        return {
            "case": self.case_id,
            "method": self.method,
            "access": self.access_id,
            "until": self.until.isoformat(),
            "actions": sorted(self.actions),
        }

    @classmethod
    def from_cookie(cls, value: Any) -> CitizenGrant | None:
        try:
            return cls(
                case_id=int(value["case"]),
                method=str(value["method"]),
                access_id=None if value["access"] is None else int(value["access"]),
                until=datetime.fromisoformat(value["until"]),
                actions=frozenset(CitizenAction(a) for a in value["actions"]),
            )
        except (KeyError, TypeError, ValueError):
            return None


class CitizenSignIn(Protocol):
    """A way for a citizen to sign in; `still_valid` is asked on every request."""

    def still_valid(self, session: Session, grant: CitizenGrant, now: datetime) -> bool: ...


def token_hash(token: str) -> str:
    # 256 random bits: a plain SHA-256 keeps the token unrecoverable from the database.
    return hashlib.sha256(token.encode()).hexdigest()


def issue_link(
    session: Session, case_id: int, now: datetime, audience: Audience = Audience.EMPLOYEE
) -> str:
    """A new personal link's token for the case's employee (or its employer side), in the
    caller's transaction; only its hash is stored (a Core insert: intake issues one or two, and
    no ORM flush is left to do)."""
    token = secrets.token_urlsafe(32)
    row = {
        "case_id": case_id,
        "token_hash": token_hash(token),
        "audience": audience,
        "created_at": now,
        "expires_at": now.astimezone(UTC) + LINK_LIFETIME,  # elapsed time, not wall clock
    }
    session.connection().execute(_ISSUE, row)
    return token


_ACCESS = CitizenAccess.__table__  # type: ignore[attr-defined]
_ISSUE = insert(_ACCESS)
_REVOKE = (
    update(_ACCESS)
    .where(_ACCESS.c.case_id == bindparam("closed_case"), _ACCESS.c.revoked_at.is_(None))
    .values(revoked_at=bindparam("now", type_=_ACCESS.c.revoked_at.type))
)


def revoke_links(session: Session, case_id: int, now: datetime) -> None:
    """Every link to the case stops working (the case closed), in the caller's transaction.

    A Core UPDATE on the session's connection: the ORM's bulk update synchronised the session's
    objects first and cost several times the statement (~1.2 ms per closing, profiled on a
    simulation); no use case that closes a case holds its links in the session."""
    session.connection().execute(_REVOKE, {"closed_case": case_id, "now": now})


def _live_link(session: Session, digest: str, now: datetime) -> tuple[CitizenAccess, Case] | None:
    found = session.exec(
        select(CitizenAccess, Case)
        .join(Case, col(Case.id) == col(CitizenAccess.case_id))
        .where(col(CitizenAccess.token_hash) == digest)
    ).first()
    if found is None:
        return None
    access, case = found
    if access.revoked_at is not None or now >= access.expires_at or case.closed_at is not None:
        return None
    return access, case


class LinkSignIn:
    """The personal link in the notice, confirmed with the date of birth."""

    method = "link"

    def still_valid(self, session: Session, grant: CitizenGrant, now: datetime) -> bool:
        access = session.get(CitizenAccess, grant.access_id) if grant.access_id else None
        if access is None or access.case_id != grant.case_id:
            return False
        return _live_link(session, access.token_hash, now) is not None


SIGN_INS: dict[str, CitizenSignIn] = {LinkSignIn.method: LinkSignIn()}


def grant_in_force(ctx: AppContext, grant: CitizenGrant | None, now: datetime) -> bool:
    """Whether the grant a browser holds still opens its case now."""
    if grant is None or now >= grant.until or grant.method not in SIGN_INS:
        return False
    with ctx.unit_of_work() as session:
        return SIGN_INS[grant.method].still_valid(session, grant, now)


# --- the date of birth, throttled -----------------------------------------------------------------


def _locked_until(session: Session, digest: str, address: str, now: datetime) -> datetime | None:
    since = now - WINDOW
    for column, value, limit in (
        (CitizenAccessFailure.token_hash, digest, TOKEN_LIMIT),
        (CitizenAccessFailure.client_address, address, ADDRESS_LIMIT),
    ):
        recent = session.exec(
            select(CitizenAccessFailure.at)
            .where(col(column) == value, col(CitizenAccessFailure.at) > since)
            .order_by(col(CitizenAccessFailure.at).desc())
            .limit(limit)
        ).all()
        if len(recent) >= limit:
            return recent[-1] + WINDOW
    return None


def _locked(until: datetime, now: datetime) -> CitizenRefused:
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    return CitizenRefused(Problem.LOCKED, minutes=minutes)


def parse_birth_date(typed: str) -> date | None:
    """A date of birth as people type it: 03-04-1978, 3.4.1978, 03/04/1978 or 1978-04-03."""
    cleaned = typed.strip().replace(".", "-").replace("/", "-").replace(" ", "")
    parts = cleaned.split("-")
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    if len(parts[0]) == 4:
        parts.reverse()
    day, month, year = (int(p) for p in parts)
    try:
        return date(year, month, day) if year >= 1900 else None
    except ValueError:
        return None


def _confirms(ctx: AppContext, audience: Audience, case: Case, typed: str) -> bool:
    """The employee's date of birth (from the encrypted CPR), or the employer's CVR number."""
    if audience is Audience.EMPLOYER:
        return case.employer_cvr is not None and typed.strip().replace(" ", "") == case.employer_cvr
    given = parse_birth_date(typed)
    return given is not None and cpr_birth_date(ctx.vault.decrypt(case.cpr_encrypted)) == given


def confirm_link(
    ctx: AppContext,
    token: str,
    typed: str,
    address: str,
    now: datetime,
    audience: Audience = Audience.EMPLOYEE,
) -> CitizenGrant:
    """The grant a link for `audience` and what confirms it (the date of birth; the employer's
    CVR number) give; else the neutral refusal (the same for an unknown, expired or revoked link,
    one sent to someone else, and a wrong answer), counted towards the lockout."""
    digest, address = token_hash(token), address[:64]
    with ctx.unit_of_work() as session:
        until = _locked_until(session, digest, address, now)
        if until is not None:
            raise _locked(until, now)
        found = _live_link(session, digest, now)
        if found is not None and found[0].audience == audience:
            access, case = found
            if _confirms(ctx, audience, case, typed):
                access.last_used_at = now
                session.add(access)
                assert access.id is not None and case.id is not None
                log(
                    session,
                    Actor(LINK_ACTOR),
                    AuditAction.SIGN_IN,
                    now,
                    case.id,
                    purpose=OWN_ACCESS,
                )
                session.commit()
                until = now + SESSION_LIFETIME
                return CitizenGrant(case.id, LinkSignIn.method, access.id, until, ACTIONS[audience])
        session.execute(
            delete(CitizenAccessFailure).where(col(CitizenAccessFailure.at) <= now - WINDOW)
        )
        session.add(CitizenAccessFailure(at=now, token_hash=digest, client_address=address))
        session.flush()
        until = _locked_until(session, digest, address, now)
        if until is not None:
            case_id = found[1].id if found is not None else None
            log(
                session,
                Actor(LINK_ACTOR),
                AuditAction.LOCKOUT,
                now,
                case_id,
                detail=f"for mange forkerte svar: link spærret til {until:%H:%M} UTC",
            )
        session.commit()
    if until is not None:
        raise _locked(until, now)
    raise CitizenRefused(Problem.NOT_RECOGNISED)
