"""Downloadable dumps of the whole dataset, built once per load and stored in the
database beside the rows they copy (so a dump always matches the release served):

- `mss-facts.ndjson`: one line per served record, `{"resource", "key", "data"}`, `data`
  as the API serves it without `include=` (URLs relative to the API root);
- `mss-facts.csv.zip`: one CSV per table, every column, rows in primary-key order, with
  README.txt, LICENSE and metadata.json;
- `mss-facts.sqlite`: a SQLite database with the same tables and rows, a `metadata`
  table, and `PRAGMA user_version` set to the dump format;
- `mss-facts.metadata.json`: the metadata (version, licence, attribution, sources, every
  table's and column's description): the NDJSON dump's sidecar;
- `mss-facts.datasette.json`: Datasette's metadata file for the SQLite dump.

Tables are named like the API's resources (`app.loader.dump_metadata`). Each dump
carries its SHA-256; the zip's entries have a fixed timestamp, so the same data loaded at
the same moment gives the same bytes (the metadata's `generated_at` is the load time).
"""

import contextlib
import csv
import ctypes
import datetime as dt
import hashlib
import io
import os
import signal
import sqlite3
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, Select, Table, create_engine, delete, insert, select

from app.loader.dump_metadata import (
    DUMP_FORMAT,
    datasette_metadata,
    licence_text,
    metadata_document,
    readme,
)
from app.models import DatasetDump, metadata
from app.models.release import TABLE_NAMES
from app.queries.tables import table

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
    "metadata.json": ("mss-facts.metadata.json", "application/json"),
    "datasette.json": ("mss-facts.datasette.json", "application/json"),
}
Meta = dict[str, Any]
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# Rows read back per fetch when a dump is written.
_BATCH = 10_000


def dataset_tables() -> list[Table]:
    return [t for t in metadata.sorted_tables if t.name not in _INTERNAL]


def dump_metadata(conn: Connection) -> Meta:
    """What every dump of the release `conn` holds says about itself."""
    return metadata_document(conn, dataset_tables())


def _ordered(t: Table) -> Select[Any]:
    # Fetched in batches (a server-side cursor on PostgreSQL), not all at once.
    return select(t).order_by(*t.primary_key.columns).execution_options(yield_per=_BATCH)


def _ndjson(rendered: Sequence[tuple[str, str, bytes]]) -> bytearray:
    # Appended to one buffer that is stored as it is: the dump is held once. (Joining the
    # lines would hold them all and the result; `bytes()` of a buffer copies it.)
    out = bytearray()
    for resource, key, body in rendered:
        out += orjson.dumps({"resource": resource, "key": key})[:-1]
        out += b',"data":'
        out += body
        out += b"}\n"
    return out


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


def _json(value: object) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_INDENT_2) + b"\n"


def _zip_entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _csv_zip(conn: Connection, meta: Meta) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(_zip_entry("README.txt"), readme(meta))
        zf.writestr(_zip_entry("LICENSE"), licence_text(meta))
        zf.writestr(_zip_entry("metadata.json"), _json(meta))
        for t in dataset_tables():
            info = _zip_entry(f"{TABLE_NAMES[t.name]}.csv")
            # Rows are streamed into the compressor: a table is never held whole.
            with zf.open(info, "w") as entry:
                text = io.TextIOWrapper(entry, encoding="utf-8", newline="")
                writer = csv.writer(text, lineterminator="\r\n")
                writer.writerow([c.name for c in t.columns])
                rows = conn.execute(_ordered(t))
                for part in rows.partitions(_BATCH):
                    writer.writerows([_cell(v) for v in row] for row in part)
                text.flush()
                text.detach()
    return out.getvalue()


def _create_dump_schema(path: Path) -> None:
    engine = create_engine(f"sqlite:///{path}")
    try:
        metadata.create_all(engine, tables=dataset_tables())
    finally:
        engine.dispose()


def _copy_rows(conn: Connection, path: Path) -> None:
    """Copy every dataset row from `conn`, through SQLAlchemy, into the file at `path`."""
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as out:
            for t in dataset_tables():
                rows = conn.execute(_ordered(t)).mappings()
                for part in rows.partitions(_BATCH):
                    out.execute(insert(t), [dict(r) for r in part])
    finally:
        engine.dispose()


def _copy_sqlite_rows(source: Path, path: Path) -> None:
    """Copy every dataset row from the SQLite file `source` into the file at `path`."""
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as out:
        out.execute("ATTACH DATABASE ? AS source", (f"{source.resolve().as_uri()}?mode=ro",))
        out.execute("BEGIN")
        for t in dataset_tables():
            columns = ", ".join(f'"{c.name}"' for c in t.columns)
            order = ", ".join(f'"{c.name}"' for c in t.primary_key.columns)
            out.execute(
                f'INSERT INTO main."{t.name}" ({columns}) '
                f'SELECT {columns} FROM source."{t.name}" ORDER BY {order}'
            )
        out.execute("COMMIT")
        out.execute("DETACH DATABASE source")


