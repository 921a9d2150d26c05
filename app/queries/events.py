"""Events: the timeline, chronological by default, and the records each involves."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import and_, or_
from sqlalchemy.engine import Connection

from app.models.common import FuzzyDate
from app.models.event import EventPublic
from app.models.links import Link, RecordLink
from app.queries.filters import REF_PATTERN, date_filter, exists_filter, in_filter, keys_in
from app.queries.listing import Facet, ListSpec, Sort
from app.queries.related import (
    EVENT,
    INVOLVEMENT,
    QUOTE,
    Row,
    Urls,
    fetch_in,
    load_citations,
    record_links,
)

E = EVENT
KINDS = (
    "request",
    "authorisation",
    "departure",
    "arrival",
    "deployment",
    "planned_deployment",
    "speech",
    "statement",
)


def _involves(values: list[str]) -> Any:
    pairs = [v.split("/", 1) for v in values]
    return keys_in(
        E.c.slug,
        INVOLVEMENT.c.event_slug,
        or_(
            *(
                and_(INVOLVEMENT.c.record_kind == k, INVOLVEMENT.c.record_key == key)
                for k, key in pairs
            )
        ),
    )


SPEC = ListSpec(
    resource="events",
    table=E,
    key=E.c.slug,
    filters=(
        in_filter("kind", E.c.kind, "What kind of event.", "arrival", choices=KINDS),
        date_filter(
            "date",
            E.c.date_earliest_on,
            E.c.date_latest_on,
            "When it happened (or is planned).",
            "2025-01",
        ),
        exists_filter(
            "involves",
            _involves,
            "A record it involves, as kind/key (kinds: missions, nations, officials, "
            "organisations, contingents, quotes).",
            "officials/william-ruto",
            pattern=REF_PATTERN,
        ),
        exists_filter(
            "nation",
            lambda v: keys_in(
                E.c.slug,
                INVOLVEMENT.c.event_slug,
                INVOLVEMENT.c.record_kind == "nations",
                INVOLVEMENT.c.record_key.in_(v),
            ),
            "ISO code of a nation it involves (case-insensitive).",
            "KE",
            upper=True,
        ),
    ),
    sorts=(
        Sort(
            "date",
            (E.c.date_earliest_on, E.c.date_latest_on),
            "Chronological: earliest possible day, then latest (a known day before the "
            "month around it).",
        ),
        Sort("slug", (E.c.slug,), "Slug.", nullable=False),
        Sort("kind", (E.c.kind,), "Kind.", nullable=False),
    ),
    default_sort=("date",),
    facets=(
        Facet("kind", E.c.kind, E.c.slug, "Events per kind."),
        Facet(
            "involves",
            INVOLVEMENT.c.record_kind,
            INVOLVEMENT.c.event_slug,
            "Events per kind of record involved.",
        ),
    ),
    fields=tuple(EventPublic.model_fields),
)


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
            involves=involves.get(r["slug"], []),
            quotes=quotes.get(r["slug"], []),
            evidence=cited.evidence_of(r["slug"]),
            conflicts=cited.conflicts_of(r["slug"]),
        )
        for r in rows
    ]


def by_keys(conn: Connection, keys: Iterable[str], urls: Urls) -> dict[str, EventPublic]:
    rows = fetch_in(conn, [E], E.c.slug, keys)
    return {e.slug: e for e in build(conn, rows, urls)}
