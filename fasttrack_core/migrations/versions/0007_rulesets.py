"""rule sets: the rule set each case follows (issue 11, item 1)

Revision ID: 0007_rulesets
Revises: 0005_keys_audit_retention
Create Date: 2026-11-30 06:50:00

An existing case gets the rule set its request date selects (domain/rulesets.py): requested
before 1 January 2025, Danish time, "before-2025"; else "2025". Its deadlines are not recomputed:
both sets have the same values, only the sources differ.

A job centre's stored policy loses `absence_alerts`, a flag that did nothing (issue 11 item 10):
the policy would otherwise be refused as naming an unknown field. Downgrading does not bring it
back.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0007_rulesets"
down_revision = "0008_recording_rules"
branch_labels = None
depends_on = None

# 2025-01-01 00:00 in Copenhagen (UTC+1) is 2024-12-31 23:00 UTC; requested_at is stored as
# naive UTC (models.UTCDateTime).
REFORM_2025_UTC = datetime(2024, 12, 31, 23, 0)


def upgrade() -> None:
    with op.batch_alter_table("fasttrack_case") as batch:
        batch.add_column(sa.Column("ruleset", sa.String(length=16), nullable=True))
    op.execute(
        sa.text(
            "UPDATE fasttrack_case SET ruleset = CASE WHEN requested_at < :reform "
            "THEN 'before-2025' ELSE '2025' END"
        ).bindparams(sa.bindparam("reform", REFORM_2025_UTC, type_=sa.DateTime()))
    )
    with op.batch_alter_table("fasttrack_case") as batch:
        batch.alter_column("ruleset", existing_type=sa.String(length=16), nullable=False)
    _drop_absence_alerts()


def _drop_absence_alerts() -> None:
    centres = sa.table("job_centre", sa.column("id", sa.Integer()), sa.column("policy", sa.JSON()))
    connection = op.get_bind()
    for centre_id, policy in connection.execute(sa.select(centres.c.id, centres.c.policy)).all():
        if "absence_alerts" in policy:
            kept = {name: value for name, value in policy.items() if name != "absence_alerts"}
            connection.execute(
                centres.update().where(centres.c.id == centre_id).values(policy=kept)
            )


def downgrade() -> None:
    with op.batch_alter_table("fasttrack_case") as batch:
        batch.drop_column("ruleset")