# A SQLite dump is built in a scratch file in the temporary directory, named
# `<SCRATCH_PREFIX><pid>.<random>.sqlite`: the loader's process id in it lets a later
# load remove what a killed one left.
SCRATCH_PREFIX = "mss-facts-dump."


def _publish_names(path: Path, meta: Meta) -> None:
    """Give the filled dump the API's table names, its `metadata` table and its
    `user_version`. (Renaming a table also renames the foreign keys that refer to it.)"""
    rows = [(k, v if isinstance(v, str) else orjson.dumps(v).decode()) for k, v in meta.items()]
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as out:
        out.execute("BEGIN")
        for old, new in TABLE_NAMES.items():
            if old != new:
                out.execute(f'ALTER TABLE "{old}" RENAME TO "{new}"')
        out.execute("CREATE TABLE metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        out.executemany("INSERT INTO metadata (key, value) VALUES (?, ?)", rows)
        out.execute("COMMIT")
        out.execute(f"PRAGMA user_version = {int(DUMP_FORMAT)}")
        out.execute("VACUUM")


def _sqlite(fill: Callable[[Path], None], meta: Meta) -> bytes:
    prefix = f"{SCRATCH_PREFIX}{os.getpid()}."
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=".sqlite")
    os.close(fd)
    path = Path(name)
    try:
        _create_dump_schema(path)
        fill(path)
        _publish_names(path, meta)
        return path.read_bytes()
    finally:
        path.unlink(missing_ok=True)


def sqlite_dump_of_file(source: Path, meta: Meta) -> bytes:
    """The SQLite dump of the SQLite file `source` (its dataset rows committed), copied
    in SQL: the values are stored as they are, and the work is all in SQLite, which
    leaves Python free (it can run in a thread while the loader renders snapshots)."""
    return _sqlite(lambda path: _copy_sqlite_rows(source, path), meta)


# prctl(2): deliver this signal to the calling process when its parent dies.
_PR_SET_PDEATHSIG = 1


def exit_when_orphaned(loader: int) -> None:
    """The initializer of the worker that runs `csv_zip_of_file`: exit as soon as the
    loader that started it is gone. A killed loader runs no cleanup, and its orphaned
    worker would otherwise go on running, and write its CSV beside the live file after
    the next load has cleared the killed one's files."""

    if _die_with_parent() and os.getppid() == loader:
        return

    def watch() -> None:
        while os.getppid() == loader:
            time.sleep(0.1)
        os._exit(1)

    threading.Thread(target=watch, name="exit-when-orphaned", daemon=True).start()


def _die_with_parent() -> bool:
    """On Linux, have the kernel kill this process the moment its parent dies (no poll
    interval in which it could still write a file); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def csv_zip_of_file(source: Path, target: Path, meta: Meta) -> None:
    """Write the CSV dump of the SQLite file `source` (its dataset rows committed) to
    `target`. Run in a worker process, on the machine's other core, while the loader
    renders the snapshots."""
    uri = f"{source.resolve().as_uri()}?mode=ro"
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True))
    try:
        with engine.connect() as conn:
            target.write_bytes(_csv_zip(conn, meta))
    finally:
        engine.dispose()


def build_dumps(
    conn: Connection,
    version: str,
    rendered: Sequence[tuple[str, str, bytes]],
    built: Mapping[str, Callable[[], bytes]] | None = None,
    advance: Callable[[int], None] | None = None,
    meta: Meta | None = None,
) -> None:
    """Replace the stored dumps with ones of what `conn` holds now; `built` gives the
    dumps (by kind: "sqlite", "csv.zip") already being built elsewhere, from `meta`.
    `advance` is called with 1 as each dump is stored."""
    meta = meta if meta is not None else dump_metadata(conn)
    conn.execute(delete(DUMP))
    # One dump at a time, each stored and dropped before the next is built.
    builders: dict[str, Callable[[], bytes | bytearray]] = {
        "sqlite": lambda: _sqlite(lambda path: _copy_rows(conn, path), meta),
        "ndjson": lambda: _ndjson(rendered),
        "csv.zip": lambda: _csv_zip(conn, meta),
        "metadata.json": lambda: _json(meta),
        "datasette.json": lambda: _json(datasette_metadata(meta)),
        **(built or {}),
    }
    for kind, build in builders.items():
        content = build()
        conn.execute(
            insert(DUMP),
            {
                "name": NAMES[kind][0],
                "version": version,
                "media_type": NAMES[kind][1],
                "sha256": hashlib.sha256(content).hexdigest(),
                "size": len(content),
                "content": content,
            },
        )
        del content
        if advance is not None:
            advance(1)
