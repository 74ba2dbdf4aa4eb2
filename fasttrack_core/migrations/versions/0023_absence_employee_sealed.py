"""Absence registrations keep the employee's number, encrypted

A registration was found by a keyed hash of the employer and the employee's number only, and the
hash's key derives from the data key: after `keys rotate` a new absence file's rows no longer
matched the registrations from before it, so the alert rules (3 months back) missed them. A
registration now keeps the employer's own number for the employee in `employee_ref_sealed`,
encrypted with the data key (as an alert does), and `keys rotate` computes the hash again from it.

A registration imported before this migration cannot be given its number (the import kept only
the hash): it stays empty, the registration keeps the hash of the key it was imported under
(rotation leaves it as it is), and it ages out with the retention period (`absence_days`, 180
days after its last day). The downgrade drops the numbers.

Revision ID: 0023_absence_employee_sealed
Revises: 0022_totp_encrypted
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import fasttrack_core.models

revision = "0023_absence_employee_sealed"
down_revision = "0022_totp_encrypted"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("absence_registration") as batch:
        batch.add_column(
            sa.Column("employee_ref_sealed", fasttrack_core.models.SealedText(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("absence_registration") as batch:
        batch.drop_column("employee_ref_sealed")
