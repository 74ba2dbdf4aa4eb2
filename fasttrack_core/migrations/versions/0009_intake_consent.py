"""intake and consent: employment; employer and leader optional

An unemployed or self-employed person may ask for Fast track without an employer or a leader
(sygedagpengeloven § 7 e; issue 11, item 3). Existing cases were all requests for employed people.

Revision ID: 0009_intake_consent
Revises: 0005_keys_audit_retention
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0009_intake_consent"
down_revision = "0005_keys_audit_retention"
branch_labels = None
depends_on = None

_OPTIONAL = (
    ("employer_cvr", sqlmodel.sql.sqltypes.AutoString(length=8)),
    ("employer_name", sqlmodel.sql.sqltypes.AutoString()),
    ("workplace", sqlmodel.sql.sqltypes.AutoString()),
    ("leader_name", sqlmodel.sql.sqltypes.AutoString()),
    ("leader_email", sqlmodel.sql.sqltypes.AutoString()),
)


def upgrade() -> None:
    with op.batch_alter_table("fasttrack_case") as batch:
        batch.add_column(
            sa.Column(
                "employment",
                sqlmodel.sql.sqltypes.AutoString(length=16),
                nullable=False,
                server_default="employed",
            )
        )
        for name, type_ in _OPTIONAL:
            batch.alter_column(name, existing_type=type_, nullable=True)
    with op.batch_alter_table("fasttrack_case") as batch:
        batch.alter_column("employment", server_default=None)


def downgrade() -> None:
    # A case without an employer cannot go back to the old schema.
    with op.batch_alter_table("fasttrack_case") as batch:
        for name, type_ in _OPTIONAL:
            batch.alter_column(name, existing_type=type_, nullable=False)
        batch.drop_column("employment")
