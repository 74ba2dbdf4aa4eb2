"""keys, audit purposes and chain, retention, system admins, the cause sealed (issue 12)

Revision ID: 0005_keys_audit_retention
Revises: 0003
"""

from __future__ import annotations

from datetime import UTC

import sqlalchemy as sa
import sqlmodel
from alembic import op

import fasttrack_core.models
from fasttrack_core.domain.audit_chain import GENESIS, entry_hash

revision = "0005_keys_audit_retention"
down_revision = "0004_sessions_and_sign_in"
branch_labels = None
depends_on = None

ROUTINE = "sagsbehandling"


def upgrade() -> None:
    op.create_table(
        "data_key_check",
        sa.Column("key_id", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("check_value", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", fasttrack_core.models.UTCDateTime(), nullable=False),
        sa.Column("retired_at", fasttrack_core.models.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("key_id"),
    )
    op.create_table(
        "audit_chain",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("head_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("start_seq", sa.Integer(), nullable=False),
        sa.Column("start_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_entry") as batch:
        batch.add_column(
            sa.Column(
                "purpose",
                sqlmodel.sql.sqltypes.AutoString(length=500),
                nullable=False,
                server_default=ROUTINE,
            )
        )
        batch.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("prev_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
        batch.add_column(
            sa.Column("entry_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
    op.create_index("ix_audit_entry_seq", "audit_entry", ["seq"], unique=True)
    with op.batch_alter_table("fasttrack_case") as batch:
        batch.add_column(
            sa.Column("anonymised_at", fasttrack_core.models.UTCDateTime(), nullable=True)
        )
        batch.add_column(sa.Column("cause_sealed", fasttrack_core.models.SealedText(), nullable=True))
    # The cause moves to a column that holds it encrypted; the values copied stay readable as
    # they are until `fasttrack keys rotate` encrypts them (the migration has no key).
    op.execute("UPDATE fasttrack_case SET cause_sealed = cause_category")
    op.execute("ALTER TABLE fasttrack_case DROP COLUMN cause_category")
    with op.batch_alter_table("web_user") as batch:
        batch.add_column(
            sa.Column("system_admin", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    # An admin without a job centre ran the whole system before: they stay a system admin.
    op.execute(
        "UPDATE web_user SET system_admin = true WHERE role = 'admin' AND job_centre_id IS NULL"
    )
    _chain_existing_entries()


def _chain_existing_entries() -> None:
    """The entries written before the chain, chained in the order they were written."""
    entries = sa.table(
        "audit_entry",
        sa.column("id", sa.Integer()),
        sa.column("at", fasttrack_core.models.UTCDateTime()),
        sa.column("actor", sa.String()),
        sa.column("action", sa.String()),
        sa.column("case_id", sa.Integer()),
        sa.column("detail", sa.String()),
        sa.column("seq", sa.Integer()),
        sa.column("prev_hash", sa.String()),
        sa.column("entry_hash", sa.String()),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(
            entries.c.id,
            entries.c.at,
            entries.c.actor,
            entries.c.action,
            entries.c.case_id,
            entries.c.detail,
        ).order_by(entries.c.id)
    ).all()
    prev = GENESIS
    for seq, (entry_id, at, actor, action, case_id, detail) in enumerate(rows, start=1):
        digest = entry_hash(prev, seq, at.astimezone(UTC), actor, action, case_id, detail, ROUTINE)
        connection.execute(
            entries.update()
            .where(entries.c.id == entry_id)
            .values(seq=seq, prev_hash=prev, entry_hash=digest)
        )
        prev = digest
    chain = sa.table(
        "audit_chain",
        sa.column("id", sa.Integer()),
        sa.column("length", sa.Integer()),
        sa.column("head_hash", sa.String()),
        sa.column("start_seq", sa.Integer()),
        sa.column("start_hash", sa.String()),
    )
    connection.execute(
        chain.insert().values(
            id=1, length=len(rows), head_hash=prev, start_seq=1, start_hash=GENESIS
        )
    )


def downgrade() -> None:
    with op.batch_alter_table("web_user") as batch:
        batch.drop_column("system_admin")
    op.add_column("fasttrack_case", sa.Column("cause_category", sa.String(32), nullable=True))
    op.execute("UPDATE fasttrack_case SET cause_category = cause_sealed")
    op.execute("ALTER TABLE fasttrack_case DROP COLUMN cause_sealed")
    op.execute("ALTER TABLE fasttrack_case DROP COLUMN anonymised_at")
    op.drop_index("ix_audit_entry_seq", table_name="audit_entry")
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_column("entry_hash")
        batch.drop_column("prev_hash")
        batch.drop_column("seq")
        batch.drop_column("purpose")
    op.drop_table("audit_chain")
    op.drop_table("data_key_check")
