"""The outermost middleware: a request id, the access log line and the request metrics.

The request id comes from the client's `X-Request-ID` when it is a plausible id (1 to
128 letters, digits and `._:-`), else a new one; it is returned in `X-Request-ID`, put on
`request.state.request_id` (problem+json bodies carry it) and logged. One line per request
(JSON or text, as LOG_FORMAT says) goes to the `app.access` logger, except for the paths
it is told to leave unlogged (the probes and /metrics, polled every few seconds).
"""

import logging
import re
import time
import uuid
from collections import OrderedDict
from typing import Any

from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.observability.metrics import Metrics

REQUEST_ID_HEADER = "X-Request-ID"
UNMATCHED = "unmatched"
_ROUTE_KEY = "route"

_ID_PATTERN = re.compile(rb"[A-Za-z0-9._:-]{1,128}")
_HEADER_KEY = REQUEST_ID_HEADER.lower().encode()
_MAX_PATH = 512

access_log = logging.getLogger("app.access")


class RecordedRoute(APIRoute):
    """An API route that notes its template (`/v1/nations/{code}`) in the request's
    state for the metrics and the log, whose labels must stay few whatever paths
    clients send. (The routes are one flat list, `app.api.routing.include`, so a route's
    path is its whole template.)"""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope.setdefault("state", {})[_ROUTE_KEY] = self.path
        await super().handle(scope, receive, send)


class _Templates:
    """Paths already routed in this process and their templates: a response served from
    the cache is never routed, and is labelled with what its path was routed to before."""

    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._known: OrderedDict[str, str] = OrderedDict()

    def learn(self, path: str, template: str) -> None:
        self._known[path] = template
        self._known.move_to_end(path)
        if len(self._known) > self._size:
            self._known.popitem(last=False)

    def recall(self, path: str) -> str:
        return self._known.get(path, UNMATCHED)


def _incoming_id(scope: Scope) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == _HEADER_KEY:
            return value.decode("ascii") if _ID_PATTERN.fullmatch(value) else None
    return None


def _client(scope: Scope) -> str | None:
    client = scope.get("client")
    return str(client[0]) if client else None


class Observe:
    """Request id, access log and metrics around everything else."""

    def __init__(
        self, app: ASGIApp, *, metrics: Metrics, unlogged: frozenset[str] = frozenset()
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.unlogged = unlogged  # counted in the metrics, kept out of the access log
        self.templates = _Templates()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = _incoming_id(scope) or uuid.uuid4().hex
        # The state dict is shared by every copy of the scope made further in, so the
        # error handlers and the routes see the id.
        state: dict[str, Any] = scope.setdefault("state", {})
        state["request_id"] = request_id
        status = 500
        id_header = (_HEADER_KEY, request_id.encode("ascii"))

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(k, v) for k, v in message.get("headers", ()) if k != _HEADER_KEY]
                message = {**message, "headers": [*headers, id_header]}
            await send(message)

        self.metrics.in_flight.inc()
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            self.metrics.in_flight.dec()
            seconds = time.perf_counter() - started
            path = scope["path"]
            route = state.get(_ROUTE_KEY)
            if isinstance(route, str):
                self.templates.learn(path, route)
            else:
                route = self.templates.recall(path)
            method = scope["method"]
            self.metrics.observe(method, route, status, seconds)
            if path not in self.unlogged:
                snapshot = state.get("snapshot")
                access_log.info(
                    "%s %s %d %.1fms",
                    method,
                    path[:_MAX_PATH],
                    status,
                    seconds * 1000,
                    extra={
                        "fields": {
                            "method": method,
                            "path": path[:_MAX_PATH],
                            "route": route,
                            "status": status,
                            "duration_ms": round(seconds * 1000, 2),
                            "request_id": request_id,
                            "client": _client(scope),
                            "dataset_version": getattr(snapshot, "version", None),
                        }
                    },
                )
