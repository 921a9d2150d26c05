"""Engine factory for the API and the loader, and the classification of database errors
(a request's connection comes from `app.api.deps.reading`).

The serving process builds its engines with `read_only=True` and a query time limit:

- SQLite: the file is opened with a `mode=ro` URI, so no statement can write and a
  missing file is an error rather than a new empty database; a progress handler stops
  any statement that runs past its deadline (`sqlite3.OperationalError: interrupted`).
- PostgreSQL: every transaction is read-only (`default_transaction_read_only=on`) and
  `statement_timeout` cancels a statement past the limit (SQLSTATE 57014).

`is_timeout` and `is_unavailable` classify the errors these raise, so the API can answer
503 instead of 500.
"""

import math
import sqlite3
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import QueuePool
from sqlmodel import create_engine

# SQLite calls the progress handler every this many virtual-machine steps: often enough
# to stop a runaway query within a millisecond or so, rarely enough to cost nothing.
_PROGRESS_STEPS = 1000
_QUERY_CANCELED = "57014"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other backends and in-memory databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_time_limit(engine: Engine, seconds: float) -> None:
    """Stop any statement on `engine` that runs longer than `seconds`.

    Each connection gets a deadline cell; each statement sets it, and the progress
    handler interrupts the statement (rows are stepped lazily, so fetching counts too)
    once the deadline has passed."""

    @event.listens_for(engine, "connect")
    def _install(dbapi_connection: Any, record: Any) -> None:
        deadline = [math.inf]
        record.info["deadline"] = deadline
        dbapi_connection.set_progress_handler(
            lambda: int(time.monotonic() > deadline[0]), _PROGRESS_STEPS
        )

    @event.listens_for(engine, "before_cursor_execute")
    def _arm(conn: Any, *_args: Any) -> None:
        deadline = conn.info.get("deadline")
        if deadline is not None:
            deadline[0] = time.monotonic() + seconds


def make_engine(
    url: str, *, read_only: bool = False, query_timeout_ms: int | None = None
) -> Engine:
    """Build an engine for `url`, with foreign keys enforced on SQLite; `read_only` and
    `query_timeout_ms` are for serving (see the module docstring)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if read_only and path is not None:
            uri = f"file:{quote(str(path.resolve()))}?mode=ro"
            engine = create_engine(
                "sqlite://",
                creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
                # "sqlite://" alone would mean one connection per thread (in-memory).
                poolclass=QueuePool,
            )
        else:
            engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        if query_timeout_ms is not None:
            _sqlite_time_limit(engine, query_timeout_ms / 1000)
        return engine
    options = []
    if read_only:
        options.append("-c default_transaction_read_only=on")
    if query_timeout_ms is not None:
        options.append(f"-c statement_timeout={int(query_timeout_ms)}")
    connect_args: dict[str, Any] = {"connect_timeout": 5}
    if options:
        connect_args["options"] = " ".join(options)
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def is_timeout(exc: BaseException) -> bool:
    """Whether `exc` is a query stopped by the time limit (either backend)."""
    if not isinstance(exc, DBAPIError):
        return False
    orig = exc.orig
    if isinstance(orig, sqlite3.OperationalError):
        return str(orig) == "interrupted"
    return getattr(orig, "sqlstate", None) == _QUERY_CANCELED


def is_unavailable(exc: BaseException) -> bool:
    """Whether `exc` means the database cannot be used right now (unreachable, dropped
    connection, missing file or schema) rather than a bug in a query."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, OperationalError)
