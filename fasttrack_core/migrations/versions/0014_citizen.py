"""the citizen's own way in: personal links (hash only), their throttle; booking rules and
consultants' calendars (issue 15)

Revision ID: 0014_citizen
Revises: 0018_language
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import fasttrack_core.models

revision = "0014_citizen"
down_revision = "0018_language"
branch_labels = None
depends_on = None


def _text(length: int | None = None) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def _moment() -> fasttrack_core.models.UTCDateTime:
    return fasttrack_core.models.UTCDateTime()


def upgrade() -> None:
    op.create_table(
        "citizen_access",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", _text(64), nullable=False),
        sa.Column("audience", _text(16), nullable=False),
        sa.Column("created_at", _moment(), nullable=False),
        sa.Column("expires_at", _moment(), nullable=False),
        sa.Column("revoked_at", _moment(), nullable=True),
        sa.Column("last_used_at", _moment(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["fasttrack_case.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_citizen_access_case_id", "citizen_access", ["case_id"])
    op.create_table(
        "citizen_access_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", _moment(), nullable=False),
        sa.Column("token_hash", _text(64), nullable=False),
        sa.Column("client_address", _text(64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("at", "token_hash", "client_address"):
        op.create_index(
            f"ix_citizen_access_failure_{column}", "citizen_access_failure", [column]
        )
    op.create_table(
        "booking_setup",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_centre_id", sa.Integer(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["job_centre_id"], ["job_centre.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("job_centre_id"),
    )
    op.create_table(
        "consultant_calendar",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultant_id", sa.Integer(), nullable=False),
        sa.Column("working_hours", sa.JSON(), nullable=True),
        sa.Column("caldav_url", _text(500), nullable=True),
        sa.Column("caldav_username", _text(200), nullable=True),
        sa.Column("caldav_password_env", _text(100), nullable=True),
        sa.ForeignKeyConstraint(["consultant_id"], ["consultant.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("consultant_id"),
    )


def downgrade() -> None:
    op.drop_table("consultant_calendar")
    op.drop_table("booking_setup")
    op.drop_table("citizen_access_failure")
    op.drop_table("citizen_access")
