"""Quotes: the documents the loader compiles for them."""

from collections.abc import Iterable, Sequence

from sqlalchemy.engine import Connection

from app.loader.documents.citations import load_citations
from app.loader.documents.links import links, record_links
from app.models.common import FuzzyDate
from app.models.quote import QuotePublic
from app.queries.quotes import Q
from app.queries.tables import Row, fetch_in
from app.queries.urls import Urls


def _speaker(row: Row) -> tuple[str, str]:
    if row["speaker_official_slug"]:
        return ("officials", row["speaker_official_slug"])
    return ("organisations", row["speaker_organisation_slug"])


def build(conn: Connection, rows: Sequence[Row], urls: Urls) -> list[QuotePublic]:
    slugs = [r["slug"] for r in rows]
    speakers = record_links(conn, (_speaker(r) for r in rows), urls)
    event_links = links(conn, "events", (r["event_slug"] for r in rows), urls)
    cited = load_citations(conn, "quotes", slugs, urls)
    return [
        QuotePublic(
            slug=r["slug"],
            url=urls.record("quotes", r["slug"]),
            text=r["text"],
            speaker=speakers[_speaker(r)],
            venue=r["venue"],
            event=event_links.get(r["event_slug"] or ""),
            date=FuzzyDate.model_validate(r["date"]),
            occasion=r["occasion"],
            kind=r["kind"],
            evidence=cited.evidence_of(r["slug"]),
            conflicts=cited.conflicts_of(r["slug"]),
            corroboration=cited.corroboration_of(r["slug"]),
        )
        for r in rows
    ]


def by_keys(conn: Connection, keys: Iterable[str], urls: Urls) -> dict[str, QuotePublic]:
    rows = fetch_in(conn, [Q], Q.c.slug, keys)
    return {q.slug: q for q in build(conn, rows, urls)}
