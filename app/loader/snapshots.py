"""Per-release documents: every served record's JSON, compiled once per release.

At load time, after the new rows are written, each record is compiled exactly as the API
serves it without `include=` or `fields=` (its fields in the public model's order, so a
request splices the stored bytes), with links relative to the API root so the document
does not depend on where the API is deployed (`app.queries.documents.absolute` makes
them absolute per request). The same documents are the release's snapshot: the change
feed compares two releases' documents, and `?version=` serves an older release's.
"""

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

import orjson
from sqlalchemy import Connection, delete, insert, select

from app.loader.bulk import insert_rows
from app.loader.documents.stats import stats
from app.models import DatasetRelease, RecordBody, ReleaseRecord
from app.queries.documents import RELATIVE_LINK, STATS_RESOURCE
from app.queries.tables import chunks, table
from app.queries.urls import Urls
from app.resources import MISSIONS, RESOURCES

BODY = table(RecordBody)
RELEASE_RECORD = table(ReleaseRecord)
RELEASE = table(DatasetRelease)
# Records are compiled with this base (a control character no data file may hold, JSON
# encoded as \u0001), which is then removed: a relative link is only ever one of ours.
_SENTINEL = "\x01"
_MARKED_LINK = b'"\\u0001/v1/'

# (resource, key, the record's document)
Rendered = tuple[str, str, bytes]


class DocumentError(ValueError):
    """A record cannot be compiled into a document the API can serve."""


def _document(resource: str, key: str, body: bytes) -> bytes:
    if RELATIVE_LINK in body:
        raise DocumentError(
            f"{resource}/{key}: a text value begins with /v1/, which only the API's own links may"
        )
    return body.replace(_MARKED_LINK, RELATIVE_LINK)


def total(counts: Mapping[str, int]) -> int:
    """How many records `render_all` renders, from a dataset's counts by resource."""
    return sum(counts.get(res.name, 0) for res in RESOURCES)


def render_all(
    conn: Connection, advance: Callable[[int], None] | None = None
) -> Iterator[Rendered]:
    """(resource, key, document) of every record, by resource then key; `advance` is
    called with the size of each chunk rendered."""
    marked = Urls(_SENTINEL)
    for res in RESOURCES:
        keys = sorted(conn.execute(select(res.key_column)).scalars())
        for chunk in chunks(keys):
            records = res.compile(conn, chunk, marked)
            for key in chunk:
                body = orjson.dumps(records[key].model_dump(mode="json"))
                yield res.name, key, _document(res.name, key, body)
            if advance is not None:
                advance(len(chunk))


def render_figures(conn: Connection) -> Iterator[Rendered]:
    """The /v1/stats documents: the whole dataset's (key "") and each mission's."""
    marked = Urls(_SENTINEL)
    missions = sorted(conn.execute(select(MISSIONS.key_column)).scalars())
    for key in ["", *missions]:
        body = orjson.dumps(stats(conn, marked, key or None).model_dump(mode="json"))
        yield STATS_RESOURCE, key, _document(STATS_RESOURCE, key, body)


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
