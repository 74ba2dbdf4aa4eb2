"""A second factor for signing in (issue 12): TOTP (RFC 6238, an authenticator app) with
one-time recovery codes. Required for admins; any user may enable it."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

import pyotp
from sqlalchemy import delete
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import Role
from fasttrack_core.errors import Refused
from fasttrack_core.models import RecoveryCode, TotpFactor, User

ISSUER = "Fast track"
RECOVERY_CODES = 10
_TOTP_STEP_S = 30


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    """The otpauth:// address an authenticator app reads (as a QR code or typed in)."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def requires_second_factor(ctx: AppContext, user: User) -> bool:
    """Admins always; anyone else who has enabled it."""
    return user.role == Role.ADMIN or has_second_factor(ctx, user)


def has_second_factor(ctx: AppContext, user: User) -> bool:
    with ctx.unit_of_work() as session:
        found = session.exec(select(TotpFactor.id).where(col(TotpFactor.user_id) == user.id))
        return found.first() is not None


def _code_hash(code: str) -> str:
    # A recovery code has 80 random bits and is used once: a plain SHA-256 is enough.
    return hashlib.sha256(_normalised(code).encode()).hexdigest()


def _normalised(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step (now, or one either side for clock drift) whose code this is."""
    totp = pyotp.TOTP(secret)
    step = int(now.timestamp()) // _TOTP_STEP_S
    for candidate in (step, step - 1, step + 1):
        if secrets.compare_digest(totp.at(candidate * _TOTP_STEP_S), code):
            return candidate
    return None


def enable(ctx: AppContext, user: User, secret: str, code: str, now: datetime) -> list[str]:
    """Turn TOTP on once the user shows a code from the app; returns new recovery codes (shown
    once, kept as hashes). Enabling again replaces the secret and the codes."""
    step = _matching_step(secret, _normalised(code), now)
    if step is None:
        raise Refused("Koden passer ikke. Tjek, at telefonens ur går rigtigt, og prøv igen.")
    codes = [
        "-".join(secrets.token_hex(10)[i : i + 5] for i in range(0, 20, 5))
        for _ in range(RECOVERY_CODES)
    ]
    with ctx.unit_of_work() as session:
        session.execute(delete(TotpFactor).where(col(TotpFactor.user_id) == user.id))
        session.execute(delete(RecoveryCode).where(col(RecoveryCode.user_id) == user.id))
        assert user.id is not None
        session.add(TotpFactor(user_id=user.id, secret=secret, last_step=step, enabled_at=now))
        for recovery in codes:
            session.add(RecoveryCode(user_id=user.id, code_hash=_code_hash(recovery)))
        session.commit()
    return codes


def verify(ctx: AppContext, user: User, code: str, now: datetime) -> bool:
    """Whether the code is the user's current TOTP code (each accepted once) or an unused
    recovery code (then used up)."""
    code = _normalised(code)
    with ctx.unit_of_work() as session:
        factor = session.exec(select(TotpFactor).where(col(TotpFactor.user_id) == user.id)).first()
        if factor is None:
            return False
        step = _matching_step(factor.secret, code, now) if code.isdigit() else None
        if step is not None and step > factor.last_step:
            factor.last_step = step
            session.add(factor)
            session.commit()
            return True
        recovery = session.exec(
            select(RecoveryCode).where(
                col(RecoveryCode.user_id) == user.id,
                col(RecoveryCode.code_hash) == _code_hash(code),
                col(RecoveryCode.used_at).is_(None),
            )
        ).first()
        if recovery is None:
            return False
        recovery.used_at = now
        session.add(recovery)
        session.commit()
        return True


def unused_recovery_codes(ctx: AppContext, user: User) -> int:
    with ctx.unit_of_work() as session:
        return len(
            session.exec(
                select(RecoveryCode.id).where(
                    col(RecoveryCode.user_id) == user.id, col(RecoveryCode.used_at).is_(None)
                )
            ).all()
        )
