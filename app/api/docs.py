"""OpenAPI text for the list and item routes: their parameters (each declared once, with
its reader, in `app.api.query`), the text on their other formats, the list headers, and
the problem+json error responses."""

from collections.abc import Sequence
from typing import Any

from app.api.formats import CSV_LAYOUT, ITEM_FORMATS, LIST_FORMATS, MEDIA_TYPES, Format
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


def formats_text(formats: Sequence[Format], page: bool = False, export: str | None = None) -> str:
    """The operation text on its other formats: JSON is the one body its schema shows, so
    that a generated client's response type is the JSON one."""
    others = [f for f in formats if f != "json"]
    if not others:
        return ""
    names = {"csv": "CSV", "ndjson": "NDJSON", "jsonld": "JSON-LD"}
    media = ", ".join(f"`{MEDIA_TYPES[f].split(';')[0]}`" for f in others)
    text = (
        f"\n\n**Formats.** JSON, as the schema shows. The same "
        f"{'page' if page else 'record'} as {_either([names[f] for f in others])} with "
        f"`format={'|'.join(others)}` or an `Accept` header ({media}). {CSV_LAYOUT}"
    )
    if export:
        text += (
            f" The whole list, not one page: `GET {export}.csv` and `GET {export}.ndjson` "
            "(their own operations)."
        )
    return text


def list_openapi(
    spec: ListSpec,
    extras: Sequence[Extra] = (),
    formats: Sequence[Format] = LIST_FORMATS,
    description: str = "",
    export: str | None = None,
) -> dict[str, Any]:
    """`openapi_extra` for a list route: every parameter, its text and its headers."""
    return {
        "description": description + formats_text(formats, page=True, export=export),
        "parameters": [
            d.openapi() for d in list_declarations(spec, extras, formats) if d.in_schema
        ],
        "responses": {"200": {"headers": _LIST_HEADERS}},
    }


def item_openapi(
    fields: Sequence[str] = (),
    includes: Sequence[str] = (),
    always: Sequence[str] = ("slug", "url"),
    extras: Sequence[Extra] = (),
    formats: Sequence[Format] = ITEM_FORMATS,
    description: str = "",
) -> dict[str, Any]:
    """`openapi_extra` for a single-document route that answers in `formats` (with its
    text, when `description` is given)."""
    own = item_params(tuple(fields), tuple(includes), tuple(always), tuple(formats))
    extra: dict[str, Any] = {
        "parameters": [e.openapi() for e in extras]
        + [p.openapi() for p in own.values() if p.in_schema]
    }
    if description:
        extra["description"] = description + formats_text(formats)
    return extra


def _either(names: Sequence[str]) -> str:
    """ "CSV, NDJSON or JSON-LD"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
