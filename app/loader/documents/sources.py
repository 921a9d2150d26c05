"""Sources: the documents the loader compiles for them."""

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from app.models.common import FuzzyDate
from app.models.source import SourceDetailPublic, SourcePublic
from app.queries.sources import LIST_COLUMNS, S
from app.queries.tables import EVIDENCE, Row, fetch_in
from app.queries.urls import Urls


def _citations(conn: Connection, slugs: Sequence[str]) -> dict[str, int]:
    stmt = (
        select(EVIDENCE.c.source_slug, func.count())
        .where(EVIDENCE.c.source_slug.in_(slugs))
        .group_by(EVIDENCE.c.source_slug)
    )
    return {slug: int(n) for slug, n in conn.execute(stmt).all()}


def _lengths(conn: Connection, slugs: Sequence[str]) -> dict[str, int]:
    stmt = select(S.c.slug, func.length(S.c.text)).where(S.c.slug.in_(slugs), S.c.text_stored)
    return {slug: int(n) for slug, n in conn.execute(stmt).all() if n is not None}


def _fields(
    r: Row, urls: Urls, citations: dict[str, int], lengths: dict[str, int]
) -> dict[str, Any]:
    return {
        "slug": r["slug"],
        "url": urls.record("sources", r["slug"]),
        "title": r["title"],
        "title_note": r["title_note"],
        "publisher": r["publisher"],
        "document_url": r["url"],
        "kind": r["kind"],
        "language": r["language"],
        "wire": r["wire"],
        "wire_story": r["wire_story"],
        "published": FuzzyDate.model_validate(r["published"]),
        "retrieved_on": r["retrieved_on"],
        "text_stored": bool(r["text_stored"]),
        "text_length": lengths.get(r["slug"]),
        "sha256": r["sha256"],
        "citations": citations.get(r["slug"], 0),
    }


def build(conn: Connection, rows: Sequence[Row], urls: Urls) -> list[SourcePublic]:
    slugs = [r["slug"] for r in rows]
    citations, lengths = _citations(conn, slugs), _lengths(conn, slugs)
    return [SourcePublic(**_fields(r, urls, citations, lengths)) for r in rows]


def details(conn: Connection, keys: Iterable[str], urls: Urls) -> dict[str, SourceDetailPublic]:
    """Sources by slug as one source's URL serves them: with their stored text."""
    rows = fetch_in(conn, [S], S.c.slug, keys)
    slugs = [r["slug"] for r in rows]
    citations, lengths = _citations(conn, slugs), _lengths(conn, slugs)
    return {
        r["slug"]: SourceDetailPublic(**_fields(r, urls, citations, lengths), text=r["text"])
        for r in rows
    }


def by_keys(conn: Connection, keys: Iterable[str], urls: Urls) -> dict[str, SourcePublic]:
    rows = fetch_in(conn, list(LIST_COLUMNS), S.c.slug, keys)
    return {s.slug: s for s in build(conn, rows, urls)}
