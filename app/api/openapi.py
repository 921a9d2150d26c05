"""The OpenAPI document: summaries from docstrings, operation ids from handler names, and
every error response documented as application/problem+json."""

from typing import Any

import orjson
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from app.errors import PROBLEM_MEDIA_TYPE

DESCRIPTION = """\
Structured, citable facts about the Kenya-led Multinational Security Support (MSS) mission
in Haiti. Every record carries its **evidence**: the source, the exact excerpt and its
offsets in the stored text (`verified: true`), or, for a source whose text is not stored,
its claim (`verified: false`). Claims that disagree appear side by side under `conflicts`.

Lists share one grammar: filters (`nation=KE`, `personnel__gt=200`,
`date__overlaps=2025-01`), `sort=-arrived_on,slug`, `fields=`, `include=`, `facet=`,
`limit` (at most 500) with keyset cursors in `links.next`, and `format=csv|ndjson` (or
`Accept`). Errors are RFC 9457 `application/problem+json`: 400 for an unknown parameter,
404 for an unknown URL or key, 405 for a method other than GET or HEAD, 406 for an
`Accept` we cannot serve, 422 for a bad parameter value.
"""


def _problem_content() -> dict[str, Any]:
    return {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}


def install_openapi(app: FastAPI) -> None:
    def build() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title,
            version=app.version,
            summary=app.summary,
            description=DESCRIPTION,
            routes=app.routes,
        )
        for path_item in schema.get("paths", {}).values():
            for operation in path_item.values():
                for code, response in operation.get("responses", {}).items():
                    if code[:1] in ("4", "5"):
                        response["content"] = _problem_content()
        schemas = schema.get("components", {}).get("schemas", {})
        used = orjson.dumps(schema.get("paths", {})).decode()
        for name in ("HTTPValidationError", "ValidationError"):
            if f'/{name}"' not in used and name in schemas:
                del schemas[name]
        app.openapi_schema = schema
        return schema

    app.openapi = build  # type: ignore[method-assign]
