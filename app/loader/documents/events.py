"""Events: the documents the loader compiles for them."""

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy.engine import Connection

from app.loader.documents.citations import load_citations
from app.loader.documents.links import record_links
from app.models.common import FuzzyDate
from app.models.event import EventPublic
from app.models.links import Link, RecordLink
from app.queries.events import E
from app.queries.tables import INVOLVEMENT, QUOTE, Row, fetch_in
from app.queries.urls import Urls


def build(conn: Connection, rows: Sequence[Row], urls: Urls) -> list[EventPublic]:
    slugs = [r["slug"] for r in rows]
    inv_rows = sorted(
        fetch_in(conn, [INVOLVEMENT], INVOLVEMENT.c.event_slug, slugs),
        key=lambda i: (i["event_slug"], i["ordinal"]),
    )
    targets = record_links(conn, ((i["record_kind"], i["record_key"]) for i in inv_rows), urls)
    involves: dict[str, list[RecordLink]] = defaultdict(list)
    for i in inv_rows:
        target = targets.get((i["record_kind"], i["record_key"]))
        if target is not None:
            involves[i["event_slug"]].append(target)
    quotes: dict[str, list[Link]] = defaultdict(list)
    for q in sorted(
        fetch_in(conn, [QUOTE.c.slug, QUOTE.c.event_slug], QUOTE.c.event_slug, slugs),
        key=lambda q: q["slug"],
    ):
        quotes[q["event_slug"]].append(Link(slug=q["slug"], url=urls.record("quotes", q["slug"])))
    cited = load_citations(conn, "events", slugs, urls)
    return [
        EventPublic(
            slug=r["slug"],
            url=urls.record("events", r["slug"]),
            kind=r["kind"],
            title=r["title"],
            description=r["description"],
            date=FuzzyDate.model_validate(r["date"]),
            place=r["place"],
            amount=r["amount"],
            involves=involves.get(r["slug"], []),
            quotes=quotes.get(r["slug"], []),
            evidence=cited.evidence_of(r["slug"]),
            conflicts=cited.conflicts_of(r["slug"]),
            corroboration=cited.corroboration_of(r["slug"]),
        )
        for r in rows
    ]


def by_keys(conn: Connection, keys: Iterable[str], urls: Urls) -> dict[str, EventPublic]:
    rows = fetch_in(conn, [E], E.c.slug, keys)
    return {e.slug: e for e in build(conn, rows, urls)}
