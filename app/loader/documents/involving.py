"""The events that involve each record, in chronological order."""

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy.engine import Connection

from app.loader.documents.links import date_key
from app.models.links import Link
from app.queries.tables import EVENT, INVOLVEMENT, fetch_in
from app.queries.urls import Urls


def events_involving(
    conn: Connection, kind: str, keys: Iterable[str], urls: Urls
) -> dict[str, list[Link]]:
    """For each key, links to the events that involve it, in chronological order."""
    rows = fetch_in(
        conn,
        [
            INVOLVEMENT.c.record_key,
            EVENT.c.slug,
            EVENT.c.title,
            EVENT.c.date_earliest_on,
            EVENT.c.date_latest_on,
        ],
        INVOLVEMENT.c.record_key,
        keys,
        INVOLVEMENT.c.record_kind == kind,
        INVOLVEMENT.c.event_slug == EVENT.c.slug,
    )
    rows = sorted(
        rows, key=lambda r: date_key(r["date_earliest_on"], r["date_latest_on"], r["slug"])
    )
    out: dict[str, list[Link]] = defaultdict(list)
    for r in rows:
        out[r["record_key"]].append(
            Link(slug=r["slug"], name=r["title"], url=urls.record("events", r["slug"]))
        )
    return out
