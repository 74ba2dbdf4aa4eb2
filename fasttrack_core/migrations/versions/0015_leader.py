"""the leader's side: absence alerts, Fast track on concern (issue 16)

Absence files imported (by hash), the registrations the alert rules read (a keyed hash of the
employee's number, the employer, the days), the alerts raised and the leaders' answers; requests
on concern with their steps and timeline.

Revision ID: 0015_leader
Revises: 0010_specialists
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import fasttrack_core.models

revision = "0015_leader"
down_revision = "0010_specialists"
branch_labels = None
depends_on = None

_TEXT = sqlmodel.sql.sqltypes.AutoString
_TIME = fasttrack_core.models.UTCDateTime
_SEALED = fasttrack_core.models.SealedText


def upgrade() -> None:
    op.create_table(
        "absence_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_hash", _TEXT(length=64), nullable=False),
        sa.Column("file_name", _TEXT(length=200), nullable=False),
        sa.Column("imported_at", _TIME(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("alerts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("file_hash"),
    )
    op.create_table(
        "absence_registration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("job_centre_id", sa.Integer(), nullable=False),
        sa.Column("employer_cvr", _TEXT(length=8), nullable=False),
        sa.Column("employee_key", _TEXT(length=64), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["import_id"], ["absence_import.id"]),
        sa.ForeignKeyConstraint(["job_centre_id"], ["job_centre.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("import_id", "employee_key", "last_day"):
        op.create_index(
            f"ix_absence_registration_{column}", "absence_registration", [column], unique=False
        )
    op.create_table(
        "absence_alert",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", _TEXT(length=20), nullable=False),
        sa.Column("job_centre_id", sa.Integer(), nullable=False),
        sa.Column("employer_cvr", _TEXT(length=8), nullable=False),
        sa.Column("workplace", _TEXT(length=200), nullable=True),
        sa.Column("employee_key", _TEXT(length=64), nullable=True),
        sa.Column("employee_ref_sealed", _SEALED(), nullable=True),
        sa.Column("leader_email", _TEXT(length=320), nullable=True),
        sa.Column("rule", _TEXT(length=32), nullable=False),
        sa.Column("spell_first_day", sa.Date(), nullable=False),
        sa.Column("raised_at", _TIME(), nullable=False),
        sa.Column("answer_due", sa.Date(), nullable=False),
        sa.Column("token_hash", _TEXT(length=64), nullable=True),
        sa.Column("answer", _TEXT(length=32), nullable=True),
        sa.Column("answered_at", _TIME(), nullable=True),
        sa.Column("anonymised_at", _TIME(), nullable=True),
        sa.Column("dedupe_key", _TEXT(length=200), nullable=False),
        sa.ForeignKeyConstraint(["job_centre_id"], ["job_centre.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedupe_key"),
        sa.UniqueConstraint("reference"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_absence_alert_job_centre_id", "absence_alert", ["job_centre_id"])
    op.create_index("ix_absence_alert_raised_at", "absence_alert", ["raised_at"])
    op.create_table(
        "concern_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", _TEXT(length=20), nullable=False),
        sa.Column("job_centre_id", sa.Integer(), nullable=False),
        sa.Column("consultant_id", sa.Integer(), nullable=True),
        sa.Column("status", _TEXT(length=16), nullable=False),
        sa.Column("raised_by", _TEXT(length=16), nullable=False),
        sa.Column("channel", _TEXT(length=16), nullable=False),
        sa.Column("received_at", _TIME(), nullable=False),
        sa.Column("absent_since", sa.Date(), nullable=True),
        sa.Column("cpr_encrypted", _TEXT(), nullable=False),
        sa.Column("cpr_hash", _TEXT(length=64), nullable=False),
        sa.Column("open_cpr_hash", _TEXT(length=64), nullable=True),
        sa.Column("employee_name", _TEXT(), nullable=False),
        sa.Column("employee_email", _TEXT(), nullable=True),
        sa.Column("employee_phone", _TEXT(), nullable=True),
        sa.Column("residence_municipality", _TEXT(length=3), nullable=False),
        sa.Column("employer_cvr", _TEXT(length=8), nullable=True),
        sa.Column("employer_name", _TEXT(), nullable=True),
        sa.Column("workplace", _TEXT(), nullable=True),
        sa.Column("leader_name", _TEXT(), nullable=True),
        sa.Column("leader_email", _TEXT(), nullable=True),
        sa.Column("concern_sealed", _SEALED(), nullable=False),
        sa.Column("answers_sealed", _SEALED(), nullable=True),
        sa.Column("contact_due", _TIME(), nullable=False),
        sa.Column("contacted_at", _TIME(), nullable=True),
        sa.Column("talk_due", _TIME(), nullable=False),
        sa.Column("talk_held_at", _TIME(), nullable=True),
        sa.Column("effort_due", _TIME(), nullable=False),
        sa.Column("effort_agreed_at", _TIME(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", _TIME(), nullable=True),
        sa.Column("outcome", _TEXT(length=32), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["fasttrack_case.id"]),
        sa.ForeignKeyConstraint(["consultant_id"], ["consultant.id"]),
        sa.ForeignKeyConstraint(["job_centre_id"], ["job_centre.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("open_cpr_hash"),
        sa.UniqueConstraint("reference"),
    )
    for column in ("job_centre_id", "status", "cpr_hash"):
        op.create_index(f"ix_concern_case_{column}", "concern_case", [column], unique=False)
    op.create_table(
        "concern_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("concern_id", sa.Integer(), nullable=False),
        sa.Column("kind", _TEXT(length=32), nullable=False),
        sa.Column("occurred_at", _TIME(), nullable=False),
        sa.Column("recorded_at", _TIME(), nullable=False),
        sa.Column("actor", _TEXT(length=200), nullable=False),
        sa.Column("data", fasttrack_core.models.SealedJSON(), nullable=False),
        sa.ForeignKeyConstraint(["concern_id"], ["concern_case.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_concern_event_concern_id", "concern_event", ["concern_id"])


def downgrade() -> None:
    op.drop_table("concern_event")
    op.drop_table("concern_case")
    op.drop_table("absence_alert")
    op.drop_table("absence_registration")
    op.drop_table("absence_import")
