"""outbox context: a message is queued as its template context and rendered when it is delivered

Rendering the four intake e-mails was the largest part of an intake request's time (issue 13). A
use case now stores each message's template context (`context`, as `notify.context_codec` writes
it) and `language`; the dispatcher renders it when it delivers it and keeps the subject and bodies
it sent. `subject`, `text_body` and `html_body` are NULL until then. A message queued before this
migration keeps its bodies (and has no context): it is delivered as it is.

The downgrade refuses while a message not rendered yet waits for delivery (deliver it first); one
given up on without being rendered keeps empty bodies.

Revision ID: 0024_outbox_context
Revises: 0023_absence_employee_sealed
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0024_outbox_context"
down_revision = "0023_absence_employee_sealed"
branch_labels = None
depends_on = None

_BODIES = ("subject", "text_body", "html_body")


def upgrade() -> None:
    with op.batch_alter_table("outbox_message") as batch:
        batch.add_column(sa.Column("context", sa.JSON(), nullable=True))
        batch.add_column(
            sa.Column(
                "language",
                sqlmodel.sql.sqltypes.AutoString(length=2),
                nullable=False,
                server_default="da",
            )
        )
        for name in _BODIES:
            batch.alter_column(
                name, existing_type=sqlmodel.sql.sqltypes.AutoString(), nullable=True
            )
    with op.batch_alter_table("outbox_message") as batch:
        batch.alter_column("language", server_default=None)


def downgrade() -> None:
    _bodies_for_the_unrendered()
    with op.batch_alter_table("outbox_message") as batch:
        for name in _BODIES:
            batch.alter_column(
                name, existing_type=sqlmodel.sql.sqltypes.AutoString(), nullable=False
            )
        batch.drop_column("language")
        batch.drop_column("context")


def _bodies_for_the_unrendered() -> None:
    """A message still to be delivered must be delivered (and so rendered) first; one that was
    given up on without being rendered (its template or context at fault) keeps empty bodies."""
    outbox = sa.table(
        "outbox_message",
        sa.column("status", sa.String()),
        *(sa.column(name, sa.String()) for name in _BODIES),
    )
    connection = op.get_bind()
    unrendered = outbox.c.subject.is_(None)
    waiting = connection.execute(
        sa.select(sa.func.count()).where(unrendered, outbox.c.status.in_(["pending", "held"]))
    ).scalar_one()
    if waiting:
        raise RuntimeError(
            f"{waiting} message(s) in the outbox are not rendered yet: deliver them "
            "(`fasttrack outbox send`) before downgrading"
        )
    connection.execute(sa.update(outbox).where(unrendered).values(dict.fromkeys(_BODIES, "")))
