"""The HTTP cache as pure-ASGI middleware: a hit is answered here, before FastAPI's
routing and dependencies run, without building a model or touching the database.

For a GET (HEAD arrives as GET: `HeadAsGet` is outside) it reads the request's dataset
snapshot (`scope["state"]["snapshot"]`, leased by `DatasetSnapshot`; the route's
transaction may re-label it with the version it really read, and the response is filed
under that version), looks up the encoded response by (scheme, host, path, normalised
query, Accept), and otherwise runs the route once and keeps what it answered. Every 200
leaves with a strong ETag, Last-Modified, Cache-Control and Vary; conditional requests
get 304 without a body; error responses get `Cache-Control: no-store` and no validator.
The paths it is given as `exempt` pass through untouched.
"""

import datetime as dt
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlencode

import anyio
import anyio.to_thread
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.cache.coding import (
    PREFERENCE,
    Coding,
    choose,
    compress,
    compressible,
    identity_acceptable,
)
from app.cache.conditional import (
    http_date,
    make_etag,
    none_match,
    not_modified_since,
    precondition_failed,
)
from app.cache.store import Entry, Headers, ResponseStore, Variant
from app.config import Settings
from app.dataset_state import Snapshot
from app.errors import problem_response

# The body varies with these (CORS headers are the same for every origin).
VARY = b"Accept, Accept-Encoding"
NO_STORE = (b"cache-control", b"no-store")
HIT = (b"x-cache", b"hit")
MISS = (b"x-cache", b"miss")
# Compressing bodies larger than this happens in a worker thread, off the event loop.
_THREAD_COMPRESS_BYTES = 128 * 1024
# Headers of the route's response that the middleware replaces or must not cache.
_OWN = frozenset({b"content-length", b"etag", b"last-modified", b"cache-control", b"vary"})
# A route that sets these manages caching itself (a dump file has its own ETag).
_UNCACHEABLE = frozenset({b"set-cookie", b"cache-control", b"content-encoding", b"etag"})
# Larger bodies (or bodies of unknown length) are streamed through, not held.
MAX_BUFFERED_BYTES = 8 * 1024 * 1024


@lru_cache(maxsize=4096)
def normalise_query(raw: bytes) -> str:
    """The query string with its parameters in name order, encoded one way, so that
    `?b=2&a=1` and `?a=1&b=%32` share a cache entry and an ETag. (A repeated parameter
    is refused by the routes, so the order among equal names never matters.)"""
    if not raw:
        return ""
    pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
    return urlencode(sorted(pairs, key=lambda pair: pair[0]))


class _Request:
    """The request headers the cache reads, found in one pass."""

    __slots__ = (
        "accept",
        "accept_encoding",
        "host",
        "if_match",
        "if_modified_since",
        "if_none_match",
        "if_unmodified_since",
    )

    def __init__(self, raw: list[tuple[bytes, bytes]]) -> None:
        self.accept = self.accept_encoding = self.host = ""
        self.if_none_match: str | None = None
        self.if_modified_since: str | None = None
        self.if_match: str | None = None
        self.if_unmodified_since: str | None = None
        for name, value in raw:
            if name == b"host":
                self.host = value.decode("latin-1")
            elif name == b"accept":
                self.accept = value.decode("latin-1")
            elif name == b"accept-encoding":
                self.accept_encoding = value.decode("latin-1")
            elif name == b"if-none-match":
                self.if_none_match = value.decode("latin-1")
            elif name == b"if-modified-since":
                self.if_modified_since = value.decode("latin-1")
            elif name == b"if-match":
                self.if_match = value.decode("latin-1")
            elif name == b"if-unmodified-since":
                self.if_unmodified_since = value.decode("latin-1")


