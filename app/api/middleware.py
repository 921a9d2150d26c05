"""ASGI middleware of the request path: HEAD as GET, and bounds on the request line and
headers."""

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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
