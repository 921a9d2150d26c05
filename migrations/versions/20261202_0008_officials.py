"""officials

The API has always called them officials; the schema called them `person` (table) and
`person_slug` (columns). One name now: table `official`, columns `official_slug` and
`speaker_official_slug`, with their keys and indexes named to match.

The four tables concerned are rebuilt rather than altered: SQLite cannot rename an index
or a constraint, and this way both backends end with the same schema the models declare.
Rows are copied across, so a database stays whole between this migration and its next
load.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 05:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Parents before children; each table's columns in the copy, by the term they are named with.
TABLES = ("{who}", "position", "quote", "contingent_escort")


def _text() -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString()


def _create(who: str) -> None:
    """The four tables as they are named with `who` ("person" or "official")."""
    slug = f"{who}_slug"
    speaker = f"speaker_{who}_slug"
    op.create_table(
        who,
        sa.Column("slug", _text(), nullable=False),
        sa.Column("name", _text(), nullable=False),
        sa.Column("nation_code", _text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["nation_code"], ["nation.code"], name=f"fk_{who}_nation_code_nation"
        ),
        sa.PrimaryKeyConstraint("slug", name=f"pk_{who}"),
    )
    op.create_index(f"ix_{who}_name", who, ["name"])
    op.create_index(f"ix_{who}_nation_code", who, ["nation_code"])

    op.create_table(
        "position",
        sa.Column("slug", _text(), nullable=False),
        sa.Column(slug, _text(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("title", _text(), nullable=False),
        sa.Column("organisation_slug", _text(), nullable=True),
        sa.Column("nation_code", _text(), nullable=True),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["nation_code"], ["nation.code"], name="fk_position_nation_code_nation"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_slug"],
            ["organisation.slug"],
            name="fk_position_organisation_slug_organisation",
        ),
        sa.ForeignKeyConstraint([slug], [f"{who}.slug"], name=f"fk_position_{slug}_{who}"),
        sa.PrimaryKeyConstraint("slug", name="pk_position"),
    )
    op.create_index("ix_position_organisation_slug", "position", ["organisation_slug"])
    op.create_index(f"ix_position_{slug}", "position", [slug])
    op.create_index("ix_position_title", "position", ["title"])

    op.create_table(
        "quote",
        sa.Column("slug", _text(), nullable=False),
        sa.Column("text", _text(), nullable=False),
        sa.Column(speaker, _text(), nullable=True),
        sa.Column("speaker_organisation_slug", _text(), nullable=True),
        sa.Column("venue", _text(), nullable=True),
        sa.Column("event_slug", _text(), nullable=True),
        sa.Column("date", sa.JSON(none_as_null=True), nullable=False),
        sa.Column("date_earliest_on", sa.Date(), nullable=True),
        sa.Column("date_latest_on", sa.Date(), nullable=True),
        sa.Column("occasion", _text(), nullable=True),
        sa.Column("kind", _text(), nullable=False),
        sa.CheckConstraint(
            f"({speaker} IS NULL) <> (speaker_organisation_slug IS NULL)",
            name="ck_quote_one_speaker",
        ),
        sa.ForeignKeyConstraint(["event_slug"], ["event.slug"], name="fk_quote_event_slug_event"),
        sa.ForeignKeyConstraint(
            ["speaker_organisation_slug"],
            ["organisation.slug"],
            name="fk_quote_speaker_organisation_slug_organisation",
        ),
        sa.ForeignKeyConstraint([speaker], [f"{who}.slug"], name=f"fk_quote_{speaker}_{who}"),
        sa.PrimaryKeyConstraint("slug", name="pk_quote"),
    )
    for name, columns in {
        "ix_quote_date_earliest_on": ["date_earliest_on"],
        "ix_quote_date_latest_on": ["date_latest_on"],
        "ix_quote_event_slug": ["event_slug"],
        "ix_quote_kind": ["kind"],
        "ix_quote_speaker_organisation_slug": ["speaker_organisation_slug"],
        f"ix_quote_{speaker}": [speaker],
        "ix_quote_venue": ["venue"],
        "ix_quote_default_order": ["date_earliest_on", "date_latest_on", "slug"],
    }.items():
        op.create_index(name, "quote", columns)

    op.create_table(
        "contingent_escort",
        sa.Column("contingent_slug", _text(), nullable=False),
        sa.Column(slug, _text(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contingent_slug"],
            ["contingent.slug"],
            name="fk_contingent_escort_contingent_slug_contingent",
        ),
        sa.ForeignKeyConstraint(
            [slug], [f"{who}.slug"], name=f"fk_contingent_escort_{slug}_{who}"
        ),
        sa.PrimaryKeyConstraint("contingent_slug", slug, name="pk_contingent_escort"),
    )
    op.create_index(f"ix_contingent_escort_{slug}", "contingent_escort", [slug])


def _rename(old: str, new: str) -> None:
    """Rebuild the four tables named with `new`, keeping their rows."""
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    tables = [t.format(who=old) for t in TABLES]
    columns = {t: [c["name"] for c in inspector.get_columns(t)] for t in tables}
    # Out of the way: old tables renamed, their indexes (names are per schema) dropped
    # and, on PostgreSQL, their primary keys (whose index names the new ones reuse) renamed.
    quote = bind.dialect.identifier_preparer.quote
    for table in reversed(tables):
        for index in inspector.get_indexes(table):
            op.drop_index(index["name"], table_name=table)
        if bind.dialect.name != "sqlite":
            pk = inspector.get_pk_constraint(table)["name"]
            op.execute(f"ALTER TABLE {quote(table)} RENAME CONSTRAINT {pk} TO _old_{pk}")
        op.rename_table(table, f"_old_{table}")
    _create(new)
    for table in tables:
        names = columns[table]
        renamed = [c.replace(f"{old}_slug", f"{new}_slug") for c in names]
        target = new if table == old else table
        op.execute(
            f"INSERT INTO {quote(target)} ({', '.join(map(quote, renamed))}) "
            f"SELECT {', '.join(map(quote, names))} FROM _old_{table}"
        )
    for table in reversed(tables):
        op.drop_table(f"_old_{table}")


def upgrade() -> None:
    _rename("person", "official")


def downgrade() -> None:
    _rename("official", "person")
