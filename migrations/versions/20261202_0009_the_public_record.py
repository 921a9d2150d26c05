"""the public record

New kinds of record: decisions (with the nations that abstained), pledges, and strength,
the reported figures as a time series. Strength takes the place of `personnel_figure`:
its rows are copied across with their mission and nation, and so is their evidence.
Sources gain their language and wire origin, contingents their return, missions their
authorisation and predecessor, positions their dates, events an amount. A conflict's
side may give another value with its own evidence, so a side is keyed by its ordinal.

Rows are copied both ways, so a database stays whole between this migration and its next
load; the values new columns cannot know (a source's language) read "und" until then.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 11:08:57.731497
"""

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text() -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString()


def _json(name: str) -> sa.Column[Any]:
    return sa.Column(name, sa.JSON(none_as_null=True), nullable=True)


def _day(name: str) -> sa.Column[Any]:
    return sa.Column(name, sa.Date(), nullable=True)


def _words(name: str) -> sa.Column[Any]:
    return sa.Column(name, _text(), nullable=True)


# (table, column factory) for each column added to an existing table, in order.
NEW_COLUMNS: list[tuple[str, Callable[[], sa.Column[Any]]]] = [
    ("contingent", lambda: _json("returned")),
    ("contingent", lambda: _day("returned_earliest_on")),
    ("contingent", lambda: _day("returned_latest_on")),
    ("contingent", lambda: _words("departure_place")),
    ("event", lambda: _json("amount")),
    ("mission", lambda: _words("predecessor_slug")),
    ("mission", lambda: _json("authorised")),
    ("mission", lambda: _day("authorised_earliest_on")),
    ("mission", lambda: _day("authorised_latest_on")),
    ("mission", lambda: _json("authorisation_ended")),
    ("mission", lambda: _day("authorisation_ended_earliest_on")),
    ("mission", lambda: _day("authorisation_ended_latest_on")),
    ("position", lambda: _json("started")),
    ("position", lambda: _json("ended")),
    # Filled in by the next load; a database migrated with sources in it reads "und"
    # (undetermined, BCP 47) until then.
    ("source", lambda: sa.Column("language", _text(), nullable=False, server_default="und")),
    ("source", lambda: _words("wire")),
    ("source", lambda: _words("wire_story")),
]
NEW_INDEXES = [
    ("contingent", "returned_earliest_on"),
    ("contingent", "returned_latest_on"),
    ("mission", "predecessor_slug"),
    ("mission", "authorised_earliest_on"),
    ("mission", "authorisation_ended_earliest_on"),
    ("source", "language"),
    ("source", "wire"),
    ("source", "wire_story"),
]


