"""At most so many requests computed from the database at once; the rest wait their turn.

Without this gate, more concurrent requests than pooled connections deadlock: worker
threads block on the pool while the requests holding connections wait for a thread to
release them (from ~100 connections, throughput fell to a few requests per second).
Waiting here, on the event loop, costs no thread. It sits inside the HTTP cache, so a
cache hit never waits.
"""

import anyio
from starlette.types import ASGIApp, Receive, Scope, Send


class DatabaseGate:
    """Let at most `limit` requests (other than the `exempt` paths) in at once."""

    def __init__(self, app: ASGIApp, *, limit: int, exempt: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.exempt = exempt
        self.gate = anyio.Semaphore(limit)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.exempt:
            await self.app(scope, receive, send)
            return
        async with self.gate:
            await self.app(scope, receive, send)
