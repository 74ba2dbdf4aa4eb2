"""Server-side sessions for the web app (issue 12): a row per signed-in browser.

The browser holds a random token; the table holds its SHA-256 only. A session ends when its user
signs out, after 30 minutes without a request, 8 hours after sign-in, when the user is disabled
or changes password, or when an admin ends it. An ended session never opens a page again.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlmodel import Session, col, select

from fasttrack_core.db import AppContext
from fasttrack_core.models import User, WebSession

IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_LIMIT = timedelta(hours=8)  # a working day; then sign in again
# `last_seen_at` is written at most this often, so that reading pages is not a write each time.
SEEN_RESOLUTION = timedelta(minutes=1)


class EndReason(StrEnum):
    SIGNED_OUT = "signed_out"
    IDLE = "idle"
    EXPIRED = "expired"
    USER_DISABLED = "user_disabled"
    PASSWORD_CHANGED = "password_changed"
    ENDED_BY_ADMIN = "ended_by_admin"


@dataclass(frozen=True)
class LiveSession:
    id: int
    user: User
    second_factor_done: bool


@dataclass(frozen=True)
class SessionRow:
    """An open session as an admin sees it."""

    id: int
    user_id: int
    user_name: str
    user_email: str
    created_at: datetime
    last_seen_at: datetime
    client_address: str | None


def _hash(token: str) -> str:
    # A token has 256 random bits: a plain SHA-256 keeps it unrecoverable.
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(
    ctx: AppContext,
    user_id: int,
    now: datetime,
    client_address: str | None,
    second_factor_done: bool,
) -> str:
    """A new session for the user; returns the token the browser keeps."""
    token = secrets.token_urlsafe(32)
    with ctx.unit_of_work() as session:
        session.add(
            WebSession(
                token_hash=_hash(token),
                user_id=user_id,
                created_at=now,
                last_seen_at=now,
                second_factor_done=second_factor_done,
                client_address=(client_address or "")[:64] or None,
            )
        )
        session.commit()
    return token


def _expiry(row: WebSession, now: datetime) -> EndReason | None:
    if now - row.created_at >= ABSOLUTE_LIMIT:
        return EndReason.EXPIRED
    if now - row.last_seen_at >= IDLE_TIMEOUT:
        return EndReason.IDLE
    return None


def over_by(cutoff: datetime) -> Any:
    """The sessions that were over at `cutoff` (ended, or idle or open too long even if no
    request came to end them), as a condition on `web_session` (for retention)."""
    return (col(WebSession.ended_at) <= cutoff) | (
        col(WebSession.ended_at).is_(None)
        & (
            (col(WebSession.last_seen_at) <= cutoff - IDLE_TIMEOUT)
            | (col(WebSession.created_at) <= cutoff - ABSOLUTE_LIMIT)
        )
    )


def live_session(ctx: AppContext, token: str, now: datetime) -> LiveSession | None:
    """The session holding this token if it is still open (it is ended here once it has been
    idle or open too long, or its user is disabled); marks it as seen now."""
    with ctx.unit_of_work() as session:
        row = session.exec(
            select(WebSession).where(
                col(WebSession.token_hash) == _hash(token), col(WebSession.ended_at).is_(None)
            )
        ).first()
        if row is None:
            return None
        user = session.get_one(User, row.user_id)
        reason = _expiry(row, now) or (None if user.active else EndReason.USER_DISABLED)
        if reason is not None:
            _end(row, now, reason)
            session.commit()
            return None
        if now - row.last_seen_at >= SEEN_RESOLUTION:
            row.last_seen_at = now
            session.add(row)
            session.commit()
        assert row.id is not None
        return LiveSession(row.id, user, row.second_factor_done)


def complete_second_factor(ctx: AppContext, session_id: int) -> None:
    with ctx.unit_of_work() as session:
        row = session.get_one(WebSession, session_id)
        row.second_factor_done = True
        session.add(row)
        session.commit()


def _end(row: WebSession, now: datetime, reason: EndReason) -> None:
    row.ended_at = now
    row.end_reason = reason


def end_session(ctx: AppContext, session_id: int, now: datetime, reason: EndReason) -> None:
    """End one session (ending an ended one changes nothing)."""
    with ctx.unit_of_work() as session:
        row = session.get(WebSession, session_id)
        if row is not None and row.ended_at is None:
            _end(row, now, reason)
            session.add(row)
            session.commit()


def end_sessions_of(session: Session, user_id: int, now: datetime, reason: EndReason) -> int:
    """End every open session of the user, in the caller's transaction; how many were open."""
    rows = session.exec(
        select(WebSession).where(
            col(WebSession.user_id) == user_id, col(WebSession.ended_at).is_(None)
        )
    ).all()
    for row in rows:
        _end(row, now, reason)
        session.add(row)
    return len(rows)


def open_sessions(ctx: AppContext, now: datetime) -> list[SessionRow]:
    """Every session still open now, newest activity first (for the admin's page)."""
    with ctx.unit_of_work() as session:
        found = session.exec(
            select(WebSession, User)
            .join(User, col(User.id) == col(WebSession.user_id))
            .where(col(WebSession.ended_at).is_(None))
            .order_by(col(WebSession.last_seen_at).desc())
        ).all()
        return [
            SessionRow(
                row.id,
                user.id,
                user.name,
                user.email,
                row.created_at,
                row.last_seen_at,
                row.client_address,
            )
            for row, user in found
            if row.id is not None and user.id is not None and _expiry(row, now) is None
        ]
