"""People who sign in (argon2id password hashes) and API clients (keys kept as hashes only)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import bindparam
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import ROLE_NAMES, ApiRole, Role
from fasttrack_core.errors import Refused
from fasttrack_core.models import ApiKey, JobCentre, User
from fasttrack_core.services.password_policy import password_problems
from fasttrack_core.services.sessions import EndReason, end_sessions_of
from fasttrack_core.services.verified_keys import VERIFIED

API_KEY_PREFIX = "ft_"

_hasher = PasswordHasher()
# Verifying against this keeps a sign-in with an unknown e-mail as slow as a wrong password.
_DUMMY_HASH = _hasher.hash("an unused password that no one has")


def add_user(
    ctx: AppContext,
    name: str,
    role: str,
    email: str,
    municipality: str | None,
    password: str,
    *,
    as_of: datetime,
) -> User:
    """Create a user; refuse (in Danish) an unknown role, a bad address, a password the policy
    refuses (short, common or trivial), an unknown job centre or an address already in use.
    Everyone but an admin belongs to a job centre."""
    reasons: list[str] = []
    if role not in Role.__members__.values():
        roles = ", ".join(f"{r.value} ({ROLE_NAMES[r].lower()})" for r in Role)
        reasons.append(f"Rollen '{role}' findes ikke. Brug en af: {roles}.")
    try:
        email = validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        reasons.append(f"'{email}' er ikke en gyldig e-mailadresse.")
    reasons += password_problems(password, [name, email])
    if not name.strip():
        reasons.append("Navnet må ikke være tomt.")
    if municipality is None and role != Role.ADMIN:
        reasons.append("Angiv jobcentrets kommunekode (--municipality), fx 183.")
    if reasons:
        raise Refused(reasons)
    with ctx.unit_of_work() as session:
        centre_id = None
        if municipality is not None:
            centre = session.exec(
                select(JobCentre).where(col(JobCentre.municipality_code) == municipality)
            ).first()
            if centre is None:
                raise Refused(f"Der er intet jobcenter med kommunekoden {municipality}.")
            centre_id = centre.id
        user = User(
            name=name.strip(),
            email=email,
            role=role,
            job_centre_id=centre_id,
            system_admin=role == Role.ADMIN and centre_id is None,  # else scoped to the centre
            password_hash=_hasher.hash(password),
            created_at=as_of,
        )
        session.add(user)
        try:
            session.commit()
        except IntegrityError:
            raise Refused(f"Der findes allerede en bruger med e-mailadressen {email}.") from None
        return user


def authenticate(ctx: AppContext, email: str, password: str) -> User | None:
    """The active user with this e-mail and password, else None (the same time either way)."""
    with ctx.unit_of_work() as session:
        user = session.exec(
            select(User).where(col(User.email) == email.strip().lower(), col(User.active))
        ).first()
        try:
            _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        if user is None:
            return None
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
            session.commit()
        return user


def change_password(ctx: AppContext, user_id: int, current: str, new: str, now: datetime) -> None:
    """Set a new password (the policy applies) once the current one is given; every session of
    the user ends (the caller starts a new one for the browser that changed it)."""
    with ctx.unit_of_work() as session:
        user = session.get_one(User, user_id)
        try:
            _hasher.verify(user.password_hash, current)
        except (VerificationError, InvalidHashError):
            raise Refused("Den nuværende adgangskode er forkert.") from None
        problems = password_problems(new, [user.name, user.email])
        if new == current:
            problems.append("Den nye adgangskode skal være en anden end den nuværende.")
        if problems:
            raise Refused(problems)
        user.password_hash = _hasher.hash(new)
        session.add(user)
        end_sessions_of(session, user_id, now, EndReason.PASSWORD_CHANGED)
        session.commit()


def deactivate_user(ctx: AppContext, email: str) -> None:
    """The user can no longer sign in, and every session of theirs ends now."""
    with ctx.unit_of_work() as session:
        user = session.exec(select(User).where(col(User.email) == email.strip().lower())).first()
        if user is None:
            raise Refused(f"Der findes ingen bruger med e-mailadressen {email}.")
        user.active = False
        session.add(user)
        assert user.id is not None
        end_sessions_of(session, user.id, ctx.clock.now(), EndReason.USER_DISABLED)
        session.commit()


def _key_hash(key: str) -> str:
    # An API key has 256 random bits: a plain SHA-256 is enough to keep it unrecoverable.
    return hashlib.sha256(key.encode()).hexdigest()


def create_api_key(
    ctx: AppContext,
    name: str,
    *,
    as_of: datetime,
    role: ApiRole = ApiRole.INTAKE,
    municipality: str | None = None,
) -> str:
    """A new API key for a system that submits requests (or, with the steering role, reads the
    KPIs, of one municipality when given); returned once, kept as a hash."""
    if not name.strip():
        raise Refused("Navnet må ikke være tomt.")
    if municipality is not None and role is not ApiRole.STEERING:
        raise Refused("Kun en nøgle til styregruppen kan begrænses til én kommune.")
    key = API_KEY_PREFIX + secrets.token_urlsafe(32)
    with ctx.unit_of_work() as session:
        if (
            municipality is not None
            and session.exec(
                select(JobCentre).where(col(JobCentre.municipality_code) == municipality)
            ).first()
            is None
        ):
            raise Refused(f"Kommunekoden {municipality} kendes ikke i systemet.")
        session.add(
            ApiKey(
                name=name.strip(),
                key_hash=_key_hash(key),
                created_at=as_of,
                role=role,
                municipality=municipality,
            )
        )
        try:
            session.commit()
        except IntegrityError:
            raise Refused(f"Der findes allerede en API-nøgle med navnet '{name}'.") from None
    return key


def revoke_api_key(ctx: AppContext, name: str, *, as_of: datetime) -> None:
    """From `as_of` on the key is refused (401). Revoking a revoked key changes nothing."""
    with ctx.unit_of_work() as session:
        client = session.exec(select(ApiKey).where(col(ApiKey.name) == name.strip())).first()
        if client is None:
            raise Refused(f"Der findes ingen API-nøgle med navnet '{name}'.")
        if client.revoked_at is None:
            client.revoked_at = as_of
            session.add(client)
            session.commit()
    VERIFIED.forget()  # refused at once in this process (elsewhere: verified_keys)


# Read on the connection (no ORM load), built once: asked whenever a key is not trusted yet.
_LIVE_KEY = select(ApiKey.__table__).where(  # type: ignore[attr-defined]
    col(ApiKey.key_hash) == bindparam("key_hash"), col(ApiKey.revoked_at).is_(None)
)


def recently_verified(ctx: AppContext, key: str) -> ApiKey | None:
    """The client of a key found live within the last `verified_keys.TRUST_SECONDS` (no
    database access: the web app asks it before `api_client`), else None."""
    return VERIFIED.get(ctx.engine, _key_hash(key))


def api_client(ctx: AppContext, key: str) -> ApiKey | None:
    """The API client holding this key, unless the key is unknown or revoked. The key is
    looked up by its SHA-256 (256 random bits: no slow hash needed, see `_key_hash`); a live key
    is then trusted for `verified_keys.TRUST_SECONDS` (a revocation elsewhere counts from then
    on; one here at once)."""
    key_hash = _key_hash(key)
    trusted = VERIFIED.get(ctx.engine, key_hash)
    if trusted is not None:
        return trusted
    with ctx.unit_of_work() as session:
        row = session.connection().execute(_LIVE_KEY, {"key_hash": key_hash}).first()
    if row is None:
        return None
    client = ApiKey(**row._mapping)
    VERIFIED.trust(ctx.engine, key_hash, client)
    return client


def municipality_of(ctx: AppContext, user: User) -> str | None:
    """The code of the user's job centre's municipality (None for an admin)."""
    if user.job_centre_id is None:
        return None
    with ctx.unit_of_work() as session:
        return session.get_one(JobCentre, user.job_centre_id).municipality_code
