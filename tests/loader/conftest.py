"""Loader fixtures: a copy of data/ that a test may break, and ways to look at a database
from outside (its bytes, its rows, its neighbours) to prove a load changed nothing."""

import hashlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text

from app.db import sqlite_path
from app.loader.validate import ValidationFailed, validate_dir
from tests.conftest import DATA_DIR


@dataclass
class DataCopy:
    """A copy of the curated data in a temporary `data/` directory, with helpers to break it.

    Problems name files as `data/<file>`, as they would for the real directory.
    """

    path: Path

    def text(self, name: str) -> str:
        return (self.path / name).read_text(encoding="utf-8")

    def edit(self, name: str, old: str, new: str) -> None:
        """Replace the first `old` in `name` by `new`; `old` must be there."""
        content = self.text(name)
        assert old in content, f"{old!r} is not in {name}"
        (self.path / name).write_text(content.replace(old, new, 1), encoding="utf-8")

    def write(self, name: str, content: str | bytes) -> None:
        target = self.path / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")

    def line(self, name: str, needle: str, after: str | None = None) -> int:
        """The 1-based line of the first `needle` in `name` (after the first `after`)."""
        content = self.text(name)
        start = content.index(after) if after is not None else 0
        index = content.index(needle, start)
        return content.count("\n", 0, index) + 1

    def problems(self) -> list[str]:
        """Validate, expecting failure; every problem as the CLI prints it."""
        with pytest.raises(ValidationFailed) as info:
            validate_dir(self.path)
        return [str(problem) for problem in info.value.problems]


@pytest.fixture
def data_copy(tmp_path: Path) -> DataCopy:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return DataCopy(target)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def neighbours(path: Path) -> set[str]:
    """Every file in the database's directory, to show a load left no temp files behind."""
    return {p.name for p in path.parent.iterdir()}


def dump_database(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (alembic_version included), sorted, keyed by table."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            tables = sorted(inspect(conn).get_table_names())
            return {
                table: sorted(
                    (tuple(row) for row in conn.execute(text(f'SELECT * FROM "{table}"'))),
                    key=repr,
                )
                for table in tables
            }
    finally:
        engine.dispose()


@dataclass(frozen=True)
class Snapshot:
    """What a database is, seen from outside: its bytes (SQLite) or its rows (PostgreSQL),
    and for SQLite the files beside it."""

    url: str
    digest: str | None
    files: frozenset[str]
    rows: dict[str, list[tuple[Any, ...]]]

    @classmethod
    def take(cls, url: str) -> "Snapshot":
        path = sqlite_path(url)
        if path is None:
            return cls(url, None, frozenset(), dump_database(url))
        digest = file_digest(path) if path.exists() else None
        return cls(url, digest, frozenset(neighbours(path)), {})


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A database with nothing in it yet, once per backend (PostgreSQL: a new database)."""
    if request.param == "sqlite":
        yield request.getfixturevalue("fresh_sqlite_url")
    else:
        yield request.getfixturevalue("fresh_postgres_url")
