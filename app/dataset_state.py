"""Which database file and dataset version the app serves right now.

A load replaces the data underneath a running server: on SQLite by renaming a new file
over the live one, on PostgreSQL by committing one transaction. `DatasetState.current()`
notices either and hands out a `Snapshot` (engine + version) that a request keeps for its
whole life, so no response mixes two versions:

- SQLite: a `stat()` of the file per call (microseconds). When the inode changes, a new
  engine is opened on the new file; requests still holding the old engine finish on the
  old file, which the OS keeps alive until they close it.
- PostgreSQL: the current version is re-read at most every `poll_seconds`
  (RELOAD_POLL_SECONDS); each request's connection runs in a REPEATABLE READ transaction,
  so all of its queries see one commit.

Either way `pin()` then reads the version inside the request's own transaction, so the
version a response is labelled with (ETag, cache key, log line) is the one its rows come
from, even when the load landed between the poll and the query. The poll only bounds how
long work done before the database is touched (a cache lookup) may still use the old
version; a replica needs no restart and no message from the loader.
"""

import datetime as dt
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event, select
from sqlalchemy.engine import Connection, Engine, ExceptionContext
from sqlalchemy.exc import SQLAlchemyError

from app.db import make_engine, sqlite_path
from app.models import DatasetRelease


@dataclass(frozen=True)
class Snapshot:
    """An engine and the dataset version it serves; immutable, shared by requests."""

    engine: Engine
    version: str | None
    loaded_at: dt.datetime | None


def read_release(engine: Engine) -> tuple[str | None, dt.datetime | None]:
    """The current dataset version and load time in the database, (None, None) if none."""
    try:
        with engine.connect() as conn:
            return release_of(conn)
    except SQLAlchemyError:  # no schema or unreachable: serve, and let readiness say so
        return None, None


def release_of(conn: Connection) -> tuple[str | None, dt.datetime | None]:
    """The current dataset version and load time as `conn`'s transaction sees them."""
    table = DatasetRelease.__table__  # type: ignore[attr-defined]
    row = conn.execute(
        select(table.c.version, table.c.loaded_at).where(table.c.current.is_(True))
    ).first()
    if row is None:
        return None, None
    loaded_at = row.loaded_at
    if loaded_at is not None and loaded_at.tzinfo is None:
        loaded_at = loaded_at.replace(tzinfo=dt.UTC)
    return row.version, loaded_at


class DatasetState:
    def __init__(
        self,
        url: str,
        poll_seconds: float = 2.0,
        *,
        read_only: bool = False,
        query_timeout_ms: int | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        """`on_error` is told the class name of each error the database driver raises
        on this state's engines (the metrics count them)."""
        self._url = url
        self._on_error = on_error
        # Serving engines are read-only and time-limited (see app.db.make_engine).
        self._read_only = read_only
        self._query_timeout_ms = query_timeout_ms
        self._path = sqlite_path(url)
        self._poll_seconds = poll_seconds
        self._lock = threading.Lock()
        self._file_id: tuple[int, int] | None = None
        self._checked_at = 0.0
        self._retired: list[Engine] = []
        self._snapshot = self._open()

    @property
    def path(self) -> Path | None:
        return self._path

    def _stat(self) -> tuple[int, int] | None:
        if self._path is None:
            return None
        try:
            st = os.stat(self._path)
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns)

    def _open(self) -> Snapshot:
        self._file_id = self._stat()
        engine = make_engine(
            self._url, read_only=self._read_only, query_timeout_ms=self._query_timeout_ms
        )
        if self._on_error is not None:
            event.listen(engine, "handle_error", self._report)
        version, loaded_at = read_release(engine)
        self._checked_at = time.monotonic()
        return Snapshot(engine, version, loaded_at)

    def _report(self, context: ExceptionContext) -> None:
        if self._on_error is not None:
            self._on_error(type(context.original_exception).__name__)

    def current(self) -> Snapshot:
        """The snapshot to serve a request from, refreshed if the data was reloaded."""
        snapshot = self._snapshot
        if self._path is not None:
            if self._stat() == self._file_id:
                return snapshot
            with self._lock:
                if self._stat() != self._file_id:
                    self._retired.append(self._snapshot.engine)
                    self._snapshot = self._open()
                return self._snapshot
        if time.monotonic() - self._checked_at < self._poll_seconds:
            return snapshot
        with self._lock:
            if time.monotonic() - self._checked_at >= self._poll_seconds:
                version, loaded_at = read_release(snapshot.engine)
                self._checked_at = time.monotonic()
                if version != snapshot.version:
                    self._snapshot = Snapshot(snapshot.engine, version, loaded_at)
            return self._snapshot

    def current_nowait(self) -> Snapshot | None:
        """The current snapshot if it can be had without opening or querying a database
        (SQLite: the file is unchanged; PostgreSQL: between polls), else None: then call
        `current()` off the event loop."""
        if self._path is not None:
            return self._snapshot if self._stat() == self._file_id else None
        if time.monotonic() - self._checked_at < self._poll_seconds:
            return self._snapshot
        return None

    def pin(self, conn: Connection, snapshot: Snapshot) -> Snapshot:
        """`snapshot` labelled with the version `conn`'s transaction reads: itself unless
        a load landed since it was handed out, and then the process's current snapshot
        moves on too, without waiting for the next poll."""
        version, loaded_at = release_of(conn)
        if version == snapshot.version:
            return snapshot
        if self._path is not None:  # the file was swapped: current() notices it
            return Snapshot(self.current().engine, version, loaded_at)
        with self._lock:
            self._checked_at = time.monotonic()
            known = self._snapshot.loaded_at
            # Two loads in quick succession: never step back to the older one.
            if known is None or (loaded_at is not None and loaded_at > known):
                self._snapshot = Snapshot(snapshot.engine, version, loaded_at)
        return Snapshot(snapshot.engine, version, loaded_at)

    def close(self) -> None:
        for engine in [*self._retired, self._snapshot.engine]:
            engine.dispose()
