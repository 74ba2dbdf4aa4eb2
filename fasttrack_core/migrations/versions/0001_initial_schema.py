"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 19:02:39.120788
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import fasttrack_core.models

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "config_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("loaded_at", fasttrack_core.models.UTCDateTime(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "job_centre",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("policy", sa.JSON(), nullable=False),
        sa.Column("team_lead_email", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("admin_email", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("steering_emails", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("municipality_code"),
    )
    op.create_table(
        "reference_counter",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year"),
    )
    op.create_table(
        "consultant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_centre_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("fte", sa.Float(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_centre_id"],
            ["job_centre.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email"),
    )
    with op.batch_alter_table("consultant", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consultant_job_centre_id"), ["job_centre_id"], unique=False
        )

    op.create_table(
        "consultant_absence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultant_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultant_id"],
            ["consultant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consultant_absence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consultant_absence_consultant_id"), ["consultant_id"], unique=False
        )

    op.create_table(
        "fasttrack_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("job_centre_id", sa.Integer(), nullable=False),
        sa.Column("consultant_id", sa.Integer(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("requested_by", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("requested_at", fasttrack_core.models.UTCDateTime(), nullable=False),
        sa.Column("first_absence_day", sa.Date(), nullable=False),
        sa.Column("expected_over_8_weeks", sa.Boolean(), nullable=False),
        sa.Column("cause_category", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("cpr_encrypted", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("cpr_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("open_cpr_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("employee_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("employee_email", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("employee_phone", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("employer_cvr", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("employer_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("workplace", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column(
            "employer_municipality", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=True
        ),
        sa.Column("leader_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("leader_email", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("hr_name", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("hr_email", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("answers_encrypted", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("partial_return_hours", sa.Float(), nullable=True),
        sa.Column("staircase_employee", sa.Integer(), nullable=True),
        sa.Column("staircase_employer", sa.Integer(), nullable=True),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("opened_at", fasttrack_core.models.UTCDateTime(), nullable=False),
        sa.Column("closed_at", fasttrack_core.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["consultant_id"],
            ["consultant.id"],
        ),
        sa.ForeignKeyConstraint(
            ["job_centre_id"],
            ["job_centre.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("open_cpr_hash"),
        sa.UniqueConstraint("reference"),
    )
    with op.batch_alter_table("fasttrack_case", schema=None) as batch_op:
        batch_op.create_index("ix_case_centre_status", ["job_centre_id", "status"], unique=False)
        batch_op.create_index(
            "ix_case_consultant_status", ["consultant_id", "status"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_fasttrack_case_cpr_hash"), ["cpr_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_fasttrack_case_status"), ["status"], unique=False)

    op.create_table(
        "roster_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_centre_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=True),
        sa.Column("weekday", sa.Integer(), nullable=True),
        sa.Column("consultant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultant_id"],
            ["consultant.id"],
        ),
        sa.ForeignKeyConstraint(
            ["job_centre_id"],
            ["job_centre.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("job_centre_id", "day"),
        sa.UniqueConstraint("job_centre_id", "weekday"),
    )
    op.create_table(
        "workplace",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cvr", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("consultant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultant_id"],
            ["consultant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("cvr", "name"),
    )
    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("occurred_at", fasttrack_core.models.UTCDateTime(), nullable=False),
        sa.Column("recorded_at", fasttrack_core.models.UTCDateTime(), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("dedupe_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["fasttrack_case.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedupe_key"),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_kind"), ["kind"], unique=False)

    op.create_table(
        "step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("due_at", fasttrack_core.models.UTCDateTime(), nullable=False),
        sa.Column("remind_at", fasttrack_core.models.UTCDateTime(), nullable=True),
        sa.Column("reminded_at", fasttrack_core.models.UTCDateTime(), nullable=True),
        sa.Column("escalated_at", fasttrack_core.models.UTCDateTime(), nullable=True),
        sa.Column("next_check_at", fasttrack_core.models.UTCDateTime(), nullable=True),
        sa.Column("scheduled_at", fasttrack_core.models.UTCDateTime(), nullable=True),
        sa.Column("completed_at", fasttrack_core.models.UTCDateTime(), nullable=True),
        sa.Column("owner", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["fasttrack_case.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "kind", "seq"),
    )
    with op.batch_alter_table("step", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_step_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_step_next_check_at"), ["next_check_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_step_next_check_at"))
        batch_op.drop_index(batch_op.f("ix_step_case_id"))

    op.drop_table("step")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_kind"))
        batch_op.drop_index(batch_op.f("ix_event_case_id"))

    op.drop_table("event")
    op.drop_table("workplace")
    op.drop_table("roster_entry")
    with op.batch_alter_table("fasttrack_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fasttrack_case_status"))
        batch_op.drop_index(batch_op.f("ix_fasttrack_case_cpr_hash"))
        batch_op.drop_index("ix_case_consultant_status")
        batch_op.drop_index("ix_case_centre_status")

    op.drop_table("fasttrack_case")
    with op.batch_alter_table("consultant_absence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultant_absence_consultant_id"))

    op.drop_table("consultant_absence")
    with op.batch_alter_table("consultant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultant_job_centre_id"))

    op.drop_table("consultant")
    op.drop_table("reference_counter")
    op.drop_table("job_centre")
    op.drop_table("config_change")
