"""Where the keys come from, whether they fit the database, and rotating them (issue 12).

The data keys come from FASTTRACK_SECRET_KEY, else from the key file (FASTTRACK_SECRET_KEY_FILE,
by default next to a SQLite database: `fasttrack.db` -> `fasttrack.key`, never the working
directory). A new key is made only for a database that holds no encrypted data yet; a database
that does keeps each key's check value, and a command started with a missing, empty, weak or
wrong key refuses to start.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, bindparam, func, inspect, update
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel, col, select

from fasttrack_core.crypto import (
    CprVault,
    DataKey,
    KeyProblem,
    check_strength,
    format_keyring,
    new_key,
    next_key_id,
    parse_keyring,
    read_key_file,
    write_secret_file,
)
from fasttrack_core.db import AppContext
from fasttrack_core.models import (
    AbsenceAlert,
    AbsenceRegistration,
    Case,
    ConcernCase,
    DataKeyCheck,
    SealedJSON,
    SealedText,
    absence_alert_dedupe_key,
    absence_employee_key,
    attach_vault,
)
from fasttrack_core.settings import Settings

ENV_KEY = "FASTTRACK_SECRET_KEY"


def sqlite_path(database_url: str) -> Path | None:
    """The database file of a SQLite URL (None for PostgreSQL or an in-memory database)."""
    url = make_url(database_url)
    if not url.drivername.startswith("sqlite") or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database).resolve()


def _beside_database(settings: Settings, explicit: Path | None, suffix: str, setting: str) -> Path:
    if explicit is not None:
        return explicit
    database = sqlite_path(settings.database_url)
    if database is None:
        raise KeyProblem(
            f"Angiv nøglen ({setting}) eller nøglefilen ({setting}_FILE): med PostgreSQL er der "
            "ingen database-fil at lægge den ved siden af."
        )
    return database.with_suffix(suffix)


def key_file_path(settings: Settings) -> Path:
    return _beside_database(settings, settings.secret_key_file, ".key", ENV_KEY)


def session_key_file_path(settings: Settings) -> Path:
    return _beside_database(
        settings, settings.session_key_file, ".session-key", "FASTTRACK_SESSION_KEY"
    )


def create_private_database(settings: Settings) -> None:
    """A new SQLite database file is created readable by its owner only (0600); SQLite gives its
    -wal and -shm files the same mode."""
    database = sqlite_path(settings.database_url)
    if database is not None and not database.exists():
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def holds_encrypted_data(engine: Engine) -> bool:
    """Whether the database has a key check value or a case (whose CPR number is encrypted).
    A SQLite file that does not exist yet holds nothing (and is not created by asking)."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if database and database != ":memory:" and not Path(database).exists():
        return False
    tables = set(inspect(engine).get_table_names())
    with Session(engine) as session:
        for table, model in (("data_key_check", DataKeyCheck), ("fasttrack_case", Case)):
            if table in tables and session.exec(select(func.count()).select_from(model)).one():
                return True
    return False


def load_data_keys(settings: Settings, engine: Engine) -> list[DataKey]:
    """The data keys, current first. The embedded default makes a key file only for a database
    without encrypted data: a new key for existing data would open cases nobody can read."""
    if settings.secret_key is not None:
        keys = parse_keyring(settings.secret_key)
        check_strength(keys, ENV_KEY)
        return keys
    path = key_file_path(settings)
    if path.exists():
        return read_key_file(path)
    if holds_encrypted_data(engine):
        raise KeyProblem(
            f"Nøglefilen {path} findes ikke, men databasen indeholder krypterede data. Find den "
            f"nøglefil, databasen blev oprettet med, og angiv den med {ENV_KEY}_FILE."
        )
    keys = [new_key("k1")]
    write_secret_file(path, format_keyring(keys))
    return keys


