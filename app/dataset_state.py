"""Which database file and dataset version the app serves right now.

A load replaces the data underneath a running server: on SQLite by renaming a new file
over the live one, on PostgreSQL by committing one transaction. `DatasetState.current()`
notices either and hands out a `Snapshot` (engine + version) that a request keeps for its
whole life, so no response mixes two versions:

- SQLite: a `stat()` of the file per call (microseconds). When the inode changes, a new
  engine is opened on the new file; requests still holding the old engine finish on the
  old file, which the OS keeps alive until they close it.
- PostgreSQL: the current version is re-read at most every `poll_seconds`; each request's
  connection runs in a REPEATABLE READ transaction, so all of its queries see one commit.
"""

import datetime as dt
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine
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
    table = DatasetRelease.__table__  # type: ignore[attr-defined]
    try:
        with engine.connect() as conn:
            row = conn.execute(
                select(table.c.version, table.c.loaded_at).where(table.c.current.is_(True))
            ).first()
    except SQLAlchemyError:  # no schema or unreachable: serve, and let readiness say so
        return None, None
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
    ) -> None:
        self._url = url
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
        version, loaded_at = read_release(engine)
        self._checked_at = time.monotonic()
        return Snapshot(engine, version, loaded_at)

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

    def close(self) -> None:
        for engine in [*self._retired, self._snapshot.engine]:
            engine.dispose()
