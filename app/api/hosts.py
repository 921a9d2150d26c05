"""Refuse a request whose Host header names a host this deployment does not answer to.

Without `PUBLIC_BASE_URL`, links in bodies are built from the Host header, and the HTTP
cache keys on it; a Host nobody listed would put links to anywhere into responses that
a shared cache then hands to everyone. So only `ALLOWED_HOSTS` (plus the host of
`PUBLIC_BASE_URL`) get through; any other Host, a malformed one, a missing one or two of
them get a 400 problem+json. The operational paths (/healthz, /readyz, /metrics) are exempt
(`app.main` says so): a load balancer or scraper usually sends the node's address as
Host, and they build no links and are never cached.
"""

import re
from collections.abc import Iterable
from ipaddress import AddressValueError, IPv6Address
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from app.config import Settings
from app.errors import problem_response

# RFC 9110 `Host = uri-host [ ":" port ]`, with reg-name narrowed to what a DNS name or
# IPv4 address uses: nothing a link could carry further (no `@`, `/`, `%`).
_HOST = re.compile(r"(?:(?P<name>[a-z0-9._-]+)|\[(?P<ipv6>[0-9a-f:.]+)\])(?::[0-9]{0,5})?", re.I)


def host_name(value: str) -> str | None:
    """The host of a Host header value, lower-cased, without port or IPv6 brackets;
    None when the value is not a valid Host."""
    match = _HOST.fullmatch(value)
    if match is None:
        return None
    if match["ipv6"] is not None:
        try:
            return str(IPv6Address(match["ipv6"]))
        except AddressValueError:
            return None
    return match["name"].lower()


def _entry(pattern: str) -> str:
    """An ALLOWED_HOSTS entry in the form `host_name` gives: `[::1]` and `::1` alike."""
    pattern = pattern.strip().lower().removeprefix("[").removesuffix("]")
    try:
        return str(IPv6Address(pattern))
    except AddressValueError:
        return pattern


class AllowedHosts:
    """The host names a request may name: exact names, `*.domain` suffixes, or `*`."""

    def __init__(self, patterns: Iterable[str]) -> None:
        entries = {_entry(p) for p in patterns if p.strip()}
        self.any = "*" in entries
        self.names = frozenset(e for e in entries if not e.startswith("*."))
        self.suffixes = tuple(e[1:] for e in entries if e.startswith("*."))

    @classmethod
    def from_settings(cls, settings: Settings) -> "AllowedHosts":
        patterns = settings.allowed_hosts.split(",")
        public = urlsplit(settings.public_base_url).hostname
        return cls([*patterns, public] if public else patterns)

    def allows(self, host: str) -> bool:
        return host in self.names or host.endswith(self.suffixes)


class TrustedHosts:
    """Pure-ASGI middleware: pass a request on only when its one Host header names an
    allowed host. (Starlette's TrustedHostMiddleware answers in plain text.)"""

    def __init__(
        self, app: ASGIApp, *, allowed: AllowedHosts, exempt: frozenset[str] = frozenset()
    ) -> None:
        self.app = app
        self.allowed = allowed
        self.exempt = exempt

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.allowed.any or scope["type"] != "http" or scope["path"] in self.exempt:
            await self.app(scope, receive, send)
            return
        values = [value for name, value in scope["headers"] if name == b"host"]
        if len(values) != 1:
            detail = "A request must carry exactly one Host header."
        else:
            host = host_name(values[0].decode("latin-1"))
            if host is not None and self.allowed.allows(host):
                await self.app(scope, receive, send)
                return
            detail = "The Host header does not name a host this API answers to."
        # Explicitly never stored: a cache must not answer a good Host with this.
        response = problem_response(
            Request(scope), "invalid-host", detail, headers={"Cache-Control": "no-store"}
        )
        await response(scope, receive, send)
