"""Downloadable dumps of the whole dataset, built once per load and stored in the
database beside the rows they copy (so a dump always matches the release served):

- `mss-facts.ndjson`: one line per served record, `{"resource", "key", "data"}`, `data`
  as the API serves it without `include=` (URLs relative to the API root);
- `mss-facts.csv.zip`: one CSV per table, every column, rows in primary-key order;
- `mss-facts.sqlite`: a SQLite database with the same tables and rows.

Each carries its SHA-256; the zip's entries have a fixed timestamp and no load time is
included, so the same data gives the same bytes.
"""

import csv
import datetime as dt
import hashlib
import io
import os
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

import orjson
from sqlalchemy import Connection, Table, create_engine, delete, insert, select

from app.models import DatasetDump, metadata
from app.queries.related import table

DUMP = table(DatasetDump)
# Tables that hold the loader's bookkeeping, not the dataset. The release table is left
# out too (its load time differs per load), so the same data gives the same dump bytes
# on either backend; the dump's version is in its name.
_INTERNAL = {
    "record_body",
    "release_record",
    "dataset_dump",
    "dataset_release",
    "search_document",
}
NAMES = {
    "sqlite": ("mss-facts.sqlite", "application/vnd.sqlite3"),
    "ndjson": ("mss-facts.ndjson", "application/x-ndjson"),
    "csv.zip": ("mss-facts.csv.zip", "application/zip"),
}
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def dataset_tables() -> list[Table]:
    return [t for t in metadata.sorted_tables if t.name not in _INTERNAL]


def _rows(conn: Connection, t: Table) -> list[dict[str, object]]:
    return [dict(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns)).mappings()]


def _ndjson(rendered: Sequence[tuple[str, str, bytes]]) -> bytes:
    out = io.BytesIO()
    for resource, key, body in rendered:
        head = orjson.dumps({"resource": resource, "key": key})[:-1]
        out.write(head + b',"data":' + body + b"}\n")
    return out.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _csv_zip(conn: Connection) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for t in dataset_tables():
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\r\n")
            writer.writerow([c.name for c in t.columns])
            for row in _rows(conn, t):
                writer.writerow([_cell(row[c.name]) for c in t.columns])
            info = zipfile.ZipInfo(f"{t.name}.csv", date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, buffer.getvalue().encode("utf-8"))
    return out.getvalue()


def _sqlite(conn: Connection) -> bytes:
    fd, name = tempfile.mkstemp(suffix=".sqlite")
    os.close(fd)
    path = Path(name)
    try:
        engine = create_engine(f"sqlite:///{path}")
        try:
            tables = dataset_tables()
            metadata.create_all(engine, tables=tables)
            with engine.begin() as out:
                for t in tables:
                    rows = _rows(conn, t)
                    if rows:
                        out.execute(insert(t), rows)
            with engine.connect() as out:
                out.exec_driver_sql("VACUUM")
        finally:
            engine.dispose()
        return path.read_bytes()
    finally:
        path.unlink(missing_ok=True)


def build_dumps(conn: Connection, version: str, rendered: Sequence[tuple[str, str, bytes]]) -> None:
    """Replace the stored dumps with ones of what `conn` holds now."""
    contents = {"ndjson": _ndjson(rendered), "csv.zip": _csv_zip(conn), "sqlite": _sqlite(conn)}
    conn.execute(delete(DUMP))
    conn.execute(
        insert(DUMP),
        [
            {
                "name": NAMES[kind][0],
                "version": version,
                "media_type": NAMES[kind][1],
                "sha256": hashlib.sha256(content).hexdigest(),
                "size": len(content),
                "content": content,
            }
            for kind, content in contents.items()
        ],
    )
