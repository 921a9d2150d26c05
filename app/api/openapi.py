"""The OpenAPI document: summaries from docstrings, operation ids from handler names, and
every error response documented as application/problem+json."""

from typing import Any

import orjson
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from app.errors import PROBLEM_MEDIA_TYPE
from app.queries.dataset import LICENCE_URL
from app.resources import BY_NAME

DESCRIPTION = """\
Structured, citable facts about the Kenya-led Multinational Security Support (MSS) mission
in Haiti. Every record carries its **evidence**: the source, the exact excerpt and its
offsets in the stored text (`verified: true`), or, for a source whose text is not stored,
its claim (`verified: false`). Claims that disagree appear side by side under `conflicts`.

Lists share one grammar: filters (`nation=KE`, `personnel__gt=200`,
`date__overlaps=2025-01`), `sort=-arrived_on,slug`, `fields=`, `include=`, `facet=`,
`limit` (at most 500) with keyset cursors in `links.next`, and `format=csv|ndjson|jsonld` (or
`Accept`). Errors are RFC 9457 `application/problem+json`: 400 for an unknown parameter,
404 for an unknown URL or key, 405 for a method other than GET or HEAD, 406 for an
`Accept` we cannot serve, 422 for a bad parameter value, 414 and 431 for an overlong
request line or headers, 429 past the rate limit, 503 when the database is away or a
query runs past its time limit (both with `Retry-After`).
"""

# The data is CC BY 4.0 (what a client downloads); the code is MIT (pyproject.toml).
LICENSE = {"name": "CC BY 4.0 (the data); the code is MIT", "url": LICENCE_URL}
# Who answers for the API: its maintainers, reached through the deployment's operators.
CONTACT = {"name": "MSS Facts API maintainers"}
# Tags that are not a kind of record (those take the registry's summary).
_TAGS = {
    "search": "Full-text search across every kind of record.",
    "citations": "How to cite a record: permalinks, APA, BibTeX, and source excerpts.",
    "dataset": "The dataset as a whole: version, counts, licence and attribution; statistics.",
    "releases": "Every loaded release, and what changed between them.",
    "dumps": "The whole dataset as downloadable files, with their metadata.",
    "meta": "The API's own documents: the index, problem types, health and readiness.",
}
# Headers every response carries (CORS, the service description, and the rate limit
# when it is enabled).
_EVERY_RESPONSE = {
    "Access-Control-Allow-Origin": {
        "description": "Always `*`, so every origin may read (without credentials).",
        "schema": {"type": "string", "enum": ["*"]},
    },
    "Link": {
        "description": 'Includes `</openapi.json>; rel="service-desc"` (RFC 8631); on a list '
        'page, also its `rel="next"` and `rel="prev"` pages (RFC 8288).',
        "schema": {"type": "string"},
    },
}
_MAX_INT32 = 2**31 - 1

_RETRY_AFTER = {
    "description": "Seconds to wait before retrying.",
    "schema": {"type": "integer", "format": "int32", "minimum": 0, "maximum": 86400},
}
_RATE_LIMIT_HEADERS = {
    "RateLimit": {
        "description": "Requests left in this window and seconds until it resets, e.g. "
        '`"default";r=599;t=42` (draft-ietf-httpapi-ratelimit-headers); sent while the '
        "rate limit is enabled (RATE_LIMIT_ENABLED).",
        "schema": {"type": "string", "maxLength": 64},
    },
    "RateLimit-Policy": {
        "description": 'The quota and window in seconds, e.g. `"default";q=600;w=60`.',
        "schema": {"type": "string", "maxLength": 64},
    },
}
# Responses any operation can give, besides its own.
_COMMON_ERRORS: dict[str, tuple[str, dict[str, Any]]] = {
    "405": (
        "Any method but GET and HEAD on this path (a CORS preflight is answered).",
        {"Allow": {"description": "The methods served: GET, HEAD.", "schema": {"type": "string"}}},
    ),
    "414": ("The request target is longer than the server accepts.", {}),
    "429": (
        "Too many requests from this client in the current window.",
        {"Retry-After": _RETRY_AFTER, **_RATE_LIMIT_HEADERS},
    ),
    "431": ("The request's headers are larger than the server accepts.", {}),
    "500": ("The server failed; the body carries a request id.", {}),
    "503": (
        "The database is unreachable, holds no dataset, or the query ran past its time limit.",
        {"Retry-After": _RETRY_AFTER},
    ),
}


