"""Quotes: exact words, their speaker (an official or an organisation), venue and date."""

from sqlalchemy import func, or_

from app.models.quote import QUOTE_KINDS, QuotePublic
from app.queries.filters import date_filter, exists_filter, in_filter
from app.queries.listing import Facet, ListSpec, Sort
from app.queries.tables import QUOTE

Q = QUOTE

SPEC = ListSpec(
    resource="quotes",
    table=Q,
    key=Q.c.slug,
    filters=(
        exists_filter(
            "speaker",
            lambda v: or_(Q.c.speaker_official_slug.in_(v), Q.c.speaker_organisation_slug.in_(v)),
            "Slug of the speaker: an official or an organisation.",
            "william-ruto",
        ),
        in_filter("kind", Q.c.kind, "What kind of utterance.", "speech", choices=QUOTE_KINDS),
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
            func.coalesce(Q.c.speaker_official_slug, Q.c.speaker_organisation_slug),
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
