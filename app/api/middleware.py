"""ASGI middleware of the request path: HEAD as GET, bounds on the request line and
headers, and the client noise every endpoint ignores."""

from urllib.parse import unquote_plus

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.query import ignored
from app.errors import problem_response


class HeadAsGet:
    """Serve HEAD by running GET and dropping the body; headers (Content-Length included)
    are those GET would send."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


# Request line and header bounds. The server (uvicorn with httptools) accepts more, so
# these are the limits a client meets, as 414 and 431 problem+json.
MAX_TARGET_BYTES = 8 * 1024
MAX_HEADER_BYTES = 8 * 1024
MAX_HEADERS_TOTAL_BYTES = 32 * 1024
MAX_HEADER_COUNT = 100


class RequestLimits:
    """Refuse a request target over MAX_TARGET_BYTES (414) and headers past the bounds
    above (431) before any routing or parsing happens."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            problem = self._problem(scope)
            if problem is not None:
                name, detail = problem
                response = problem_response(Request(scope), name, detail)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)

    @staticmethod
    def _problem(scope: Scope) -> tuple[str, str] | None:
        if "\x00" in scope["path"]:
            # No URL of ours holds a NUL, and no database should ever see one.
            return "not-found", "No resource exists at this URL."
        target = len(scope.get("raw_path") or scope["path"].encode()) + len(
            scope.get("query_string", b"")
        )
        if target > MAX_TARGET_BYTES:
            return "uri-too-long", f"The request target must be at most {MAX_TARGET_BYTES} bytes."
        headers = scope.get("headers", [])
        if len(headers) > MAX_HEADER_COUNT:
            return "headers-too-large", f"At most {MAX_HEADER_COUNT} header fields are accepted."
        total = 0
        for name, value in headers:
            size = len(name) + len(value)
            if size > MAX_HEADER_BYTES:
                return "headers-too-large", f"Each header must be at most {MAX_HEADER_BYTES} bytes."
            total += size
        if total > MAX_HEADERS_TOTAL_BYTES:
            return (
                "headers-too-large",
                f"The headers together must be at most {MAX_HEADERS_TOTAL_BYTES} bytes.",
            )
        return None


class DropClientNoise:
    """Remove the query parameters every endpoint ignores (`app.api.query.ignored`: a
    `_` cache-buster, `utm_*` tags) before anything reads the query string, so that
    routes, links, cache keys and ETags never see them. The other parameters are kept
    byte for byte, in their order."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        query: bytes = scope.get("query_string", b"") if scope["type"] == "http" else b""
        if b"_" in query or b"%5" in query:  # `%5F` is an encoded underscore
            kept = [pair for pair in query.split(b"&") if not _noise(pair)]
            if len(kept) != query.count(b"&") + 1:
                scope = {**scope, "query_string": b"&".join(kept)}
        await self.app(scope, receive, send)


def _noise(pair: bytes) -> bool:
    name = unquote_plus(pair.partition(b"=")[0].decode("latin-1"))
    return ignored(name)


class ServiceDescriptionLink:
    """`Link: </openapi.json>; rel="service-desc"` (RFC 8631) on every response, so a
    client holding any URL of the API can find its description. A response that already
    has a Link (a page's `next`, say) gets it added to the same header."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, _with_service_link(scope, send))


def _with_service_link(scope: Scope, send: Send) -> Send:
    if scope["type"] != "http":
        return send
    root = str(scope.get("root_path", "")).rstrip("/")
    link = f'<{root}/openapi.json>; rel="service-desc"'.encode("latin-1")

    async def send_with_link(message: Message) -> None:
        if message["type"] == "http.response.start":
            raw = list(message.get("headers", ()))
            for i, (name, value) in enumerate(raw):
                if name.lower() == b"link":
                    raw[i] = (name, value + b", " + link)
                    break
            else:
                raw.append((b"link", link))
            message["headers"] = raw
        await send(message)

    return send_with_link
