"""Load a validated data directory into the database in one atomic step.

SQLite: the new database is built in a file beside the live one, checked
(`integrity_check`, `foreign_key_check`), synced to disk and renamed over the live file,
so a failure at any point leaves the live file byte for byte as it was, and the build file
is removed. PostgreSQL: the schema upgrade and the new rows are one transaction; a failure
rolls it all back. Loading files whose content hash is already the current version (on a
schema already at the latest revision) changes nothing.
"""

import contextlib
import datetime as dt
import errno
import glob
import multiprocessing
import os
import sqlite3
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine, delete, event, insert, inspect, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from app import migrate
from app.db import make_engine, sqlite_path
from app.loader import snapshots
from app.loader.bulk import collector_paused, insert_rows
from app.loader.dumps import (
    NAMES,
    SCRATCH_PREFIX,
    build_dumps,
    csv_zip_of_file,
    dump_metadata,
    exit_when_orphaned,
    sqlite_dump_of_file,
)
from app.loader.progress import NO_PROGRESS, Advance, Progress
from app.loader.redirects import redirect_rows
from app.loader.rows import dataset_rows
from app.loader.snapshots import DocumentError, Rendered
from app.loader.validate import Dataset, validate_dir
from app.models import DatasetRelease, RecordBody, RecordRedirect, ReleaseRecord, metadata

_RELEASES = metadata.tables[DatasetRelease.__tablename__]
_REDIRECTS = metadata.tables[RecordRedirect.__tablename__]
# Rows written at a time: enough that each table's insert is a few large batches.
_ROWS_PER_BATCH = 50_000
# Snapshots of every release outlive the load that replaces the rows.
_KEPT = {RecordBody.__tablename__, ReleaseRecord.__tablename__}
_SQLITE_HEADER = b"SQLite format 3\x00"
# Any fixed number: PostgreSQL loaders take this advisory lock so only one writes at a time.
_LOAD_LOCK = 7351
# A fresh interpreter for the CSV dump's worker: forking would copy a process that holds
# open database connections and a thread.
_SPAWN = multiprocessing.get_context("spawn")
_CSV_SIDECAR = "-csv.zip"
# From this many records, a SQLite load builds its SQLite and CSV dumps beside the
# snapshots, on the machine's other core.
PARALLEL_FROM = 20_000


@dataclass(frozen=True)
class LoadResult:
    version: str
    changed: bool
    counts: dict[str, int]


class LoadError(Exception):
    """The load could not complete; the live database is unchanged. The message is one line."""


@dataclass(frozen=True)
class _Live:
    """What the database holds now: its current dataset version, schema revision, releases."""

    version: str | None
    revision: str | None
    releases: list[dict[str, Any]]


def _read_live(conn: Connection) -> _Live:
    """Read the live state; an empty or unmigrated database holds nothing yet."""
    names = set(inspect(conn).get_table_names())
    revision = None
    if "alembic_version" in names:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    releases: list[dict[str, Any]] = []
    if "dataset_release" in names:
        releases = [dict(row) for row in conn.execute(select(_RELEASES)).mappings()]
    version = next((r["version"] for r in releases if r["current"]), None)
    return _Live(version, revision, releases)


def _write_rows(
    conn: Connection, ds: Dataset, previous: list[dict[str, Any]], progress: Progress
) -> None:
    """Replace every row with the dataset's, keeping earlier releases as not current, then
    let the parsed records go (`Dataset.release_records`)."""
    tables = metadata.sorted_tables
    with progress.phase("rows", unit="rows") as advance:
        for table in reversed(tables):
            if table.name not in _KEPT:
                conn.execute(delete(table))
        # Rows wait by table and are written a batch at a time, every table's in foreign-key
        # order: a row's parent comes before it in `dataset_rows`, so it is written in the
        # same batch or an earlier one. Memory holds one batch, not every row.
        pending: dict[str, list[dict[str, Any]]] = defaultdict(list)
        waiting = 0

        def write() -> None:
            for table in tables:
                rows = pending.pop(table.name, None)
                if rows:
                    insert_rows(conn, table, rows)
            advance(waiting)

        for name, row in dataset_rows(ds):
            pending[name].append(row)
            waiting += 1
            if waiting == _ROWS_PER_BATCH:
                write()
                waiting = 0
        write()
        _write_releases(conn, ds, previous)
        ds.release_records()  # from here on the load reads the rows
    if conn.dialect.name == "sqlite":
        # The full-text index follows search_document by one rebuild, not a trigger per row.
        with progress.phase("search index"):
            conn.exec_driver_sql("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")