# Responses of every GET that the HTTP cache answers (all but the probes).
_CONDITIONAL: dict[str, dict[str, Any]] = {
    "304": {
        "description": "Not Modified: `If-None-Match` holds the response's ETag (or `*`), or, "
        "without it, `If-Modified-Since` is at or after its Last-Modified. No body."
    },
    "412": {
        "description": "Precondition Failed: `If-Match` does not hold the current ETag, or, "
        "without it, `If-Unmodified-Since` is before Last-Modified."
    },
}
_UNCACHED = ("/healthz", "/readyz", "/metrics")


def _problem_content() -> dict[str, Any]:
    return {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}


def _tags(schema: dict[str, Any]) -> list[dict[str, str]]:
    """Every tag an operation uses, declared with its description, in first-use order."""
    used: dict[str, None] = {}
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            used.update(dict.fromkeys(operation.get("tags", [])))
    return [
        {
            "name": tag,
            "description": BY_NAME[tag].list_description if tag in BY_NAME else _TAGS[tag],
        }
        for tag in used
    ]


def _integer_formats(node: Any) -> None:
    """Give every integer schema a format: int32 when its bounds fit, else int64."""
    if isinstance(node, dict):
        if node.get("type") == "integer" and "format" not in node:
            bounded = abs(node.get("maximum", _MAX_INT32 + 1)) <= _MAX_INT32
            node["format"] = "int32" if bounded else "int64"
        for value in node.values():
            _integer_formats(value)
    elif isinstance(node, list):
        for value in node:
            _integer_formats(value)


def _every_response_headers(responses: dict[str, Any]) -> None:
    for code, response in responses.items():
        extra = dict(_EVERY_RESPONSE)
        if code[:1] in ("2", "3", "4"):
            extra.update(_RATE_LIMIT_HEADERS)
        response["headers"] = {**extra, **response.get("headers", {})}


def install_openapi(app: FastAPI) -> None:
    def build() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        base = app.state.settings.public_base_url.rstrip("/")
        schema = get_openapi(
            title=app.title,
            version=app.version,
            summary=app.summary,
            description=DESCRIPTION,
            routes=app.routes,
            license_info=LICENSE,
            contact=CONTACT,
            servers=[
                {
                    "url": base or "/",
                    "description": "This deployment (production when PUBLIC_BASE_URL is set).",
                    # Public: anyone may call it (OWASP API9, inventory).
                    "x-internal": False,
                }
            ],
        )
        # A public, read-only API: no operation asks for credentials.
        schema["security"] = []
        for path, path_item in schema.get("paths", {}).items():
            for operation in path_item.values():
                responses = operation.setdefault("responses", {})
                if path not in _UNCACHED and "200" in responses:
                    for code, response in _CONDITIONAL.items():
                        responses.setdefault(code, dict(response))
                for code, (description, headers) in _COMMON_ERRORS.items():
                    response = responses.setdefault(code, {"description": description})
                    if headers:
                        response["headers"] = {**headers, **response.get("headers", {})}
                for code, response in responses.items():
                    if code[:1] in ("4", "5"):
                        response["content"] = _problem_content()
                _every_response_headers(responses)
        schemas = schema.get("components", {}).get("schemas", {})
        used = orjson.dumps(schema.get("paths", {})).decode()
        for name in ("HTTPValidationError", "ValidationError"):
            if f'/{name}"' not in used and name in schemas:
                del schemas[name]
        schema["tags"] = _tags(schema)
        _integer_formats(schema)
        app.openapi_schema = schema
        return schema

    app.openapi = build  # type: ignore[method-assign]
