"""Per-release snapshots: every served record's public JSON, kept for each release.

At load time, after the new rows are written, each record is rendered exactly as the API
serves it without `include=` (by the same query code), with URLs relative to the API root
so the snapshot does not depend on where the API is deployed. The change feed compares
two releases' snapshots; `?version=` on an item serves an older release's snapshot.
"""

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import orjson
from pydantic import BaseModel
from sqlalchemy import Column, Connection, delete, insert, select

from app.loader.bulk import insert_rows
from app.models import DatasetRelease, RecordBody, ReleaseRecord
from app.models.source import SourceDetailPublic
from app.queries import (
    conflicts,
    contingents,
    events,
    missions,
    nations,
    officials,
    organisations,
    quotes,
    sources,
)
from app.queries.related import (
    CONFLICT,
    CONTINGENT,
    EVENT,
    MISSION,
    NATION,
    ORGANISATION,
    PERSON,
    QUOTE,
    SOURCE,
    Urls,
    chunks,
    fetch_in,
    table,
)

BODY = table(RecordBody)
RELEASE_RECORD = table(ReleaseRecord)
RELEASE = table(DatasetRelease)
# Snapshots hold URLs relative to the API root: "/v1/quotes/...".
RELATIVE = Urls("")

# (resource, key, the record's canonical JSON body)
Rendered = tuple[str, str, bytes]
ByKeys = Callable[[Connection, Iterable[str], Urls], Mapping[str, BaseModel]]


def _source_details(conn: Connection, keys: Iterable[str], urls: Urls) -> dict[str, BaseModel]:
    public = sources.by_keys(conn, keys, urls)
    texts = {
        r["slug"]: r["text"]
        for r in fetch_in(conn, [SOURCE.c.slug, SOURCE.c.text], SOURCE.c.slug, public)
    }
    return {
        slug: SourceDetailPublic(**record.model_dump(), text=texts.get(slug))
        for slug, record in public.items()
    }


# resource -> (key column, the query that renders records by key)
RESOURCES: dict[str, tuple[Column[Any], ByKeys]] = {
    "missions": (MISSION.c.slug, missions.by_keys),
    "contingents": (CONTINGENT.c.slug, contingents.by_keys),
    "nations": (NATION.c.code, nations.by_keys),
    "officials": (PERSON.c.slug, officials.by_keys),
    "organisations": (ORGANISATION.c.slug, organisations.by_keys),
    "quotes": (QUOTE.c.slug, quotes.by_keys),
    "events": (EVENT.c.slug, events.by_keys),
    "sources": (SOURCE.c.slug, _source_details),
    "conflicts": (CONFLICT.c.slug, conflicts.by_keys),
}


def total(counts: Mapping[str, int]) -> int:
    """How many records `render_all` renders, from a dataset's counts by resource."""
    return sum(counts.get(resource, 0) for resource in RESOURCES)


def render_all(
    conn: Connection, advance: Callable[[int], None] | None = None
) -> Iterator[tuple[str, str, bytes]]:
    """(resource, key, canonical JSON body) of every record, by resource then key;
    `advance` is called with the size of each chunk rendered."""
    for resource, (key_column, by_keys) in RESOURCES.items():
        keys = sorted(conn.execute(select(key_column)).scalars())
        for chunk in chunks(keys):
            records = by_keys(conn, chunk, RELATIVE)
            for key in chunk:
                body = records[key].model_dump(mode="json")
                yield resource, key, orjson.dumps(body, option=orjson.OPT_SORT_KEYS)
            if advance is not None:
                advance(len(chunk))


def digest_of(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def record_release(
    conn: Connection, version: str, rendered: Sequence[tuple[str, str, bytes]]
) -> None:
    """Store `rendered` as release `version`'s snapshot (replacing any earlier one)."""
    conn.execute(delete(RELEASE_RECORD).where(RELEASE_RECORD.c.version == version))
    digests = [digest_of(body) for _, _, body in rendered]
    bodies = {d: body for d, (_, _, body) in zip(digests, rendered, strict=True)}
    wanted = sorted(bodies)
    for chunk in chunks(wanted):
        have = set(conn.execute(select(BODY.c.digest).where(BODY.c.digest.in_(chunk))).scalars())
        new = [{"digest": d, "body": bodies[d].decode()} for d in chunk if d not in have]
        insert_rows(conn, BODY, new)
    rows = [
        {"version": version, "resource": r, "key": k, "digest": d}
        for (r, k, _), d in zip(rendered, digests, strict=True)
    ]
    insert_rows(conn, RELEASE_RECORD, rows)


def copy_history(source: Connection, target: Connection, versions: Iterable[str]) -> None:
    """Copy the snapshots of `versions` from the database being replaced to the new one
    (SQLite builds a new file for each load)."""
    wanted = list(versions)
    if not wanted:
        return
    for chunk in chunks(wanted):
        rows = [
            dict(r)
            for r in source.execute(
                select(RELEASE_RECORD).where(RELEASE_RECORD.c.version.in_(chunk))
            ).mappings()
        ]
        digests = sorted({r["digest"] for r in rows})
        for part in chunks(digests):
            have = set(
                target.execute(select(BODY.c.digest).where(BODY.c.digest.in_(part))).scalars()
            )
            bodies = [
                dict(b)
                for b in source.execute(select(BODY).where(BODY.c.digest.in_(part))).mappings()
                if b["digest"] not in have
            ]
            if bodies:
                target.execute(insert(BODY), bodies)
        for part in chunks(rows):
            target.execute(insert(RELEASE_RECORD), list(part))


def prune(conn: Connection) -> None:
    """Drop snapshots of releases no longer listed, and bodies no snapshot uses."""
    conn.execute(
        delete(RELEASE_RECORD).where(RELEASE_RECORD.c.version.not_in(select(RELEASE.c.version)))
    )
    conn.execute(delete(BODY).where(BODY.c.digest.not_in(select(RELEASE_RECORD.c.digest))))