def now() -> dt.datetime:
    """The load's time: its release's `loaded_at` and its dumps' `generated_at`."""
    return dt.datetime.now(dt.UTC)


def _write_releases(conn: Connection, ds: Dataset, previous: list[dict[str, Any]]) -> None:
    releases = [{**r, "current": False} for r in previous if r["version"] != ds.version]
    releases.append(
        {
            "version": ds.version,
            "loaded_at": now(),
            "counts": ds.counts(),
            "current": True,
        }
    )
    conn.execute(insert(_RELEASES), releases)
    if ds.redirects:
        conn.execute(insert(_REDIRECTS), redirect_rows(ds.redirects))


def _record(conn: Connection, version: str, rendered: list[Rendered]) -> None:
    """Keep every record as served for this release (change feed, `?version=`)."""
    snapshots.record_release(conn, version, [*rendered, *snapshots.render_figures(conn)])
    snapshots.prune(conn)


def _snapshots_phase(progress: Progress, ds: Dataset) -> AbstractContextManager[Advance]:
    return progress.phase("snapshots", total=snapshots.total(ds.counts()), unit="records")


def _publish(conn: Connection, ds: Dataset, progress: Progress) -> None:
    """Render and keep this release's snapshots, then build the dumps."""
    with _snapshots_phase(progress, ds) as advance:
        rendered = list(snapshots.render_all(conn, advance))
        _record(conn, ds.version, rendered)
    _dumps(conn, ds.version, rendered, progress)


def _dumps(
    conn: Connection,
    version: str,
    rendered: list[Rendered],
    progress: Progress,
    built: dict[str, Callable[[], bytes]] | None = None,
    meta: dict[str, Any] | None = None,
) -> None:
    with progress.phase("dumps", total=len(NAMES), unit="dumps") as advance:
        build_dumps(conn, version, rendered, built, advance, meta)


