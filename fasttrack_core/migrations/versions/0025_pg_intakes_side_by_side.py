"""PostgreSQL: intakes side by side (case numbers from a sequence a year, the audit entry in one call)

On PostgreSQL, concurrent intakes waited for each other on two rows, each held until the intake
committed (issue 13; sampled in `pg_stat_activity` during `bench/national.py`'s intake):

- the year's row of `reference_counter`. From now on PostgreSQL numbers each year's cases from a
  sequence of the year's (`case_number_2026`), made by `next_case_number(year)` at the year's
  first case; the sequences of the years already counted continue after their counters. A number
  taken by an intake that then fails is not used again (a gap). SQLite keeps the counter;
- the audit chain's head, held from the entry's claim through three statements and the
  client's turns between them. `append_audit_entry(...)` claims the place, hashes the entry
  (`domain.audit_chain.chained_hash`'s text) and moves the head in one call.

SQLite writes one transaction at a time and keeps doing both in Python. ADR 0013.

The downgrade writes each sequence's last number back into the counter and drops the sequences
and both functions.

Revision ID: 0025_pg_intakes_side_by_side
Revises: 0024_outbox_context
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025_pg_intakes_side_by_side"
down_revision = "0024_outbox_context"
branch_labels = None
depends_on = None

# The year's first case makes the year's sequence. Another transaction at the same moment does
# not see it before it commits: it waits on the advisory lock until the first has committed
# (or rolled back), then finds (or makes) it.
_NEXT_CASE_NUMBER = """
CREATE FUNCTION next_case_number(for_year integer) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    sequence_name text := 'case_number_' || for_year;
BEGIN
    IF to_regclass(sequence_name) IS NULL THEN
        PERFORM pg_advisory_xact_lock(hashtext('fasttrack.case_number'), for_year);
        EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', sequence_name);
    END IF;
    RETURN nextval(sequence_name::regclass);
END
$$
"""
# `entry_content`: the entry's canonical JSON array without its place
# (`domain.audit_chain.entry_content`); the hash covers ["<previous hash>",<place>,...content].
# The head row is made by the first entry where there is none (a database emptied by TRUNCATE),
# starting from the genesis hash, as `services.audit._claim_place` does.
_APPEND_AUDIT_ENTRY = """
CREATE FUNCTION append_audit_entry(
    entry_at timestamptz,
    entry_user_id integer,
    entry_actor text,
    entry_action text,
    entry_case_id integer,
    entry_detail text,
    entry_purpose text,
    entry_content text
) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    place bigint;
    previous text;
    digest text;
BEGIN
    INSERT INTO audit_chain AS chain (id, length, head_hash, start_seq, start_hash)
        VALUES (1, 1, repeat('0', 64), 1, repeat('0', 64))
        ON CONFLICT (id) DO UPDATE SET length = chain.length + 1
        RETURNING length, head_hash INTO place, previous;
    digest := encode(
        sha256(convert_to('["' || previous || '",' || place || ',' || substr(entry_content, 2),
                          'UTF8')),
        'hex'
    );
    INSERT INTO audit_entry
        (at, user_id, actor, action, case_id, detail, purpose, seq, prev_hash, entry_hash)
    VALUES (entry_at, entry_user_id, entry_actor, entry_action, entry_case_id, entry_detail,
            entry_purpose, place, previous, digest);
    UPDATE audit_chain SET head_hash = digest WHERE id = 1;
END
$$
"""


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql":
        return
    op.execute(_NEXT_CASE_NUMBER)
    op.execute(_APPEND_AUDIT_ENTRY)
    counters = connection.execute(sa.text("SELECT year, last FROM reference_counter"))
    for year, last in counters.all():
        op.execute(f"CREATE SEQUENCE case_number_{int(year)}")
        if last > 0:
            op.execute(f"SELECT setval('case_number_{int(year)}', {int(last)})")


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql":
        return
    sequences = connection.execute(
        sa.text(
            "SELECT c.relname FROM pg_class c WHERE c.relkind = 'S' "
            "AND c.relname ~ '^case_number_[0-9]+$' AND pg_table_is_visible(c.oid)"
        )
    ).scalars()
    for name in list(sequences):
        last, called = connection.execute(
            sa.text(f"SELECT last_value, is_called FROM {name}")
        ).one()
        connection.execute(
            sa.text(
                "INSERT INTO reference_counter (year, last) VALUES (:year, :last) "
                "ON CONFLICT (year) DO UPDATE SET last = :last"
            ),
            {"year": int(name.removeprefix("case_number_")), "last": last if called else 0},
        )
        op.execute(f"DROP SEQUENCE {name}")
    op.execute("DROP FUNCTION append_audit_entry")
    op.execute("DROP FUNCTION next_case_number")
