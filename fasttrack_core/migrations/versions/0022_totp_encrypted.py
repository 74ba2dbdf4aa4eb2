"""TOTP secrets encrypted at rest

A copied database held every user's TOTP secret in plain base32: enough to make their second
factor's codes. The secret moves to `secret_sealed`, encrypted with the data key (the vault the
migrating engine carries, as every command's Context attaches it); the downgrade decrypts it
back.

Revision ID: 0022_totp_encrypted
Revises: 0021_team_indexes
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

import fasttrack_core.models
from fasttrack_core.crypto import CprVault

revision = "0022_totp_encrypted"
down_revision = "0021_team_indexes"
branch_labels = None
depends_on = None


def _factors(source: str, target: str) -> sa.TableClause:
    return sa.table(
        "totp_factor", sa.column("id", sa.Integer()), sa.column(source), sa.column(target)
    )


def _copy(source: str, target: str, change: Callable[[CprVault, str], str]) -> None:
    """Every factor's secret from `source` to `target`, through `change` with the data key."""
    connection = op.get_bind()
    factors = _factors(source, target)
    rows = connection.execute(sa.select(factors.c.id, factors.c[source])).all()
    if not rows:
        return
    vault = fasttrack_core.models.attached_vault(connection.dialect)
    if vault is None:
        raise RuntimeError("TOTP secrets migrated without a data key (run it through a Context)")
    for factor_id, secret in rows:
        connection.execute(
            factors.update()
            .where(factors.c.id == factor_id)
            .values({target: change(vault, secret)})
        )


def upgrade() -> None:
    with op.batch_alter_table("totp_factor") as batch:
        batch.add_column(
            sa.Column("secret_sealed", fasttrack_core.models.SealedText(), nullable=True)
        )
    _copy("secret", "secret_sealed", lambda vault, plain: vault.encrypt(plain))
    with op.batch_alter_table("totp_factor") as batch:
        batch.alter_column(
            "secret_sealed", existing_type=fasttrack_core.models.SealedText(), nullable=False
        )
        batch.drop_column("secret")


def downgrade() -> None:
    with op.batch_alter_table("totp_factor") as batch:
        batch.add_column(sa.Column("secret", sa.String(length=64), nullable=True))
    _copy("secret_sealed", "secret", lambda vault, sealed: vault.decrypt(sealed))
    with op.batch_alter_table("totp_factor") as batch:
        batch.alter_column("secret", existing_type=sa.String(length=64), nullable=False)
        batch.drop_column("secret_sealed")