# --- SQLite: build beside the live file, check, sync, rename ------------------------------


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_with_sidecars(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm", _CSV_SIDECAR):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()


def _open_read_only(live: Path) -> Engine:
    uri = f"{live.resolve().as_uri()}?mode=ro"
    return create_engine(
        "sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False)
    )


def _sqlite_live(live: Path) -> _Live:
    if not live.exists():
        return _Live(None, None, [])
    if not live.is_file():
        raise LoadError(f"{live} is not a file")
    with live.open("rb") as fh:
        header = fh.read(len(_SQLITE_HEADER))
    if header and header != _SQLITE_HEADER:
        raise LoadError(f"{live} is not a SQLite database; refusing to replace it")
    engine = _open_read_only(live)
    try:
        with engine.connect() as conn:
            return _read_live(conn)
    finally:
        engine.dispose()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _remove_abandoned(directory: Path, prefix: str, pattern: str) -> None:
    """Remove the files `<prefix><pid><rest>` matching `pattern` in `directory` whose
    process is gone: left by loaders that were killed (a crash runs no cleanup). Those of
    a process still running belong to another load in progress and are kept."""
    for path in directory.glob(f"{glob.escape(prefix)}{pattern}"):
        pid = path.name[len(prefix) :].partition(".")[0]
        if pid.isdigit() and not _alive(int(pid)):
            path.unlink(missing_ok=True)


def _remove_abandoned_builds(live: Path) -> None:
    """Build files and every sidecar (also one whose build file is already gone)."""
    _remove_abandoned(live.parent, f".{live.name}.", "*.building*")


@contextlib.contextmanager
def _building(live: Path) -> Iterator[Path]:
    """A new, empty file beside `live` to build in; removed unless renamed over `live`."""
    directory = live.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LoadError(f"cannot create directory {directory}: {exc.strerror}") from exc
    _remove_abandoned_builds(live)
    tmp = directory / f".{live.name}.{os.getpid()}.building"
    _remove_with_sidecars(tmp)
    try:
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    except OSError as exc:
        raise LoadError(f"cannot write in directory {directory}: {exc.strerror}") from exc
    try:
        yield tmp
    finally:
        _remove_with_sidecars(tmp)


def _publish_in_parallel(conn: Connection, ds: Dataset, build: Path, progress: Progress) -> None:
    """As `_publish`, with the SQLite and CSV dumps built beside the snapshots (their time
    is in the snapshots phase: the snapshots are stored once both are done)."""
    with (
        ThreadPoolExecutor(max_workers=1) as threads,
        ProcessPoolExecutor(
            max_workers=1,
            mp_context=_SPAWN,
            initializer=exit_when_orphaned,
            initargs=(os.getpid(),),
        ) as processes,
        _scratch(build) as csv_file,
    ):
        meta = dump_metadata(conn)
        sqlite_dump = threads.submit(sqlite_dump_of_file, build, meta)
        csv_zip = processes.submit(csv_zip_of_file, build, csv_file, meta)
        with _snapshots_phase(progress, ds) as advance:
            rendered = list(snapshots.render_all(conn, advance))
            sqlite_dump.result()
            csv_zip.result()
            _record(conn, ds.version, rendered)
        # Handed over, not kept by the future: the SQLite dump is stored (and let go)
        # before the NDJSON dump is built.
        sqlite_bytes = [sqlite_dump.result()]
        del sqlite_dump
        built = {"sqlite": sqlite_bytes.pop, "csv.zip": csv_file.read_bytes}
        _dumps(conn, ds.version, rendered, progress, built, meta)


@contextlib.contextmanager
def _scratch(build: Path) -> Iterator[Path]:
    """A path beside the build file for a worker's output, removed afterwards (and with
    the build file's sidecars if the loader is killed)."""
    path = Path(f"{build}{_CSV_SIDECAR}")
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


def _check_sqlite(conn: Connection, progress: Progress) -> None:
    with progress.phase("checks", total=2) as advance:
        integrity = conn.execute(text("PRAGMA integrity_check")).scalars().all()
        if integrity != ["ok"]:
            raise LoadError(f"integrity_check failed: {integrity[:3]}")
        advance(1)
        broken = conn.execute(text("PRAGMA foreign_key_check")).all()
        if broken:
            raise LoadError(f"foreign_key_check failed: {len(broken)} dangling row(s)")
        advance(1)


def _unsynced(dbapi_connection: Any, _record: Any) -> None:
    # The build file is thrown away if anything fails, and synced once before it is
    # renamed into place, so its own commits need not wait for the disk.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=OFF")
    cursor.execute("PRAGMA journal_mode=MEMORY")
    cursor.close()


def _carry_snapshots(
    live: Path, conn: Connection, releases: list[dict[str, Any]], version: str
) -> None:
    """Copy earlier releases' snapshots from the live file into the new one."""
    earlier = [r["version"] for r in releases if r["version"] != version]
    if not earlier:
        return
    engine = _open_read_only(live)
    try:
        with engine.connect() as old:
            if inspect(old).has_table(ReleaseRecord.__tablename__):
                snapshots.copy_history(old, conn, earlier)
    finally:
        engine.dispose()


def _load_sqlite(ds: Dataset, live: Path, progress: Progress) -> bool:
    state = _sqlite_live(live)
    if state.version == ds.version and state.revision in migrate.heads():
        return False
    with _building(live) as tmp:
        engine = make_engine(f"sqlite:///{tmp}")
        event.listen(engine, "connect", _unsynced)
        try:
            with engine.begin() as conn:
                with progress.phase("schema"):
                    migrate.upgrade_on(conn)
                    _carry_snapshots(live, conn, state.releases, ds.version)
                _write_rows(conn, ds, state.releases, progress)
            # The rows are committed to the build file (still private to this load): while
            # this thread renders the snapshots, the SQLite dump is copied from it in SQL by
            # a thread (SQLite leaves Python free) and the CSV dump is written by a worker
            # process. All only read until both are done (a large write would lock the
            # file to the other readers).
            # A small dataset is done in this process: starting a worker costs more.
            with engine.begin() as conn:
                if sum(ds.counts().values()) < PARALLEL_FROM:
                    _publish(conn, ds, progress)
                else:
                    _publish_in_parallel(conn, ds, tmp, progress)
            with engine.connect() as conn:
                _check_sqlite(conn, progress)
        finally:
            engine.dispose()
        with progress.phase("commit"):
            _fsync(tmp)
            os.replace(tmp, live)
            _fsync(live.parent)
    return True


# --- PostgreSQL: one transaction ----------------------------------------------------------


def _load_server(ds: Dataset, url: str, progress: Progress) -> bool:
    engine = make_engine(url)
    try:
        with engine.connect() as conn, conn.begin() as transaction:
            with progress.phase("schema"):
                # One loader at a time; readers keep seeing the old rows until commit.
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOAD_LOCK})
                state = _read_live(conn)
                if state.version == ds.version and state.revision in migrate.heads():
                    return False
                migrate.upgrade_on(conn)
            _write_rows(conn, ds, state.releases, progress)
            _publish(conn, ds, progress)
            with progress.phase("commit"):
                transaction.commit()
    finally:
        engine.dispose()
    return True