class HttpCache:
    """ETags, conditional requests, compression and the response store."""

    def __init__(
        self, app: ASGIApp, *, settings: Settings, exempt: frozenset[str] = frozenset()
    ) -> None:
        self.app = app
        self.exempt = exempt
        self.store = ResponseStore(settings.response_cache_bytes)
        self.cache_control = (
            f"public, max-age={settings.cache_max_age}, "
            f"stale-while-revalidate={settings.cache_stale_while_revalidate}"
        ).encode()
        self.min_bytes = settings.compress_min_bytes
        self.loaded_at: dt.datetime | None = None  # of the version the store holds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] in self.exempt:
            await self.app(scope, receive, send)
            return
        snapshot: Snapshot | None = scope.get("state", {}).get("snapshot")
        if snapshot is None:  # no lifespan ran: nothing to key a cache on
            await self.app(scope, receive, send)
            return
        self._follow(snapshot)

        request = _Request(scope["headers"])
        coding = choose(request.accept_encoding)
        if coding is None:
            await self._refuse(scope, receive, send)
            return
        key = (
            scope.get("scheme", "http"),
            request.host,
            scope.get("root_path", ""),
            scope["path"],
            normalise_query(scope.get("query_string", b"")),
            request.accept,
        )
        cached = snapshot.version is not None and snapshot.version == self.store.version
        entry = self.store.get(key) if cached else None
        hit = entry is not None
        if entry is None:
            entry = await self._compute(scope, receive, send, snapshot, key)
            if entry is None:  # not cacheable; already answered
                return
        worth_it = len(entry.body) >= self.min_bytes and compressible(entry.content_type)
        if not worth_it and identity_acceptable(request.accept_encoding):
            coding = "identity"
        variant = entry.variants.get(coding)
        if variant is None:
            variant = await self._variant(entry, coding)
            self.store.put(key, entry)  # accounts for the new variant's bytes
        await self._answer(variant, entry, request, hit, scope, receive, send)

    def _follow(self, snapshot: Snapshot) -> None:
        """Empty the store when a newer dataset is served. Loads are ordered by their
        load time (a load of earlier files is a new load too), so a request still
        holding an older snapshot just bypasses the store instead of resetting it."""
        if snapshot.version == self.store.version:
            return
        known = self.loaded_at
        if known is None or (snapshot.loaded_at is not None and snapshot.loaded_at > known):
            self.store.reset(snapshot.version)
            self.loaded_at = snapshot.loaded_at

    async def _compute(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        snapshot: Snapshot,
        key: tuple[str, ...],
    ) -> Entry | None:
        """Run the route and keep its answer if it can be cached; otherwise
        pass it on as it comes (errors marked no-store) and return None."""
        start: dict[str, Any] = {}
        chunks: list[bytes] = []
        passing = False

        async def capture(message: Message) -> None:
            nonlocal passing
            if message["type"] == "http.response.start":
                headers: Headers = list(message.get("headers", []))
                if self._cacheable(message["status"], headers):
                    start.update(message)
                    return
                passing = True
                if message["status"] >= 400 and all(
                    n.lower() != b"cache-control" for n, _ in headers
                ):
                    headers.append(NO_STORE)
                await send({**message, "headers": headers})
            elif not passing:
                chunks.append(message.get("body", b""))
            else:
                await send(message)

        await self.app(scope, receive, capture)
        # The route may have re-labelled its snapshot with the version its transaction
        # actually read; the response belongs to that one.
        snapshot = scope["state"].get("snapshot", snapshot)
        if passing:
            return None
        headers = list(start.get("headers", []))
        body = b"".join(chunks)
        if not start or snapshot.version is None:
            await send(
                {
                    "type": "http.response.start",
                    "status": start.get("status", 500),
                    "headers": headers,
                }
            )
            await send({"type": "http.response.body", "body": body})
            return None
        content_type = next((v.decode("latin-1") for n, v in headers if n == b"content-type"), "")
        entry = Entry(
            version=snapshot.version,
            content_type=content_type,
            body=body,
            headers=[(n, v) for n, v in headers if n.lower() not in _OWN],
            etag_parts=(snapshot.version, *key[:-1], content_type),
            modified=snapshot.loaded_at,
        )
        self.store.put(key, entry)
        return entry

    @staticmethod
    def _cacheable(status: int, headers: Headers) -> bool:
        """A complete 200 of known, modest length from a route that leaves caching to us."""
        if status != 200:
            return False
        length = None
        for name, value in headers:
            lower = name.lower()
            if lower in _UNCACHEABLE:
                return False
            if lower == b"content-length":
                length = int(value)
        return length is not None and length <= MAX_BUFFERED_BYTES

    async def _variant(self, entry: Entry, coding: Coding) -> Variant:
        if coding == "identity":
            body = entry.body
        elif len(entry.body) >= _THREAD_COMPRESS_BYTES:
            body = await anyio.to_thread.run_sync(compress, entry.body, coding)
        else:
            body = compress(entry.body, coding)
        etag = make_etag((*entry.etag_parts, coding), entry.body)
        common: Headers = [
            (b"etag", etag.encode()),
            (b"cache-control", self.cache_control),
            (b"vary", VARY),
        ]
        full = [*entry.headers, (b"content-length", str(len(body)).encode()), *common]
        if coding != "identity":
            full.append((b"content-encoding", coding.encode()))
        if entry.modified is not None:
            full.append((b"last-modified", http_date(entry.modified).encode()))
        variant = Variant(body=body, etag=etag, headers=full, not_modified=common)
        entry.variants[coding] = variant
        return variant

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send) -> None:
        """406: Accept-Encoding excludes every coding, identity included."""
        response = problem_response(
            Request(scope),
            "not-acceptable",
            "Accept-Encoding excludes every content coding this API can send; it sends "
            f"{', '.join(PREFERENCE)}.",
            headers={"Vary": "Accept-Encoding", "Cache-Control": "no-store"},
        )
        await response(scope, receive, send)

    async def _answer(
        self,
        variant: Variant,
        entry: Entry,
        request: _Request,
        hit: bool,
        scope: Scope,
        receive: Receive,
        send: Send,
    ) -> None:
        failed = precondition_failed(
            request.if_match, request.if_unmodified_since, variant.etag, entry.modified
        )
        if failed is not None:
            response = problem_response(
                Request(scope), "precondition-failed", failed, headers={"Cache-Control": "no-store"}
            )
            await response(scope, receive, send)
            return
        if request.if_none_match is not None:
            unchanged = none_match(request.if_none_match, variant.etag)
        elif request.if_modified_since is not None:
            unchanged = not_modified_since(request.if_modified_since, entry.modified)
        else:
            unchanged = False
        marker = HIT if hit else MISS
        if unchanged:
            headers = [*variant.not_modified, marker]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        await send(
            {"type": "http.response.start", "status": 200, "headers": [*variant.headers, marker]}
        )
        await send({"type": "http.response.body", "body": variant.body})
