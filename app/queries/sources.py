"""Sources: the documents facts are cited from, with their text when we store it."""

from app.models.source import SOURCE_KINDS, SourcePublic
from app.queries.filters import bool_filter, date_filter, in_filter
from app.queries.listing import Facet, ListSpec, Sort
from app.queries.tables import SOURCE

S = SOURCE

SPEC = ListSpec(
    resource="sources",
    table=S,
    key=S.c.slug,
    filters=(
        in_filter("kind", S.c.kind, "What kind of document.", "news_article", choices=SOURCE_KINDS),
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