# --- Entry point -----------------------------------------------------------------------------


def _reason(exc: BaseException) -> str:
    """A one-line reason for a failure below the loader's own checks."""
    if isinstance(exc, OSError):
        reason = exc.strerror or errno.errorcode.get(exc.errno or 0, "") or str(exc)
        return f"{reason}: {exc.filename}" if exc.filename else reason
    if isinstance(exc, SQLAlchemyError):
        orig = getattr(exc, "orig", None)
        detail = str(orig if orig is not None else exc).strip().splitlines()
        return f"database error: {detail[0] if detail else type(exc).__name__}"
    return f"{type(exc).__name__}: {exc}"


@collector_paused()
def load(data_dir: Path, url: str, progress: Progress = NO_PROGRESS) -> LoadResult:
    """Validate `data_dir`, then load it into the database at `url`, atomically.

    Raises ValidationFailed for problems in the files and LoadError for anything that
    stops the load after that; either way the database is as it was. `progress` is told
    of each phase as it runs: validate, schema, rows, search index (SQLite), snapshots,
    dumps, checks (SQLite), commit; a load of unchanged data stops after validate (on
    PostgreSQL, after schema).
    """
    ds = validate_dir(data_dir, progress)
    _remove_abandoned(Path(tempfile.gettempdir()), SCRATCH_PREFIX, "*.sqlite*")
    path = sqlite_path(url)
    backend = make_url(url).get_backend_name()
    try:
        if path is not None:
            changed = _load_sqlite(ds, path, progress)
        elif backend == "postgresql":
            changed = _load_server(ds, url, progress)
        else:
            raise LoadError(f"cannot load into {backend}: use a SQLite file or PostgreSQL")
    except LoadError:
        raise
    except DocumentError as exc:
        raise LoadError(str(exc)) from exc
    except (OSError, SQLAlchemyError, sqlite3.Error) as exc:
        raise LoadError(" ".join(_reason(exc).split())) from exc
    return LoadResult(version=ds.version, changed=changed, counts=ds.counts())
