"""Quotes: exact words, their speaker (a person or an organisation), venue and date."""

from collections.abc import Iterable, Sequence

from sqlalchemy import func, or_
from sqlalchemy.engine import Connection

from app.models.common import FuzzyDate
from app.models.quote import QuotePublic
from app.queries.filters import date_filter, exists_filter, in_filter
from app.queries.listing import Facet, ListSpec, Sort
from app.queries.related import (
    QUOTE,
    Row,
    Urls,
    fetch_in,
    links,
    load_citations,
    record_links,
)

Q = QUOTE
KINDS = ("speech", "statement", "interview")

SPEC = ListSpec(
    resource="quotes",
    table=Q,
    key=Q.c.slug,
    filters=(
        exists_filter(
            "speaker",
            lambda v: or_(Q.c.speaker_person_slug.in_(v), Q.c.speaker_organisation_slug.in_(v)),
            "Slug of the speaker: an official or an organisation.",
            "william-ruto",
        ),
        in_filter("kind", Q.c.kind, "What kind of utterance.", "speech", choices=KINDS),
        in_filter(
            "event",
            Q.c.event_slug,
            "Slug of the event it was said at.",
            "ruto-global-cathedral-speech",
        ),
        in_filter(
            "venue",
            Q.c.venue,
            "Where it was said, exactly as served.",
            "Global Cathedral, Nairobi",
            several=False,
        ),
        date_filter(
            "date", Q.c.date_earliest_on, Q.c.date_latest_on, "When it was said.", "2025-01-26"
        ),
    ),
    sorts=(
        Sort("date", (Q.c.date_earliest_on, Q.c.date_latest_on), "When it was said."),
        Sort("slug", (Q.c.slug,), "Slug.", nullable=False),
        Sort("kind", (Q.c.kind,), "Kind.", nullable=False),
    ),
    default_sort=("date",),
    facets=(
        Facet(
            "speaker",
            func.coalesce(Q.c.speaker_person_slug, Q.c.speaker_organisation_slug),
            Q.c.slug,
            "Quotes per speaker.",
        ),
        Facet("kind", Q.c.kind, Q.c.slug, "Quotes per kind."),
        Facet("event", Q.c.event_slug, Q.c.slug, "Quotes per event."),
        Facet("venue", Q.c.venue, Q.c.slug, "Quotes per venue."),
    ),
    includes=("speaker", "event"),
    fields=tuple(QuotePublic.model_fields),
)


def _speaker(row: Row) -> tuple[str, str]:
    if row["speaker_person_slug"]:
        return ("officials", row["speaker_person_slug"])
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
        )
        for r in rows
    ]


def by_keys(conn: Connection, keys: Iterable[str], urls: Urls) -> dict[str, QuotePublic]:
    rows = fetch_in(conn, [Q], Q.c.slug, keys)
    return {q.slug: q for q in build(conn, rows, urls)}