def load_session_secret(settings: Settings) -> str:
    """The secret that signs sessions: its own setting or file, never derived from a data key."""
    if settings.session_key is not None:
        check_strength(parse_keyring(settings.session_key), "FASTTRACK_SESSION_KEY")
        return settings.session_key
    path = session_key_file_path(settings)
    if not path.exists():
        write_secret_file(path, new_key("s1").secret + "\n")
    secret = path.read_text().strip()
    check_strength(parse_keyring(secret), str(path))
    return secret


def verify_data_key(ctx: AppContext) -> None:
    """Refuse to go on when the current data key is not the one the database knows. The first
    time (a new database, or one from before key checks) the key's check value is recorded,
    after an existing value has been decrypted with it."""
    vault = ctx.vault
    with ctx.unit_of_work() as session:
        known = session.get(DataKeyCheck, vault.key_id)
        if known is not None:
            if known.check_value != vault.key_check_value():
                raise KeyProblem(
                    f"Nøglen {vault.key_id} passer ikke til databasen: det er en anden nøgle "
                    "med samme id. Brug den nøgle, databasen blev krypteret med."
                )
            if known.retired_at is not None:
                raise KeyProblem(f"Nøglen {vault.key_id} er udskiftet; brug den nye nøgle.")
            return
        if session.exec(select(func.count()).select_from(DataKeyCheck)).one():
            raise KeyProblem(
                f"Databasen kender ikke nøglen {vault.key_id}. Brug den nøgle, databasen blev "
                "krypteret med (en ny nøgle tages i brug med `fasttrack keys rotate`)."
            )
        sample = session.exec(select(Case.cpr_encrypted).limit(1)).first()
        if sample is not None:
            vault.decrypt(sample)  # KeyProblem when the key cannot read the data
        _record(session, vault, ctx.clock.now())
        session.commit()


def _record(session: Session, vault: CprVault, now: datetime) -> None:
    session.add(
        DataKeyCheck(key_id=vault.key_id, check_value=vault.key_check_value(), created_at=now)
    )


# --- rotation ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rotation:
    key_id: str  # the key everything is encrypted with now
    retired: list[str]  # the keys no value needs any more
    cases: int  # cases whose values were encrypted again


def rotate(settings: Settings, ctx: AppContext, now: datetime) -> Rotation:
    """Encrypt every value again under a new key and retire the old ones.

    With a key file, the new key is made and written first (next to the old ones, which stay
    until every value is re-encrypted, then leave the file). With FASTTRACK_SECRET_KEY the
    operator puts the new key first (`k2:NEW k1:OLD`); everything is re-encrypted under it, and
    the old one can then be removed from the setting.
    """
    from_file = settings.secret_key is None
    if settings.secret_key is not None:
        keys = parse_keyring(settings.secret_key)
    else:
        keys = read_key_file(key_file_path(settings))
        verify_data_key(ctx)  # the old key must fit before a new one is written beside it
        keys = [new_key(next_key_id(keys)), *keys]
        write_secret_file(key_file_path(settings), format_keyring(keys))
    vault = CprVault(keys)
    attach_vault(ctx.engine, vault)  # the sealed columns are written again under the new key
    with ctx.unit_of_work() as session:
        if session.get(DataKeyCheck, vault.key_id) is None:
            _record(session, vault, now)
        elif not from_file and len(keys) == 1:
            raise KeyProblem(
                f"Nøglen {vault.key_id} er allerede i brug. Sæt den nye nøgle først i {ENV_KEY} "
                f"(fx 'k{int(vault.key_id[1:]) + 1}:NY {vault.key_id}:GAMMEL')."
            )
        cases = _reencrypt_cases(session, vault)
        _reencrypt_concerns(session, vault)
        _rekey_absences(session, vault)
        _reseal_columns(session)
        retired = list(
            session.exec(
                select(DataKeyCheck.key_id).where(
                    col(DataKeyCheck.key_id) != vault.key_id, col(DataKeyCheck.retired_at).is_(None)
                )
            ).all()
        )
        session.execute(
            update(DataKeyCheck).where(col(DataKeyCheck.key_id).in_(retired)).values(retired_at=now)
        )
        session.commit()
    if from_file:
        write_secret_file(key_file_path(settings), format_keyring(keys[:1]))
    return Rotation(vault.key_id, retired, cases)


