"""Events: the timeline, chronological by default, and the records each involves."""

from typing import Any

from sqlalchemy import and_, or_

from app.models.event import EVENT_KINDS, EventPublic
from app.queries.filters import REF_PATTERN, date_filter, exists_filter, in_filter, keys_in
from app.queries.listing import Facet, ListSpec, Sort
from app.queries.tables import EVENT, INVOLVEMENT

E = EVENT
KINDS = EVENT_KINDS


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
