"""steering: an API key's role (intake or steering) and the municipality a steering key reads;
official figures (Jobindsats) imported to show beside the cohort's

An API key was a system that submits requests (an HR system). The steering group's BI reads the
KPI JSON (`GET /api/kpis`, issue 17 item 6) with a key of its own role, which may not submit; a
steering key may be limited to one municipality. Existing keys keep what they could do: intake.

Revision ID: 0016_steering
Revises: 0013_pause
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0016_steering"
down_revision = "0013_pause"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("api_key") as batch:
        batch.add_column(
            sa.Column(
                "role",
                sqlmodel.sql.sqltypes.AutoString(length=16),
                nullable=False,
                server_default="intake",
            )
        )
        batch.add_column(
            sa.Column("municipality", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=True)
        )
    with op.batch_alter_table("api_key") as batch:
        batch.alter_column("role", server_default=None)
    op.create_table(
        "official_figure",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("area", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("period", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("measure", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("file_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.UniqueConstraint("source", "area", "period", "measure"),
    )


def downgrade() -> None:
    op.drop_table("official_figure")
    with op.batch_alter_table("api_key") as batch:
        batch.drop_column("municipality")
        batch.drop_column("role")
