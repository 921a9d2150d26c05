"""Migrations go up to head and down to base on SQLite and PostgreSQL, through app.migrate
and through the plain `alembic` command; and the models agree with the migrated schema."""

import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

from app import migrate
from app.config import PROJECT_ROOT
from app.models import metadata


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty database, once per backend (PostgreSQL: a new database per test)."""
    if request.param == "sqlite":
        yield request.getfixturevalue("fresh_sqlite_url")
    else:
        yield request.getfixturevalue("fresh_postgres_url")


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


def _revision(url: str) -> str | None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if "alembic_version" not in inspect(conn).get_table_names():
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()


def _head() -> str:
    [head] = ScriptDirectory.from_config(migrate.alembic_config()).get_heads()
    return head


def test_upgrade_to_head_and_downgrade_to_base(empty_url: str) -> None:
    migrate.upgrade(empty_url)

    assert set(metadata.tables) <= _tables(empty_url)
    assert _revision(empty_url) == _head()

    migrate.downgrade(empty_url)

    assert _tables(empty_url) <= {"alembic_version"}
    assert _revision(empty_url) is None


def test_every_revision_steps_down_and_back_up(empty_url: str) -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    revisions = list(script.walk_revisions())  # head first
    migrate.upgrade(empty_url)

    for revision in revisions:
        down = revision.down_revision
        assert down is None or isinstance(down, str), "merge revisions are not expected"
        migrate.downgrade(empty_url, down or "base")
        assert _revision(empty_url) == down
    assert _tables(empty_url) <= {"alembic_version"}

    migrate.upgrade(empty_url)
    assert _schema_differences(empty_url) == []


def test_the_alembic_command_works_from_the_repository_root(empty_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": empty_url}

    def alembic(*args: str) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "alembic", *args],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr

    alembic("upgrade", "head")
    assert set(metadata.tables) <= _tables(empty_url)
    assert _revision(empty_url) == _head()

    alembic("downgrade", "base")
    assert _tables(empty_url) <= {"alembic_version"}


# --- The models agree with the migrations ----------------------------------------------------


def _full_text_objects(conn: Connection) -> set[tuple[str, str]]:
    """Full-text search structures that migrations create with raw SQL and that no model
    describes (SQLAlchemy has no type for them), as (object type, name):

    - SQLite: FTS5 virtual tables and the shadow tables FTS5 keeps for each
      (`<name>_data`, `<name>_idx`, `<name>_docsize`, `<name>_config`, ...).
    - PostgreSQL: indexes over a `to_tsvector(...)` expression.

    These, and only these, are left out of the comparison below: they are found by what
    they are in the database's own catalogue, never by a list of names, so a table or
    index that drifts from the models is still reported.
    """
    if conn.dialect.name == "sqlite":
        virtual = (
            conn.execute(
                text(
                    "SELECT name FROM sqlite_master "
                    "WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
                )
            )
            .scalars()
            .all()
        )
        tables = set(inspect(conn).get_table_names())
        shadows = {t for t in tables for v in virtual if t.startswith(f"{v}_")}
        return {("table", name) for name in {*virtual, *shadows}}
    if conn.dialect.name == "postgresql":
        indexes = (
            conn.execute(
                text(
                    "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
                    "AND indexdef ILIKE '%to_tsvector(%'"
                )
            )
            .scalars()
            .all()
        )
        return {("index", name) for name in indexes}
    return set()


def _schema_differences(url: str) -> list[Any]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            outside = _full_text_objects(conn)
            # A model must never be mistaken for one of them.
            assert not {name for _, name in outside} & set(metadata.tables)

            def include_object(
                obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
            ) -> bool:
                return not (reflected and compare_to is None and (type_, name) in outside)

            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "include_object": include_object}
            )
            return list(compare_metadata(context, metadata))
    finally:
        engine.dispose()


def test_models_agree_with_the_migrated_schema(empty_url: str) -> None:
    migrate.upgrade(empty_url)

    assert _schema_differences(empty_url) == []


def test_the_comparison_does_see_a_schema_that_drifted(empty_url: str) -> None:
    """The check above can fail: a column missing from the database is reported."""
    migrate.upgrade(empty_url)
    engine = create_engine(empty_url)
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE source DROP COLUMN title_note"))
    engine.dispose()

    differences = _schema_differences(empty_url)

    assert [(d[0], d[2], d[3].name) for d in differences] == [
        ("add_column", "source", "title_note")
    ]


# --- Migrations that move rows keep them -------------------------------------------------


def _rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        engine.dispose()


def test_officials_keep_their_rows_through_the_rename_and_back(empty_url: str) -> None:
    """0008 renames `person` to `official` by rebuilding four tables: their rows survive,
    both ways, with the speaker check still in force."""
    migrate.upgrade(empty_url, "0007")
    engine = create_engine(empty_url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO person (slug, name) VALUES ('a-b', 'A B')"))
        conn.execute(
            text(
                "INSERT INTO position (slug, person_slug, ordinal, title, current) "
                "VALUES ('a-b-1', 'a-b', 1, 'Chief', true)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO quote (slug, text, speaker_person_slug, date, kind) "
                "VALUES ('q', 'Words.', 'a-b', '{}', 'statement')"
            )
        )
    engine.dispose()

    migrate.upgrade(empty_url)

    assert _rows(empty_url, "SELECT slug, name FROM official") == [("a-b", "A B")]
    assert _rows(empty_url, "SELECT slug, official_slug, title FROM position") == [
        ("a-b-1", "a-b", "Chief")
    ]
    assert _rows(empty_url, "SELECT slug, speaker_official_slug FROM quote") == [("q", "a-b")]
    assert _schema_differences(empty_url) == []
    engine = create_engine(empty_url)
    with pytest.raises(IntegrityError, match=r"ck_quote_one_speaker|CHECK"), engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO quote (slug, text, date, kind) "
                "VALUES ('no-speaker', 'Words.', '{}', 'statement')"
            )
        )
    engine.dispose()

    migrate.downgrade(empty_url, "0007")

    assert _rows(empty_url, "SELECT slug, person_slug FROM position") == [("a-b-1", "a-b")]
    assert _rows(empty_url, "SELECT slug, speaker_person_slug FROM quote") == [("q", "a-b")]


def test_figures_sources_and_conflicts_keep_their_rows_through_0009_and_back(
    empty_url: str,
) -> None:
    """0009 moves participation figures into `strength` (with their evidence), gives
    sources a language, and keys a conflict's sides by their ordinal: rows survive, both
    ways."""
    migrate.upgrade(empty_url, "0008")
    engine = create_engine(empty_url)
    with engine.begin() as conn:
        for statement in (
            "INSERT INTO nation (code, name) VALUES ('KE', 'Kenya')",
            "INSERT INTO mission (slug, name) VALUES ('m', 'M')",
            "INSERT INTO participation (slug, mission_slug, nation_code, role) "
            "VALUES ('m-ke', 'm', 'KE', 'police_contributor')",
            "INSERT INTO personnel_figure (slug, participation_slug, value, qualifier, unit, "
            "as_of) VALUES ('f', 'm-ke', 600, 'more_than', 'officers', '{}')",
            "INSERT INTO source (slug, publisher, url, kind, published, text_stored) "
            "VALUES ('s', 'P', 'https://example.org', 'news_article', '{}', false)",
            "INSERT INTO evidence (record_kind, record_key, ordinal, source_slug, claim, "
            "verified, supports) VALUES ('figures', 'f', 1, 's', 'Said so.', false, '[]')",
            "INSERT INTO conflict (slug, description) VALUES ('c', 'Two sides.')",
            "INSERT INTO conflict_claim (conflict_slug, record_kind, record_key, field, "
            "ordinal) VALUES ('c', 'contingents', 'a', 'ordinal', 1)",
            "INSERT INTO conflict_claim (conflict_slug, record_kind, record_key, field, "
            "ordinal) VALUES ('c', 'contingents', 'b', 'ordinal', 2)",
        ):
            conn.execute(text(statement))
    engine.dispose()

    migrate.upgrade(empty_url)

    assert _rows(
        empty_url, "SELECT slug, mission_slug, nation_code, participation_slug FROM strength"
    ) == [("f", "m", "KE", "m-ke")]
    assert _rows(empty_url, "SELECT record_kind, record_key FROM evidence") == [("strength", "f")]
    assert _rows(empty_url, "SELECT slug, language FROM source") == [("s", "und")]
    assert _rows(empty_url, "SELECT ordinal, record_key FROM conflict_claim ORDER BY ordinal") == [
        (1, "a"),
        (2, "b"),
    ]
    assert _schema_differences(empty_url) == []

    migrate.downgrade(empty_url, "0008")

    assert _rows(empty_url, "SELECT slug, participation_slug, value FROM personnel_figure") == [
        ("f", "m-ke", 600)
    ]
    assert _rows(empty_url, "SELECT record_kind, record_key FROM evidence") == [("figures", "f")]
    assert _rows(empty_url, "SELECT ordinal, record_key FROM conflict_claim ORDER BY ordinal") == [
        (1, "a"),
        (2, "b"),
    ]
