"""list indexes

Indexes for the list filters that had none (the latest-day bound of fuzzy dates, which
`lt`/`lte` compare; personnel qualifier; quote venue; source publisher and stored text;
position title) and for finding a record's event involvements and conflict claims by
(kind, key). tests/perf checks every filter and sort against EXPLAIN QUERY PLAN.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 08:40:00.000000
"""

from collections.abc import Sequence

from alembic import op


revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, index name, columns)
INDEXES = [
    ("contingent", "ix_contingent_personnel_qualifier", ["personnel_qualifier"]),
    ("contingent", "ix_contingent_departed_latest_on", ["departed_latest_on"]),
    ("contingent", "ix_contingent_deployed_latest_on", ["deployed_latest_on"]),
    ("contingent", "ix_contingent_arrived_latest_on", ["arrived_latest_on"]),
    ("quote", "ix_quote_venue", ["venue"]),
    ("quote", "ix_quote_date_latest_on", ["date_latest_on"]),
    ("event", "ix_event_date_latest_on", ["date_latest_on"]),
    ("event_involvement", "ix_event_involvement_record", ["record_kind", "record_key"]),
    ("conflict_claim", "ix_conflict_claim_record", ["record_kind", "record_key"]),
    ("conflict_claim", "ix_conflict_claim_field", ["field"]),
    ("source", "ix_source_publisher", ["publisher"]),
    ("source", "ix_source_published_latest_on", ["published_latest_on"]),
    ("source", "ix_source_text_stored", ["text_stored"]),
    ("position", "ix_position_title", ["title"]),
]


def upgrade() -> None:
    for table, name, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for table, name, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
