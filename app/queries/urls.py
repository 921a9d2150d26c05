"""How the API's URLs are built: one base (PUBLIC_BASE_URL or the request's) and paths."""

from dataclasses import dataclass
from urllib.parse import quote, urlencode


@dataclass(frozen=True)
class Urls:
    """Absolute URLs of records, from the public base URL (no trailing slash)."""

    base: str

    def record(self, kind: str, key: str) -> str:
        return f"{self.base}/v1/{kind}/{quote(key, safe='')}"

    def path(self, path: str) -> str:
        return f"{self.base}{path}"

    def filtered(self, kind: str, **params: str) -> str:
        """The URL of a list of `kind` filtered by `params`."""
        return f"{self.base}/v1/{kind}?{urlencode(params)}"
