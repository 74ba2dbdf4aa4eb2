"""Migration 0022_totp_encrypted: a TOTP secret stored in plain base32 before it is encrypted
with the data key, and decrypted again by the downgrade."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, text

from fasttrack_core.crypto import CprVault
from fasttrack_core.models import attach_vault
from tests.conftest import TEST_SECRET
from tests.migrating import migrate

PLAIN_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _engine_with_a_plain_secret(tmp_path: Path) -> tuple[Engine, CprVault]:
    """A database at 0020 holding an admin's plain TOTP secret; its engine carries the vault,
    as every command's Context attaches it before migrating."""
    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    vault = CprVault(TEST_SECRET)
    attach_vault(engine, vault)
    migrate(engine, "0020_page_indexes")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO web_user (id, name, email, role, password_hash, active, created_at, "
                "system_admin) VALUES (1, 'Ada', 'ada@example.dk', 'admin', 'x', 1, "
                "'2026-03-24 08:30:00.000000', 1)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO totp_factor (id, user_id, secret, last_step, enabled_at) "
                "VALUES (1, 1, :secret, 0, '2026-03-24 08:30:00.000000')"
            ),
            {"secret": PLAIN_SECRET},
        )
    return engine, vault


def test_the_migration_encrypts_a_plain_totp_secret_and_the_downgrade_decrypts_it(
    tmp_path: Path,
) -> None:
    engine, vault = _engine_with_a_plain_secret(tmp_path)
    migrate(engine, "0022_totp_encrypted")
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT secret_sealed FROM totp_factor")).scalar_one()
    assert PLAIN_SECRET not in stored and CprVault.is_sealed(stored)
    assert vault.decrypt(stored) == PLAIN_SECRET
    migrate(engine, "0020_page_indexes", down=True)
    with engine.connect() as connection:
        restored = connection.execute(text("SELECT secret FROM totp_factor")).scalar_one()
    assert restored == PLAIN_SECRET
