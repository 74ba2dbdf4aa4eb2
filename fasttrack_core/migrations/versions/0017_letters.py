"""letters: the outbox's channel (email or letter) and proof of dispatch; the employee's e-mail
optional

A message with legal effect to a citizen (the notice, a summons, a changed meeting) has its
dispatch recorded on the case's timeline (`proof`); an employee without an e-mail address gets it
as a PDF letter (`channel` "letter"). Issue 15, item 5.

Revision ID: 0017_letters
Revises: 0007_rulesets
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0017_letters"
down_revision = "0007_rulesets"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_message") as batch:
        batch.add_column(
            sa.Column(
                "channel",
                sqlmodel.sql.sqltypes.AutoString(length=8),
                nullable=False,
                server_default="email",
            )
        )
        batch.add_column(
            sa.Column("proof", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("outbox_message") as batch:
        batch.alter_column("channel", server_default=None)
        batch.alter_column("proof", server_default=None)
    with op.batch_alter_table("fasttrack_case") as batch:
        batch.alter_column(
            "employee_email", existing_type=sqlmodel.sql.sqltypes.AutoString(), nullable=True
        )


def downgrade() -> None:
    # A case without the employee's e-mail cannot go back to the old schema.
    with op.batch_alter_table("fasttrack_case") as batch:
        batch.alter_column(
            "employee_email", existing_type=sqlmodel.sql.sqltypes.AutoString(), nullable=False
        )
    with op.batch_alter_table("outbox_message") as batch:
        batch.drop_column("proof")
        batch.drop_column("channel")
