"""Brute-force protection for signing in (issue 12): per account and per client address.

A wrong password (or second-factor code) is a failure. Five failures for one e-mail address, or
twenty from one client address, within 15 minutes lock that account or address until the oldest
of those failures is 15 minutes old; while locked, no password is even checked. So the legitimate
user waits at most 15 minutes, and a guesser gets 5 tries per account per 15 minutes. Reaching a
limit is written to the audit log. Failures are kept only for the window, in the database, so
every web worker counts the same.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import AuditAction
from fasttrack_core.models import SignInFailure, User
from fasttrack_core.services.audit import Actor, log

WINDOW = timedelta(minutes=15)
ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20


@dataclass(frozen=True)
class Lockout:
    until: datetime
    by_account: bool  # else by client address

    def retry_after_s(self, now: datetime) -> int:
        return max(1, math.ceil((self.until - now).total_seconds()))

    def message(self, now: datetime) -> str:
        minutes = math.ceil(self.retry_after_s(now) / 60)
        return (
            "For mange mislykkede forsøg på at logge ind. Af sikkerhedshensyn er "
            f"{'kontoen' if self.by_account else 'adgangen fra denne adresse'} spærret i "
            f"{minutes} {'minut' if minutes == 1 else 'minutter'}. Prøv igen derefter, eller "
            "kontakt jobcentrets administrator."
        )


def _normalised(email: str) -> str:
    return email.strip().lower()[:320]


def _lockout(session: Session, email: str, address: str, now: datetime) -> Lockout | None:
    since = now - WINDOW
    for by_account, column, value, limit in (
        (True, SignInFailure.email, email, ACCOUNT_LIMIT),
        (False, SignInFailure.client_address, address, ADDRESS_LIMIT),
    ):
        recent = session.exec(
            select(SignInFailure.at)
            .where(col(column) == value, col(SignInFailure.at) > since)
            .order_by(col(SignInFailure.at).desc())
            .limit(limit)
        ).all()
        if len(recent) >= limit:
            return Lockout(recent[-1] + WINDOW, by_account)
    return None


def current_lockout(ctx: AppContext, email: str, address: str, now: datetime) -> Lockout | None:
    """The lockout in force for this account or this client address, if any."""
    with ctx.unit_of_work() as session:
        return _lockout(session, _normalised(email), address[:64], now)


def record_failure(ctx: AppContext, email: str, address: str, now: datetime) -> Lockout | None:
    """Count a failed attempt; the lockout it starts, if any, is written to the audit log."""
    email, address = _normalised(email), address[:64]
    with ctx.unit_of_work() as session:
        session.execute(delete(SignInFailure).where(col(SignInFailure.at) <= now - WINDOW))
        session.add(SignInFailure(at=now, email=email, client_address=address))
        session.flush()
        lockout = _lockout(session, email, address, now)
        if lockout is not None:
            user_id = session.exec(select(User.id).where(col(User.email) == email)).first()
            what = "kontoen" if lockout.by_account else f"klientadressen {address}"
            log(
                session,
                Actor(f"log ind: {email}", user_id),
                AuditAction.LOCKOUT,
                now,
                detail=f"for mange mislykkede forsøg: {what} spærret til {lockout.until:%H:%M} UTC",
            )
        session.commit()
        return lockout


def clear_failures(ctx: AppContext, email: str) -> None:
    """A successful sign-in forgets the account's failures (not the address's)."""
    with ctx.unit_of_work() as session:
        session.execute(delete(SignInFailure).where(col(SignInFailure.email) == _normalised(email)))
        session.commit()
