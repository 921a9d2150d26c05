"""Conflicts: the documents the loader compiles for them."""

from collections.abc import Iterable, Sequence

from sqlalchemy.engine import Connection

from app.loader.documents.conflicts_of import build_conflicts
from app.models.evidence import ConflictPublic
from app.queries.tables import Row
from app.queries.urls import Urls


def build(conn: Connection, rows: Sequence[Row], urls: Urls) -> list[ConflictPublic]:
    built = build_conflicts(conn, [r["slug"] for r in rows], urls)
    return [built[r["slug"]] for r in rows if r["slug"] in built]


def by_keys(conn: Connection, keys: Iterable[str], urls: Urls) -> dict[str, ConflictPublic]:
    return build_conflicts(conn, keys, urls)
