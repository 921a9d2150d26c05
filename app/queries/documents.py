"""The documents the loader compiled: every record as served, per release, fetched by key.

A document is the JSON of one record exactly as `GET /v1/{resource}/{key}` serves it
without `include=` or `fields=`, its links relative to the API root (`"/v1/quotes/..."`);
`absolute` makes them absolute for a request with one replacement. The loader refuses a
record whose own text would begin like a link (`app.loader.snapshots`), so only links
are rewritten.
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import unquote

import orjson
from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from app.queries.tables import chunks

# How a link to a record begins inside a stored document.
RELATIVE_LINK = b'"/v1/'
# Documents that are not records: /v1/stats, whole (key "") and per mission (its slug).
STATS_RESOURCE = "stats"

Ref = tuple[str, str]  # (resource, key)


def absolute(body: bytes, base: str) -> bytes:
    """A stored document (or several spliced together) with absolute links."""
    if not base:
        return body
    prefix = orjson.dumps(base)[1:-1]
    return body.replace(RELATIVE_LINK, b'"' + prefix + b"/v1/")


# Written once as SQL: building a Core statement per request costs more than running it.
_DOCUMENTS = text(
    "SELECT release_record.key, record_body.body FROM release_record "
    "JOIN record_body ON record_body.digest = release_record.digest "
    "WHERE release_record.version = :version AND release_record.resource = :resource "
    "AND release_record.key IN :keys"
).bindparams(bindparam("keys", expanding=True))
_DOCUMENT = text(
    "SELECT record_body.body FROM release_record "
    "JOIN record_body ON record_body.digest = release_record.digest "
    "WHERE release_record.version = :version AND release_record.resource = :resource "
    "AND release_record.key = :key"
)


def _bytes(body: str | bytes) -> bytes:
    return body.encode() if isinstance(body, str) else bytes(body)


def documents(
    conn: Connection, version: str | None, resource: str, keys: Iterable[str]
) -> dict[str, bytes]:
    """The stored documents of `resource` records by key in release `version`."""
    wanted = sorted(set(keys))
    if version is None or not wanted:
        return {}
    out: dict[str, bytes] = {}
    for part in chunks(wanted):
        params = {"version": version, "resource": resource, "keys": list(part)}
        for key, body in conn.execute(_DOCUMENTS, params).all():
            out[key] = _bytes(body)
    return out


def document(conn: Connection, version: str | None, resource: str, key: str) -> bytes | None:
    if version is None:
        return None
    params = {"version": version, "resource": resource, "key": key}
    body = conn.execute(_DOCUMENT, params).scalar()
    return None if body is None else _bytes(body)


def _ref(link: Any) -> Ref | None:
    """(resource, key) of a link object (`{"slug"|"code", ..., "url": "/v1/r/k"}`)."""
    if not isinstance(link, Mapping):
        return None
    url = link.get("url")
    if not isinstance(url, str) or not url.startswith("/v1/"):
        return None
    parts = url.split("/", 3)
    if len(parts) != 4 or "/" in parts[3] or "?" in parts[3]:
        return None
    return parts[2], unquote(parts[3])


def _links(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def include(
    conn: Connection,
    version: str | None,
    records: list[dict[str, Any]],
    names: Sequence[str],
) -> list[dict[str, Any]]:
    """Replace the links under each of `names` (one link or a list of them) with the
    full documents they point at, one level deep; a link to nothing stays a link."""
    if not records or not names:
        return records
    wanted: dict[str, set[str]] = {}
    for record in records:
        for name in names:
            for link in _links(record.get(name)):
                if (ref := _ref(link)) is not None:
                    wanted.setdefault(ref[0], set()).add(ref[1])
    full: dict[Ref, Any] = {}
    for resource, keys in wanted.items():
        for key, body in documents(conn, version, resource, keys).items():
            full[(resource, key)] = orjson.loads(body)

    def inline(link: Any) -> Any:
        ref = _ref(link)
        return full.get(ref, link) if ref is not None else link

    out = []
    for record in records:
        record = dict(record)
        for name in names:
            value = record.get(name)
            if isinstance(value, list):
                record[name] = [inline(v) for v in value]
            elif value is not None:
                record[name] = inline(value)
        out.append(record)
    return out