def _reseal_columns(session: Session) -> None:
    """Every value of every column sealed by its type (SealedText, SealedJSON: the cause, step
    titles, the free text of events and concerns, TOTP secrets, ...) written again: under the
    current key, from an older key or from before encryption."""
    for table in SQLModel.metadata.sorted_tables:
        (key,) = table.primary_key.columns
        for column in table.columns:
            if not isinstance(column.type, SealedText | SealedJSON):
                continue
            rows = session.execute(select(key, column).where(column.is_not(None))).all()
            if not rows:
                continue
            statement = (
                update(table)
                .where(key == bindparam("row_key"))
                .values({column: bindparam("sealed", type_=column.type)})
            )  # in one executemany: a table may hold many (the absence registrations)
            session.execute(statement, [{"row_key": k, "sealed": value} for k, value in rows])


def _reencrypt_cases(session: Session, vault: CprVault) -> int:
    """Every case's encrypted values under the current key, and its look-up hash from it."""
    count = 0
    for case in session.exec(select(Case).order_by(col(Case.id))).all():
        if case.anonymised_at is not None or (
            vault.is_current(case.cpr_encrypted) and vault.is_current(case.answers_encrypted)
        ):
            continue  # nothing left to encrypt, or already under the current key
        cpr = vault.decrypt(case.cpr_encrypted)
        answers = vault.decrypt(case.answers_encrypted)
        case.cpr_encrypted = vault.encrypt(cpr)
        case.answers_encrypted = vault.encrypt(answers)
        case.cpr_hash = vault.lookup_hash(cpr)
        if case.open_cpr_hash is not None:
            case.open_cpr_hash = case.cpr_hash
        session.add(case)
        count += 1
    session.flush()
    return count


def _reencrypt_concerns(session: Session, vault: CprVault) -> None:
    """Every concern's CPR number under the current key, and its look-up hash from it."""
    for concern in session.exec(select(ConcernCase)).all():
        if vault.is_current(concern.cpr_encrypted):
            continue
        cpr = vault.decrypt(concern.cpr_encrypted)
        concern.cpr_encrypted = vault.encrypt(cpr)
        concern.cpr_hash = vault.lookup_hash(cpr)
        if concern.open_cpr_hash is not None:
            concern.open_cpr_hash = concern.cpr_hash
        session.add(concern)
    session.flush()


def _rekey_absences(session: Session, vault: CprVault) -> None:
    """Every absence registration's and alert's employee key, and an alert's dedupe key (which
    names it), from the employer and the employee's number (sealed), so the alert rules still
    find the registrations from before the rotation. A row without the number keeps its key: a
    registration imported before migration 0023 (it ages out within the retention period), an
    alert anonymised by retention."""
    registrations = session.exec(
        select(
            AbsenceRegistration.id,
            AbsenceRegistration.employer_cvr,
            AbsenceRegistration.employee_ref,
        )
    ).all()
    keys = [
        {"id": row_id, "employee_key": absence_employee_key(vault, cvr, employee_ref)}
        for row_id, cvr, employee_ref in registrations
        if employee_ref is not None
    ]
    if keys:  # by primary key, in one executemany (there may be many)
        session.execute(update(AbsenceRegistration), keys)
    for alert in session.exec(select(AbsenceAlert)).all():
        if alert.employee_ref is None:
            continue
        alert.employee_key = absence_employee_key(vault, alert.employer_cvr, alert.employee_ref)
        alert.dedupe_key = absence_alert_dedupe_key(
            alert.employee_key, alert.rule, alert.spell_first_day
        )
        session.add(alert)
    session.flush()
