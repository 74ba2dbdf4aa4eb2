"""operations alerts: the watchdog's memory of what it has told the administrator (issue 13)

Revision ID: 0011_alerts
Revises: 0016_steering
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import fasttrack_core.models

revision = "0011_alerts"
down_revision = "0016_steering"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "operations_alert",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("problem", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("detail", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("opened_at", fasttrack_core.models.UTCDateTime(), nullable=False),
        sa.Column("alerted_at", fasttrack_core.models.UTCDateTime(), nullable=False),
        sa.Column("resolved_at", fasttrack_core.models.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_operations_alert_problem", "operations_alert", ["problem"])


def downgrade() -> None:
    op.drop_index("ix_operations_alert_problem", table_name="operations_alert")
    op.drop_table("operations_alert")
