"""specialists: a job centre's interdisciplinary team; a specialist at the roundtable

Issue 14 item 8 (Roskilde): the specialists (profession, name, e-mail) are configuration per job
centre; a case records whether a specialist took part in its roundtable, so the steering report
counts it without reading the events' JSON. Cases recorded before are filled in from their
`roundtable_held` event (a participant with the role "specialist"), once, here.

Revision ID: 0010_specialists
Revises: 0014_citizen
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0010_specialists"
down_revision = "0014_citizen"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "specialist",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_centre_id", sa.Integer(), nullable=False),
        sa.Column("profession", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.ForeignKeyConstraint(["job_centre_id"], ["job_centre.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("job_centre_id", "email"),
    )
    op.create_index(
        op.f("ix_specialist_job_centre_id"), "specialist", ["job_centre_id"], unique=False
    )
    with op.batch_alter_table("fasttrack_case") as batch:
        batch.add_column(
            sa.Column(
                "roundtable_specialist", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
    # The default stays: a row written without the column (a bulk load) had no specialist.
    # The role is not sealed in the event's JSON (only notes, places and texts are).
    op.execute(
        "UPDATE fasttrack_case SET roundtable_specialist = TRUE WHERE id IN ("
        "SELECT case_id FROM event WHERE kind = 'roundtable_held' "
        "AND CAST(data AS TEXT) LIKE '%\"role\": \"specialist\"%')"
    )


def downgrade() -> None:
    with op.batch_alter_table("fasttrack_case") as batch:
        batch.drop_column("roundtable_specialist")
    op.drop_index(op.f("ix_specialist_job_centre_id"), table_name="specialist")
    op.drop_table("specialist")
