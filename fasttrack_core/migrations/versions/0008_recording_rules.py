"""recording rules: the employee's normal weekly hours on the case (issue 11, item 9)

Revision ID: 0008_recording_rules
Revises: 0005_keys_audit_retention
Create Date: 2026-11-30 06:45:00

Existing cases get NULL: a partial return on them must give `normal_hours_per_week` once.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_recording_rules"
down_revision = "0009_intake_consent"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("fasttrack_case") as batch:
        batch.add_column(sa.Column("normal_hours_per_week", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("fasttrack_case") as batch:
        batch.drop_column("normal_hours_per_week")
