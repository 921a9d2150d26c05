"""Per-client rate limiting, announced with the IETF RateLimit headers.

Each client IP gets `RATE_LIMIT` requests per fixed window (the `limits` library counts
them): in this process by default, or in Redis when `REDIS_URL` is set, so that replicas
share one budget. Every counted response carries

    RateLimit-Policy: "default";q=600;w=60     (quota and window, in seconds)
    RateLimit: "default";r=599;t=42            (requests remaining, seconds to reset)

(draft-ietf-httpapi-ratelimit-headers), and a request past the quota gets 429
problem+json with `Retry-After`. Health and readiness probes and CORS preflights are not
counted. If the counter store fails (Redis down), requests are let through and the
failure is logged: the limit protects the API, it must not take it down.
"""

import logging
import math
import time

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import FixedWindowRateLimiter
from limits.storage import storage_from_string
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import problem_response

log = logging.getLogger("app.ratelimit")

POLICY = "default"
# Headers a browser script may read (CORS) to pace itself.
HEADERS = ("RateLimit", "RateLimit-Policy", "Retry-After")
_NAMESPACE = "mss-facts"
REDIS_TIMEOUT_SECONDS = 0.5


def make_storage(redis_url: str = "") -> Storage:
    """In-process counters, or Redis ones shared by every replica."""
    if not redis_url:
        return MemoryStorage()
    storage = storage_from_string(
        f"async+{redis_url}",
        implementation="redispy",
        # A Redis that hangs must not hold requests: give up quickly and let them through.
        socket_timeout=REDIS_TIMEOUT_SECONDS,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
    )
    assert isinstance(storage, Storage)
    return storage


class RateLimit:
    """ASGI middleware: count each request against its client's quota."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        limit: str,
        storage: Storage | None = None,
        exempt: frozenset[str] = frozenset(),
    ) -> None:
        self.app = app
        self.exempt = exempt
        self.item: RateLimitItem = parse(limit)
        self.limiter = FixedWindowRateLimiter(storage or MemoryStorage())
        self.window = self.item.get_expiry()
        self.policy = f'"{POLICY}";q={self.item.amount};w={self.window}'

    async def _count(self, client: str) -> tuple[bool, int, int] | None:
        """(allowed, remaining, seconds to reset), or None if the store failed."""
        try:
            allowed = await self.limiter.hit(self.item, _NAMESPACE, client)
            stats = await self.limiter.get_window_stats(self.item, _NAMESPACE, client)
        except Exception as exc:  # a counter store that is down must not fail requests
            log.warning("rate limit store failed, request not counted: %s", exc)
            return None
        reset = max(0, min(self.window, math.ceil(stats.reset_time - time.time())))
        return allowed, max(0, stats.remaining), reset

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.exempt or scope["method"] == "OPTIONS":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        counted = await self._count(client[0] if client else "unknown")
        if counted is None:
            await self.app(scope, receive, send)
            return
        allowed, remaining, reset = counted
        headers = {
            "RateLimit-Policy": self.policy,
            "RateLimit": f'"{POLICY}";r={remaining};t={reset}',
        }
        if not allowed:
            retry = max(1, reset)
            response = problem_response(
                Request(scope),
                "rate-limited",
                f"At most {self.item.amount} requests per {self.window} seconds per client; "
                f"retry in {retry} seconds.",
                headers={**headers, "Retry-After": str(retry)},
            )
            await response(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(headers)
            await send(message)

        await self.app(scope, receive, send_with_headers)
