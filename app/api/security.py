"""Security headers and CORS on every response, errors included.

The Content-Security-Policy is written here and nowhere else. Everything, /docs and
/redoc included, comes from the API's own origin (their assets are served under
/static); Swagger UI and ReDoc set inline styles, ReDoc starts a worker from a blob: URL,
and both show data: images, hence those allowances.

CORS: any origin may read (GET, HEAD), never with credentials; the headers a client
needs for paging, caching and pacing itself are exposed. Every response carries
`Access-Control-Allow-Origin: *` whether or not the request had an `Origin`, so the
response never varies with it and carries no `Vary: Origin` (a shared cache keeps one
copy for every site).
"""

from typing import Any

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import ratelimit
from app.errors import problem_response, unhandled_response

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "worker-src 'self' blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    # Public data: other sites may embed and fetch it (CORS governs scripts).
    "Cross-Origin-Resource-Policy": "cross-origin",
}

# The same headers as raw ASGI pairs, encoded once: this runs on every response.
_RAW_SECURITY_HEADERS = [
    (name.lower().encode("latin-1"), value.encode("latin-1"))
    for name, value in SECURITY_HEADERS.items()
]

CORS_METHODS = ("GET", "HEAD")
CORS_EXPOSED_HEADERS = ("ETag", "Link", "X-Total-Count", *ratelimit.HEADERS)
CORS_MAX_AGE = 3600


class SecurityHeaders:
    """ASGI middleware: add `SECURITY_HEADERS` to every response.

    It also answers an exception that escaped the app with the generic problem+json
    (logged with its request id), so that even a 500 leaves through here, with these
    headers and through every middleware outside this one."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                raw = list(message.get("headers", ()))
                present = {name.lower() for name, _ in raw}
                raw.extend(h for h in _RAW_SECURITY_HEADERS if h[0] not in present)
                message["headers"] = raw
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            if started:
                raise
            response = unhandled_response(Request(scope), exc)
            await response(scope, receive, send_with_headers)


# Request headers a preflight may ask for: those of content negotiation and conditional
# requests, and those browsers' fetch code and common HTTP clients add on their own.
CORS_ALLOWED_HEADERS = (
    "Accept",
    "Accept-Encoding",
    "Cache-Control",
    "If-Match",
    "If-Modified-Since",
    "If-None-Match",
    "If-Unmodified-Since",
    "Pragma",
    "Range",
    "X-Requested-With",
)
# What a preflight's answer depends on (never the origin: every origin is allowed).
_PREFLIGHT_VARY = "Access-Control-Request-Method, Access-Control-Request-Headers"
CORS_OPTIONS = {
    "allow_origins": ["*"],
    "allow_methods": list(CORS_METHODS),
    "allow_headers": list(CORS_ALLOWED_HEADERS),
    "allow_credentials": False,
    "expose_headers": list(CORS_EXPOSED_HEADERS),
    "max_age": CORS_MAX_AGE,
}


class Cors(CORSMiddleware):
    """Starlette's CORS, with a refused preflight answered as problem+json like every
    other 4xx (Starlette's own is plain text), and the same CORS headers on every
    response (Starlette's vary with `Origin`)."""

    def __init__(self, app: ASGIApp, **options: Any) -> None:
        super().__init__(app, **options)
        self.preflight_headers["Vary"] = _PREFLIGHT_VARY
        self._raw_simple = [
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in self.simple_headers.items()
        ]

    async def send(self, message: Message, send: Send, request_headers: Headers) -> None:
        if message["type"] == "http.response.start":
            raw = list(message.get("headers", ()))
            present = {name.lower() for name, _ in raw}
            raw.extend(h for h in self._raw_simple if h[0] not in present)
            message["headers"] = raw
        await send(message)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "OPTIONS":
            headers = Headers(scope=scope)
            if "origin" in headers and "access-control-request-method" in headers:
                response = self.preflight_response(request_headers=headers)
                if response.status_code == 400:
                    refused = bytes(response.body).decode("utf-8", "replace")
                    response = problem_response(
                        Request(scope),
                        "preflight-refused",
                        f"{refused}; allowed: methods {', '.join(CORS_METHODS)}, headers "
                        f"{', '.join(CORS_ALLOWED_HEADERS)}.",
                        headers={
                            k: v
                            for k, v in response.headers.items()
                            if k.lower().startswith("access-control-")
                        },
                    )
                await response(scope, receive, send)
                return
        await super().__call__(scope, receive, send)
