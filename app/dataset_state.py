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

A request leases its snapshot (`acquire()` ... `release()`, or `with lease()`): an engine
that a swap replaced is disposed, closing its connections and so the unlinked file they
hold, as soon as the last request holding it ends (at once if none does). PostgreSQL keeps
one engine for the life of the process; `close()` disposes every engine.
"""

import datetime as dt
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import DateTime, String, event, text
from sqlalchemy.engine import Connection, Engine, ExceptionContext
from sqlalchemy.exc import SQLAlchemyError

from app.db import make_engine, sqlite_path


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


# Where a SQLite connection keeps the release its file holds (`Connection.info` lives as
# long as the database connection).
_RELEASE_READ = "mss_release"
# Read by every request: written once as SQL, so that no statement is built per request.
_CURRENT_RELEASE = (
    text("SELECT version, loaded_at FROM dataset_release WHERE current = :current")
    .bindparams(current=True)
    .columns(version=String(), loaded_at=DateTime(timezone=True))
)


def release_of(conn: Connection) -> tuple[str | None, dt.datetime | None]:
    """The current dataset version and load time as `conn`'s transaction sees them."""
    row = conn.execute(_CURRENT_RELEASE).first()
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
        # One swap or poll at a time (it opens an engine or queries); `_lock` guards the
        # current snapshot and the leases, and is never held over I/O, so the event loop
        # may take it.
        self._swap_lock = threading.Lock()
        self._lock = threading.Lock()
        self._checked_at = 0.0
        self._leases: dict[Engine, int] = {}
        self._retired: set[Engine] = set()  # replaced, still leased
        self._file_id, self._snapshot = self._open()

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

    def _open(self) -> tuple[tuple[int, int] | None, Snapshot]:
        """A new engine on the file as it is now, and the file's identity (taken first:
        a file swapped meanwhile is only noticed once more)."""
        file_id = self._stat()
        engine = make_engine(
            self._url, read_only=self._read_only, query_timeout_ms=self._query_timeout_ms
        )
        if self._on_error is not None:
            event.listen(engine, "handle_error", self._report)
        version, loaded_at = read_release(engine)
        self._checked_at = time.monotonic()
        return file_id, Snapshot(engine, version, loaded_at)

    def _report(self, context: ExceptionContext) -> None:
        if self._on_error is not None:
            self._on_error(type(context.original_exception).__name__)

    def current(self) -> Snapshot:
        """The snapshot to serve a request from, refreshed if the data was reloaded."""
        snapshot = self._snapshot
        if self._path is not None:
            if self._stat() == self._file_id:
                return snapshot
            with self._swap_lock:
                if self._stat() != self._file_id:
                    self._swap(*self._open())
                return self._snapshot
        if time.monotonic() - self._checked_at < self._poll_seconds:
            return snapshot
        with self._swap_lock:
            if time.monotonic() - self._checked_at >= self._poll_seconds:
                version, loaded_at = read_release(snapshot.engine)
                with self._lock:
                    self._checked_at = time.monotonic()
                    if version != self._snapshot.version:
                        self._snapshot = Snapshot(snapshot.engine, version, loaded_at)
            return self._snapshot

    def _swap(self, file_id: tuple[int, int] | None, snapshot: Snapshot) -> None:
        """Serve `snapshot` from now on; retire the engine it replaces."""
        with self._lock:
            old = self._snapshot.engine
            self._file_id, self._snapshot = file_id, snapshot
            idle = old not in self._leases
            if not idle:
                self._retired.add(old)
        if idle:
            old.dispose()

    def current_nowait(self) -> Snapshot | None:
        """The current snapshot if it can be had without opening or querying a database
        (SQLite: the file is unchanged; PostgreSQL: between polls), else None: then call
        `current()` off the event loop."""
        if self._path is not None:
            return self._snapshot if self._stat() == self._file_id else None
        if time.monotonic() - self._checked_at < self._poll_seconds:
            return self._snapshot
        return None

    def acquire_nowait(self) -> Snapshot | None:
        """`acquire()` if it needs no database work (see `current_nowait`), else None."""
        if self.current_nowait() is None:
            return None
        return self._take()

    def acquire(self) -> Snapshot:
        """Lease the current snapshot: its engine stays open until `release(snapshot)`.
        May open an engine or query: off the event loop (or try `acquire_nowait`)."""
        self.current()
        return self._take()

    def _take(self) -> Snapshot:
        with self._lock:
            snapshot = self._snapshot  # never a retired engine: swaps hold this lock
            self._leases[snapshot.engine] = self._leases.get(snapshot.engine, 0) + 1
        return snapshot

    def release(self, snapshot: Snapshot) -> None:
        """End a lease; a retired engine whose last lease this was is disposed."""
        engine = snapshot.engine
        with self._lock:
            left = self._leases[engine] - 1
            if left:
                self._leases[engine] = left
                return
            del self._leases[engine]
            if engine not in self._retired:
                return
            self._retired.discard(engine)
        engine.dispose()

    @contextmanager
    def lease(self) -> Iterator[Snapshot]:
        """`acquire()`, then `release()` when the block ends."""
        snapshot = self.acquire()
        try:
            yield snapshot
        finally:
            self.release(snapshot)

    def pin(self, conn: Connection, snapshot: Snapshot) -> Snapshot:
        """`snapshot` labelled with the version `conn`'s transaction reads: itself unless
        a load landed since it was handed out, and then the process's current snapshot
        moves on too, without waiting for the next poll. The engine stays the one the
        request leased (after a SQLite swap its pool reaches the new file too)."""
        version, loaded_at = self._release_read_by(conn)
        if version == snapshot.version:
            return snapshot
        if self._path is not None:  # the file was swapped: current() notices it
            self.current()
            return Snapshot(snapshot.engine, version, loaded_at)
        with self._lock:
            self._checked_at = time.monotonic()
            known = self._snapshot.loaded_at
            # Two loads in quick succession: never step back to the older one.
            if known is None or (loaded_at is not None and loaded_at > known):
                self._snapshot = Snapshot(snapshot.engine, version, loaded_at)
        return Snapshot(snapshot.engine, version, loaded_at)

    def _release_read_by(self, conn: Connection) -> tuple[str | None, dt.datetime | None]:
        """`release_of(conn)`. A SQLite connection reads one file for its whole life, and
        a published file never changes (a load writes a new file and renames it over the
        old), so there the answer is kept with the connection and read once."""
        if self._path is None:
            return release_of(conn)
        info = conn.info
        if _RELEASE_READ not in info:
            info[_RELEASE_READ] = release_of(conn)
        release: tuple[str | None, dt.datetime | None] = info[_RELEASE_READ]
        return release

    def close(self) -> None:
        """Dispose every engine, leased or not (the process is shutting down)."""
        with self._lock:
            engines = {*self._retired, self._snapshot.engine}
            self._retired.clear()
        for engine in engines:
            engine.dispose()
