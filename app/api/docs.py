"""OpenAPI text for the list and item routes: their parameters (each declared once, with
its reader, in `app.api.query`), the CSV and NDJSON bodies, the list headers, and the
problem+json error responses."""

from collections.abc import Sequence
from typing import Any

from app.api.formats import ITEM_FORMATS, LIST_FORMATS, Format
from app.api.query import Extra, item_params, list_declarations
from app.errors import Problem
from app.queries.listing import ListSpec

_ERROR_TEXT = {
    400: "An unknown query parameter; `accepted` lists the parameters this endpoint takes.",
    404: "No record with this key.",
    406: "The Accept header names no format this endpoint serves.",
    412: "An If-Match or If-Unmodified-Since condition is false.",
    422: "A parameter value is out of range or malformed; `errors` names each one.",
    500: "The server failed; the body carries a request id.",
    503: "The database is unreachable or holds no dataset.",
}


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """Documented problem+json responses (moved from application/json by `app.api.openapi`)."""
    return {code: {"model": Problem, "description": _ERROR_TEXT[code]} for code in codes}


LIST_ERRORS = error_responses(400, 406, 422, 500)
ITEM_ERRORS = error_responses(400, 404, 406, 422, 500)

_LIST_HEADERS = {
    "Link": {
        "description": 'RFC 8288 links to the next and previous pages (rel="next", rel="prev").',
        "schema": {"type": "string"},
    },
    "X-Total-Count": {
        "description": "Records matching the filters, across all pages.",
        "schema": {"type": "integer"},
    },
}


def list_openapi(
    spec: ListSpec, extras: Sequence[Extra] = (), formats: Sequence[Format] = LIST_FORMATS
) -> dict[str, Any]:
    """`openapi_extra` for a list route: every parameter, the CSV and NDJSON bodies."""
    return {
        "parameters": [d.openapi() for d in list_declarations(spec, extras, formats)],
        "responses": {
            "200": {
                "headers": _LIST_HEADERS,
                "content": {
                    "text/csv": {
                        "schema": {
                            "type": "string",
                            "description": "One header row, then one row per record; nested "
                            "objects flattened as a.b, lists as JSON.",
                        }
                    },
                    "application/x-ndjson": {
                        "schema": {
                            "type": "string",
                            "description": "One JSON record per line, as in `data`.",
                        }
                    },
                },
            }
        },
    }


def item_openapi(
    fields: Sequence[str] = (),
    includes: Sequence[str] = (),
    always: Sequence[str] = ("slug", "url"),
    extras: Sequence[Extra] = (),
    formats: Sequence[Format] = ITEM_FORMATS,
) -> dict[str, Any]:
    """`openapi_extra` for a single-document route that answers in `formats`."""
    own = item_params(tuple(fields), tuple(includes), tuple(always), tuple(formats))
    return {"parameters": [e.openapi() for e in extras] + [p.openapi() for p in own.values()]}