def upgrade() -> None:
    op.create_table(
        "decision",
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("mission_slug", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("body_slug", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("date", sa.JSON(none_as_null=True), nullable=False),
        sa.Column("date_earliest_on", sa.Date(), nullable=True),
        sa.Column("date_latest_on", sa.Date(), nullable=True),
        sa.Column("vote", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("unanimous", sa.Boolean(), nullable=True),
        sa.Column("authorises", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("duration", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("until", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("until_earliest_on", sa.Date(), nullable=True),
        sa.Column("until_latest_on", sa.Date(), nullable=True),
        sa.Column("personnel_ceiling_value", sa.Integer(), nullable=True),
        sa.Column("personnel_ceiling_qualifier", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("personnel_ceiling_unit", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["body_slug"], ["organisation.slug"], name=op.f("fk_decision_body_slug_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["mission_slug"], ["mission.slug"], name=op.f("fk_decision_mission_slug_mission")
        ),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_decision")),
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_body_slug"), ["body_slug"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_decision_date_earliest_on"), ["date_earliest_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_decision_date_latest_on"), ["date_latest_on"], unique=False
        )
        batch_op.create_index(
            "ix_decision_default_order",
            ["date_earliest_on", "date_latest_on", "slug"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_decision_kind"), ["kind"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_decision_mission_slug"), ["mission_slug"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_decision_number"), ["number"], unique=False)
        batch_op.create_index(batch_op.f("ix_decision_unanimous"), ["unanimous"], unique=False)

    op.create_table(
        "pledge",
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("mission_slug", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("nation_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("personnel_value", sa.Integer(), nullable=True),
        sa.Column("personnel_qualifier", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("personnel_unit", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("personnel_breakdown", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("made", sa.JSON(none_as_null=True), nullable=False),
        sa.Column("made_earliest_on", sa.Date(), nullable=True),
        sa.Column("made_latest_on", sa.Date(), nullable=True),
        sa.Column("made_by_slug", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["made_by_slug"], ["official.slug"], name=op.f("fk_pledge_made_by_slug_official")
        ),
        sa.ForeignKeyConstraint(
            ["mission_slug"], ["mission.slug"], name=op.f("fk_pledge_mission_slug_mission")
        ),
        sa.ForeignKeyConstraint(
            ["nation_code"], ["nation.code"], name=op.f("fk_pledge_nation_code_nation")
        ),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_pledge")),
    )
    with op.batch_alter_table("pledge", schema=None) as batch_op:
        batch_op.create_index(
            "ix_pledge_default_order", ["made_earliest_on", "made_latest_on", "slug"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_pledge_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_pledge_made_by_slug"), ["made_by_slug"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_pledge_made_earliest_on"), ["made_earliest_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_pledge_made_latest_on"), ["made_latest_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_pledge_mission_slug"), ["mission_slug"], unique=False)
        batch_op.create_index(batch_op.f("ix_pledge_nation_code"), ["nation_code"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_pledge_personnel_value"), ["personnel_value"], unique=False
        )

    op.create_table(
        "decision_abstention",
        sa.Column("decision_slug", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("nation_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_slug"],
            ["decision.slug"],
            name=op.f("fk_decision_abstention_decision_slug_decision"),
        ),
        sa.ForeignKeyConstraint(
            ["nation_code"], ["nation.code"], name=op.f("fk_decision_abstention_nation_code_nation")
        ),
        sa.PrimaryKeyConstraint(
            "decision_slug", "nation_code", name=op.f("pk_decision_abstention")
        ),
    )
    with op.batch_alter_table("decision_abstention", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_decision_abstention_nation_code"), ["nation_code"], unique=False
        )

    op.create_table(
        "strength",
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("mission_slug", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("nation_code", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("participation_slug", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("service", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("qualifier", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("basis", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("as_of", sa.JSON(none_as_null=True), nullable=False),
        sa.Column("as_of_earliest_on", sa.Date(), nullable=True),
        sa.Column("as_of_latest_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["mission_slug"], ["mission.slug"], name=op.f("fk_strength_mission_slug_mission")
        ),
        sa.ForeignKeyConstraint(
            ["nation_code"], ["nation.code"], name=op.f("fk_strength_nation_code_nation")
        ),
        sa.ForeignKeyConstraint(
            ["participation_slug"],
            ["participation.slug"],
            name=op.f("fk_strength_participation_slug_participation"),
        ),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_strength")),
    )
    with op.batch_alter_table("strength", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_strength_as_of_earliest_on"), ["as_of_earliest_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_strength_as_of_latest_on"), ["as_of_latest_on"], unique=False
        )
        batch_op.create_index(
            "ix_strength_default_order",
            ["as_of_earliest_on", "as_of_latest_on", "slug"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_strength_mission_slug"), ["mission_slug"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_strength_nation_code"), ["nation_code"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_strength_participation_slug"), ["participation_slug"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_strength_qualifier"), ["qualifier"], unique=False)
        batch_op.create_index(batch_op.f("ix_strength_scope"), ["scope"], unique=False)
        batch_op.create_index(batch_op.f("ix_strength_service"), ["service"], unique=False)
        batch_op.create_index(batch_op.f("ix_strength_value"), ["value"], unique=False)

    op.execute(
        "INSERT INTO strength (slug, mission_slug, nation_code, participation_slug, scope, "
        "value, qualifier, unit, as_of, as_of_earliest_on, as_of_latest_on) "
        "SELECT f.slug, p.mission_slug, p.nation_code, f.participation_slug, 'nation', f.value, "
        "f.qualifier, f.unit, f.as_of, f.as_of_earliest_on, f.as_of_latest_on "
        "FROM personnel_figure f JOIN participation p ON p.slug = f.participation_slug"
    )
    op.execute("UPDATE evidence SET record_kind = 'strength' WHERE record_kind = 'figures'")
    with op.batch_alter_table("personnel_figure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_personnel_figure_as_of_earliest_on"))
        batch_op.drop_index(batch_op.f("ix_personnel_figure_participation_slug"))

    op.drop_table("personnel_figure")
    _rebuild_claims(keyed_by_ordinal=True)

    # Columns are added in place (no table rebuild: on SQLite a rebuild of a table that
    # filled tables point at breaks their keys).
    for table, column in NEW_COLUMNS:
        op.add_column(table, column())
    for table, column in NEW_INDEXES:
        op.create_index(f"ix_{table}_{column}", table, [column])


def downgrade() -> None:
    for table, column in NEW_INDEXES:
        op.drop_index(f"ix_{table}_{column}", table_name=table)
    for table, column in reversed(NEW_COLUMNS):
        op.drop_column(table, column().name)

    _rebuild_claims(keyed_by_ordinal=False)

    op.create_table(
        "personnel_figure",
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("participation_slug", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("qualifier", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("as_of", sa.JSON(none_as_null=True), nullable=False),
        sa.Column("as_of_earliest_on", sa.Date(), nullable=True),
        sa.Column("as_of_latest_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["participation_slug"],
            ["participation.slug"],
            name=op.f("fk_personnel_figure_participation_slug_participation"),
        ),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_personnel_figure")),
    )
    with op.batch_alter_table("personnel_figure", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_personnel_figure_participation_slug"),
            ["participation_slug"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_personnel_figure_as_of_earliest_on"), ["as_of_earliest_on"], unique=False
        )

    # Only a figure about a participation had a place in the old table.
    op.execute(
        "INSERT INTO personnel_figure (slug, participation_slug, value, qualifier, unit, as_of, "
        "as_of_earliest_on, as_of_latest_on) "
        "SELECT slug, participation_slug, value, qualifier, unit, as_of, as_of_earliest_on, "
        "as_of_latest_on FROM strength WHERE participation_slug IS NOT NULL"
    )
    op.execute(
        "DELETE FROM evidence WHERE record_kind = 'strength' AND record_key NOT IN "
        "(SELECT slug FROM personnel_figure)"
    )
    op.execute("UPDATE evidence SET record_kind = 'figures' WHERE record_kind = 'strength'")
    op.execute("DELETE FROM evidence WHERE record_kind = 'claims'")
    with op.batch_alter_table("strength", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_strength_value"))
        batch_op.drop_index(batch_op.f("ix_strength_scope"))
        batch_op.drop_index(batch_op.f("ix_strength_service"))
        batch_op.drop_index(batch_op.f("ix_strength_qualifier"))
        batch_op.drop_index(batch_op.f("ix_strength_participation_slug"))
        batch_op.drop_index(batch_op.f("ix_strength_nation_code"))
        batch_op.drop_index(batch_op.f("ix_strength_mission_slug"))
        batch_op.drop_index("ix_strength_default_order")
        batch_op.drop_index(batch_op.f("ix_strength_as_of_latest_on"))
        batch_op.drop_index(batch_op.f("ix_strength_as_of_earliest_on"))

    op.drop_table("strength")
    with op.batch_alter_table("decision_abstention", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_abstention_nation_code"))

    op.drop_table("decision_abstention")
    with op.batch_alter_table("pledge", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pledge_personnel_value"))
        batch_op.drop_index(batch_op.f("ix_pledge_nation_code"))
        batch_op.drop_index(batch_op.f("ix_pledge_mission_slug"))
        batch_op.drop_index(batch_op.f("ix_pledge_made_latest_on"))
        batch_op.drop_index(batch_op.f("ix_pledge_made_earliest_on"))
        batch_op.drop_index(batch_op.f("ix_pledge_made_by_slug"))
        batch_op.drop_index(batch_op.f("ix_pledge_kind"))
        batch_op.drop_index("ix_pledge_default_order")

    op.drop_table("pledge")
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_unanimous"))
        batch_op.drop_index(batch_op.f("ix_decision_number"))
        batch_op.drop_index(batch_op.f("ix_decision_mission_slug"))
        batch_op.drop_index(batch_op.f("ix_decision_kind"))
        batch_op.drop_index("ix_decision_default_order")
        batch_op.drop_index(batch_op.f("ix_decision_date_latest_on"))
        batch_op.drop_index(batch_op.f("ix_decision_date_earliest_on"))
        batch_op.drop_index(batch_op.f("ix_decision_body_slug"))

    op.drop_table("decision")


def _rebuild_claims(*, keyed_by_ordinal: bool) -> None:
    """conflict_claim, keyed by (conflict, ordinal) with a value column, or as before:
    keyed by (conflict, record, field), where only the records' own sides fit. The rows
    are few (a handful per conflict): they are read, and written back to the new table."""
    columns = ["conflict_slug", "ordinal", "record_kind", "record_key", "field"]
    select = f"SELECT {', '.join(columns)} FROM conflict_claim"
    if not keyed_by_ordinal:
        select += " WHERE value IS NULL"
    rows = [dict(r) for r in op.get_bind().execute(sa.text(select)).mappings()]
    op.drop_index("ix_conflict_claim_record", table_name="conflict_claim")
    op.drop_index("ix_conflict_claim_field", table_name="conflict_claim")
    op.drop_table("conflict_claim")
    key = (
        ["conflict_slug", "ordinal"]
        if keyed_by_ordinal
        else ["conflict_slug", "record_kind", "record_key", "field"]
    )
    extra = [sa.Column("value", sa.JSON(none_as_null=True), nullable=True)]
    table = op.create_table(
        "conflict_claim",
        sa.Column("conflict_slug", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("record_kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("record_key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("field", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        *(extra if keyed_by_ordinal else []),
        sa.ForeignKeyConstraint(
            ["conflict_slug"], ["conflict.slug"], name="fk_conflict_claim_conflict_slug_conflict"
        ),
        sa.PrimaryKeyConstraint(*key, name="pk_conflict_claim"),
    )
    op.create_index("ix_conflict_claim_record", "conflict_claim", ["record_kind", "record_key"])
    op.create_index("ix_conflict_claim_field", "conflict_claim", ["field"])
    if rows and table is not None:
        op.bulk_insert(table, rows)
