"""Sources: the documents facts are cited from, with their text when we store it."""

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from app.models.common import FuzzyDate
from app.models.source import SourceDetailPublic, SourcePublic
from app.queries.filters import bool_filter, date_filter, in_filter
from app.queries.listing import Facet, ListSpec, Sort
from app.queries.related import EVIDENCE, SOURCE, Row, Urls, fetch_in

S = SOURCE
KINDS = ("news_article", "news_agency_report", "photo_caption", "video_report", "statement")

SPEC = ListSpec(
    resource="sources",
    table=S,
    key=S.c.slug,
    filters=(
        in_filter("kind", S.c.kind, "What kind of document.", "news_article", choices=KINDS),
        in_filter(
            "publisher",
            S.c.publisher,
            "Publisher, exactly as served.",
            "Odri Media (Kenya)",
            several=False,
        ),
        bool_filter(
            "text_stored",
            S.c.text_stored,
            "true: we hold its text and its excerpts are verified.",
            "true",
        ),
        date_filter(
            "published_on",
            S.c.published_earliest_on,
            S.c.published_latest_on,
            "When it was published.",
            "2025-01",
        ),
    ),
    sorts=(
        Sort("slug", (S.c.slug,), "Slug.", nullable=False),
        Sort("publisher", (S.c.publisher,), "Publisher.", nullable=False),
        Sort(
            "published_on",
            (S.c.published_earliest_on, S.c.published_latest_on),
            "Publication date.",
        ),
    ),
    default_sort=("slug",),
    facets=(
        Facet("kind", S.c.kind, S.c.slug, "Sources per kind."),
        Facet("text_stored", S.c.text_stored, S.c.slug, "Sources with and without stored text."),
        Facet("publisher", S.c.publisher, S.c.slug, "Sources per publisher."),
    ),
    fields=tuple(SourcePublic.model_fields),
)
# Every column but the text: a list item does not carry it (its length is computed in SQL).
LIST_COLUMNS = tuple(c for c in S.c if c.name != "text")


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
