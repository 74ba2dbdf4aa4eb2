"""language: the language of the employee's and the leader's messages ("da" or "en")

Issue 15, item 4. Existing cases were all Danish.

Revision ID: 0018_language
Revises: 0017_letters
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0018_language"
down_revision = "0017_letters"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("fasttrack_case") as batch:
        batch.add_column(
            sa.Column(
                "language",
                sqlmodel.sql.sqltypes.AutoString(length=2),
                nullable=False,
                server_default="da",
            )
        )
    with op.batch_alter_table("fasttrack_case") as batch:
        batch.alter_column("language", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("fasttrack_case") as batch:
        batch.drop_column("language")
