"""pause: a case paused with its reason and resume date, and its paused days (issue 14, item 4)

Revision ID: 0013_pause
Revises: 0015_leader
Create Date: 2026-11-30 09:00:00

Existing cases are not paused and have no paused days.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import fasttrack_core.models

revision = "0013_pause"
down_revision = "0015_leader"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("fasttrack_case") as batch:
        batch.add_column(sa.Column("paused_at", fasttrack_core.models.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("pause_reason", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("resume_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("paused_days", sa.Integer(), nullable=False, server_default="0"))
        batch.create_index("ix_fasttrack_case_resume_on", ["resume_on"])


def downgrade() -> None:
    with op.batch_alter_table("fasttrack_case") as batch:
        batch.drop_index("ix_fasttrack_case_resume_on")
        batch.drop_column("paused_days")
        batch.drop_column("resume_on")
        batch.drop_column("pause_reason")
        batch.drop_column("paused_at")
