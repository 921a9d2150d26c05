"""Releases, their stored record snapshots, the change feed between two of them,
redirects of merged or renamed records, and the stored dumps."""

from collections.abc import Iterable
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.engine import Connection

from app.models import DatasetDump, DatasetRelease, RecordBody, RecordRedirect, ReleaseRecord
from app.queries.tables import chunks, table
from app.resources import NAMES

RELEASE = table(DatasetRelease)
RELEASE_RECORD = table(ReleaseRecord)
BODY = table(RecordBody)
REDIRECT = table(RecordRedirect)
DUMP = table(DatasetDump)

Key = tuple[str, str]  # (resource, key)


def releases(conn: Connection) -> list[dict[str, Any]]:
    """Every release, newest first, with whether its snapshot is stored."""
    stored = set(conn.execute(select(RELEASE_RECORD.c.version).distinct()).scalars())
    rows = [dict(r) for r in conn.execute(select(RELEASE)).mappings()]
    for r in rows:
        r["snapshot_stored"] = r["version"] in stored
    rows.sort(key=lambda r: (r["loaded_at"], r["version"]), reverse=True)
    return rows


def snapshot(conn: Connection, version: str) -> dict[Key, str]:
    """(resource, key) -> body digest of every record in release `version`."""
    stmt = select(RELEASE_RECORD.c.resource, RELEASE_RECORD.c.key, RELEASE_RECORD.c.digest).where(
        RELEASE_RECORD.c.version == version, RELEASE_RECORD.c.resource.in_(NAMES)
    )
    return {(r, k): d for r, k, d in conn.execute(stmt).all()}


def bodies(conn: Connection, digests: Iterable[str]) -> dict[str, Any]:
    """Parsed bodies by digest."""
    out: dict[str, Any] = {}
    for chunk in chunks(sorted(set(digests))):
        for digest, body in conn.execute(
            select(BODY.c.digest, BODY.c.body).where(BODY.c.digest.in_(chunk))
        ).all():
            out[digest] = orjson.loads(body)
    return out


def record_body(conn: Connection, version: str, resource: str, key: str) -> str | None:
    """A record's stored JSON (URLs relative to the API root) in release `version`."""
    stmt = (
        select(BODY.c.body)
        .join(RELEASE_RECORD, RELEASE_RECORD.c.digest == BODY.c.digest)
        .where(
            RELEASE_RECORD.c.version == version,
            RELEASE_RECORD.c.resource == resource,
            RELEASE_RECORD.c.key == key,
        )
    )
    body: str | None = conn.execute(stmt).scalar()
    return body


def field_changes(old: Any, new: Any, prefix: str = "") -> list[dict[str, Any]]:
    """Field-level difference: objects compared key by key (dotted paths), anything else
    (lists included) as a whole value."""
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[dict[str, Any]] = []
        for name in sorted(old.keys() | new.keys()):
            path = f"{prefix}.{name}" if prefix else name
            out += field_changes(old.get(name), new.get(name), path)
        return out
    if old == new:
        return []
    return [{"field": prefix, "old": old, "new": new}]


def changes(conn: Connection, since: str, until: str) -> dict[str, list[dict[str, Any]]]:
    """Records added, changed (with field-level differences) and removed between two
    stored releases, by resource then key."""
    before, after = snapshot(conn, since), snapshot(conn, until)
    changed_keys = sorted(k for k in before.keys() & after.keys() if before[k] != after[k])
    parsed = bodies(conn, [d for k in changed_keys for d in (before[k], after[k])])
    redirects = {
        (r, old): new
        for r, old, new in conn.execute(
            select(REDIRECT.c.resource, REDIRECT.c.old_key, REDIRECT.c.new_key)
        ).all()
    }
    return {
        "added": [{"resource": r, "key": k} for r, k in sorted(after.keys() - before.keys())],
        # Bodies that differ only in their encoding (key order) change no field.
        "changed": [
            {"resource": r, "key": k, "changes": diff}
            for r, k in changed_keys
            if (diff := field_changes(parsed[before[(r, k)]], parsed[after[(r, k)]]))
        ],
        "removed": [
            {"resource": r, "key": k, "merged_into": redirects.get((r, k))}
            for r, k in sorted(before.keys() - after.keys())
        ],
    }


def redirect(conn: Connection, resource: str, key: str) -> str | None:
    stmt = select(REDIRECT.c.new_key).where(
        REDIRECT.c.resource == resource, REDIRECT.c.old_key == key
    )
    new_key: str | None = conn.execute(stmt).scalar()
    return new_key


def dumps(conn: Connection) -> list[dict[str, Any]]:
    cols = [DUMP.c.name, DUMP.c.version, DUMP.c.media_type, DUMP.c.sha256, DUMP.c.size]
    return [dict(r) for r in conn.execute(select(*cols).order_by(DUMP.c.name)).mappings()]


def dump(conn: Connection, name: str) -> dict[str, Any] | None:
    row = conn.execute(select(DUMP).where(DUMP.c.name == name)).mappings().first()
    return None if row is None else dict(row)
