"""team indexes: the due steps and the open cases the task list and the team's overview join,
from the indexes alone (issue 13, item 5)

`ix_step_outstanding_due` holds the outstanding steps (pending, overdue) by status and deadline,
with their case and id: the overdue steps and the pending ones due by a day are two ranges of it.
`ix_case_centre_status` and `ix_case_consultant_status` gain the columns those pages join on and
show (the case's id, its consultant or reference), so the open cases of a job centre or a
consultant are read without the case rows.

Revision ID: 0021_team_indexes
Revises: 0020_page_indexes
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "0021_team_indexes"
down_revision = "0020_page_indexes"
branch_labels = None
depends_on = None

OUTSTANDING_STEP = "status IN ('pending', 'overdue')"


def upgrade() -> None:
    op.create_index(
        "ix_step_outstanding_due",
        "step",
        ["status", "due_at", "case_id", "id"],
        sqlite_where=text(OUTSTANDING_STEP),
        postgresql_where=text(OUTSTANDING_STEP),
    )
    _case_index("ix_case_centre_status", ["job_centre_id", "status", "consultant_id", "id"])
    _case_index("ix_case_consultant_status", ["consultant_id", "status", "id", "reference"])


def downgrade() -> None:
    _case_index("ix_case_consultant_status", ["consultant_id", "status"])
    _case_index("ix_case_centre_status", ["job_centre_id", "status"])
    op.drop_index("ix_step_outstanding_due", table_name="step")


def _case_index(name: str, columns: list[str]) -> None:
    """The case index `name`, now on `columns`."""
    op.drop_index(name, table_name="fasttrack_case")
    op.create_index(name, "fasttrack_case", columns)
