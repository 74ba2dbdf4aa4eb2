"""page indexes: a case's outstanding steps by status and deadline, from the index alone (issue 13)

The task list and the team's overview count and page the outstanding steps of one consultant's
(or job centre's) open cases: `ix_step_case_status_due` answers each case's steps without
reading the step rows. It replaces `ix_step_case_id`, whose column it begins with.

Revision ID: 0020_page_indexes
Revises: 0011_alerts
"""

from __future__ import annotations

from alembic import op

revision = "0020_page_indexes"
down_revision = "0011_alerts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_step_case_status_due", "step", ["case_id", "status", "due_at"])
    op.drop_index("ix_step_case_id", table_name="step")


def downgrade() -> None:
    op.create_index("ix_step_case_id", "step", ["case_id"])
    op.drop_index("ix_step_case_status_due", table_name="step")
