"""Annotated dependency aliases: the database connection, URL builder, path parameters."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, Path, Request
from sqlalchemy.engine import Connection, Engine
from starlette.concurrency import run_in_threadpool
from starlette.types import Scope

from app.config import Settings
from app.dataset_state import DatasetState, Snapshot
from app.errors import NotFound
from app.queries.urls import Urls

MAX_SLUG_LENGTH = 120
# Every key is ASCII letters, digits and hyphens; anything else is a 422, not a lookup.
SLUG_PATTERN = r"^[A-Za-z0-9-]+$"
T = TypeVar("T")


async def app_settings(request: Request) -> Settings:
    """The settings this app was created with (not re-read from the environment)."""
    settings: Settings = request.app.state.settings
    return settings


def current_snapshot(request: Request) -> Snapshot:
    """The dataset snapshot this request is served from, the same for all its parts
    (leased by app.api.snapshot for the whole request)."""
    return request_snapshot(request.scope)


def request_snapshot(scope: Scope) -> Snapshot:
    snapshot: Snapshot | None = scope.get("state", {}).get("snapshot")
    if snapshot is None:
        raise RuntimeError("no dataset snapshot: is the DatasetSnapshot middleware installed?")
    return snapshot


@dataclass(frozen=True)
class Reader:
    """The request's connection and the dataset version its transaction reads."""

    conn: Connection
    version: str | None


@contextmanager
def reading(request: Request) -> Iterator[Reader]:
    """One connection and transaction for the request's queries, returned to the pool
    afterwards; run it in a worker thread (a plain `def` handler), or as `bounded_read`
    decides. On PostgreSQL the queries share one REPEATABLE READ snapshot, so a load that
    commits mid-request cannot mix two versions into one response; and
    `request.state.snapshot` is re-labelled with the version this transaction reads."""
    snapshot = current_snapshot(request)
    engine: Engine = snapshot.engine
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            dataset: DatasetState = request.app.state.dataset
            pinned = dataset.pin(conn, snapshot)
            request.state.snapshot = pinned
            yield Reader(conn, pinned.version)


async def bounded_read(request: Request, read: Callable[[], T]) -> T:
    """Run `read`, a request's reads whose cost the page bounds, not the data (one record
    by its key; a page of keys along an index, with no filter, facet or offset), where
    they cost least.

    On SQLite that is the event loop itself: a few indexed lookups in a file the page
    cache holds take less time than handing them to a worker thread and back. On
    PostgreSQL every query waits on the network, so they run in a worker thread, as
    every other read does.
    """
    if current_snapshot(request).engine.dialect.name == "sqlite":
        return read()
    return await run_in_threadpool(read)


def get_connection(request: Request) -> Iterator[Connection]:
    """`reading` as a dependency, for handlers that take the connection itself."""
    with reading(request) as reader:
        yield reader.conn


def urls_for(request: Request, settings: Settings) -> Urls:
    base = settings.public_base_url or str(request.base_url)
    return Urls(base.rstrip("/"))


async def get_urls(request: Request, settings: Annotated[Settings, Depends(app_settings)]) -> Urls:
    return urls_for(request, settings)


DbDep = Annotated[Connection, Depends(get_connection)]
SnapshotDep = Annotated[Snapshot, Depends(current_snapshot)]
UrlsDep = Annotated[Urls, Depends(get_urls)]


def slug_path(example: str) -> object:
    """A `{slug}` path parameter, bounded; longer values get 422."""
    return Path(
        description="The record's slug.",
        max_length=MAX_SLUG_LENGTH,
        pattern=SLUG_PATTERN,
        examples=[example],
    )


NationCodePath = Annotated[
    str,
    Path(
        description="ISO 3166-1 alpha-2 code, in either case.",
        min_length=2,
        max_length=2,
        pattern=r"^[A-Za-z]{2}$",
        examples=["KE"],
    ),
]


def found(record: T | None, what: str) -> T:
    """The record, or a 404 naming what was not found (never echoing the key)."""
    if record is None:
        raise NotFound(f"No {what} has this key.")
    return record
