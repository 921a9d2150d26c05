"""OpenAPI text for the list and item routes: every parameter with its description, bound
and example (filters with their operators, under `x-filter`), the CSV and NDJSON bodies,
the list headers, and the problem+json error responses."""

import re
from collections.abc import Sequence
from typing import Any

from app.api.formats import ITEM_FORMATS, LIST_FORMATS, MEDIA_TYPES, Format
from app.api.pagination import MAX_CURSOR_LENGTH
from app.api.params import (
    MAX_LIST_VALUES,
    MAX_OFFSET,
    MAX_RAW_LENGTH,
    MAX_SORT_KEYS,
    MAX_VALUE_LENGTH,
    Extra,
    filter_params,
)
from app.errors import Problem
from app.queries.filters import Filter
from app.queries.listing import DEFAULT_LIMIT, MAX_LIMIT, ListSpec

_ERROR_TEXT = {
    400: "An unknown query parameter; `accepted` lists the parameters this endpoint takes.",
    404: "No record with this key.",
    406: "The Accept header names no format this endpoint serves.",
    422: "A parameter value is out of range or malformed; `errors` names each one.",
    500: "The server failed; the body carries a request id.",
    503: "The database is unreachable or holds no dataset.",
}


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """Documented problem+json responses (moved from application/json by `app.api.openapi`)."""
    return {code: {"model": Problem, "description": _ERROR_TEXT[code]} for code in codes}


LIST_ERRORS = error_responses(400, 406, 422, 500)
ITEM_ERRORS = error_responses(400, 404, 406, 422, 500)

_OPS_TEXT = {
    "eq": "equals (comma-separated values match any of them)",
    "gt": "greater than",
    "gte": "greater than or equal to",
    "lt": "less than",
    "lte": "less than or equal to",
}
_DATE_OPS_TEXT = {
    "overlaps": "the date's interval of possible days intersects the period",
    "gt": "certainly after the period (earliest possible day after its last day)",
    "gte": "certainly on or after the period's first day",
    "lt": "certainly before the period (latest possible day before its first day)",
    "lte": "certainly on or before the period's last day",
}
# A day (any real date) or a month or year; written so that every string the schema
# allows is one the API accepts, and the reverse.
_DATE_SCHEMA: dict[str, Any] = {
    "type": "string",
    "maxLength": 10,
    "pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
    "anyOf": [
        {"format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        {"pattern": r"^(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})(-(0[1-9]|1[0-2]))?$"},
    ],
}
# One item of a comma-separated list: not empty, no comma, no NUL, not only blanks.
_FREE_ITEM = r"[^,\x00]*[^,\x00\t\n\v\f\r ][^,\x00]*"


def list_pattern(item: str, most: int = MAX_LIST_VALUES) -> str:
    """A pattern for 1 to `most` comma-separated values, each matching `item`."""
    return f"^(?:{item})(?:,(?:{item})){{0,{most - 1}}}$"


def names_pattern(
    names: Sequence[str], *, descending: bool = False, most: int = MAX_LIST_VALUES
) -> str:
    """A pattern for a comma-separated list of these names (`-` allowed before each when
    `descending`)."""
    alternatives = "|".join(re.escape(n) for n in names)
    return list_pattern(("-?" if descending else "") + f"(?:{alternatives})", most)


def _query_param(
    name: str, description: str, schema: dict[str, Any], example: Any, **extra: Any
) -> dict[str, Any]:
    param = {"name": name, "in": "query", "required": False, "description": description}
    param["schema"] = schema
    if example is not None:
        param["example"] = example
    return {**param, **extra}


def _filter_docs(f: Filter) -> list[dict[str, Any]]:
    names = [name for name, _ in filter_params(f)]
    out = []
    for name, op in filter_params(f):
        if f.value_type == "date":
            schema: dict[str, Any] = dict(_DATE_SCHEMA)
            meaning = _DATE_OPS_TEXT[op]
            example: Any = f.example
        elif f.value_type == "int" and op != "eq":
            schema = {"type": "integer", "minimum": -(2**31 - 1), "maximum": 2**31 - 1}
            meaning = _OPS_TEXT[op]
            example = int(f.example)
        elif f.value_type == "int":
            # Nine digits keep every value the schema allows inside 32 bits.
            schema = {"type": "string", "pattern": list_pattern(r"-?[0-9]{1,9}")}
            meaning = _OPS_TEXT[op]
            example = f.example
        elif f.value_type == "bool":
            schema = {"type": "boolean"}
            meaning = "equals"
            example = f.example == "true"
        else:
            schema = {"type": "string", "minLength": 1, "maxLength": MAX_RAW_LENGTH}
            if not f.several:
                schema["maxLength"] = MAX_VALUE_LENGTH
                schema["pattern"] = r"^[^\x00]+$"
            elif f.choices:
                schema["pattern"] = names_pattern(f.choices)
            elif f.pattern:
                schema["pattern"] = list_pattern(f.pattern)
            else:
                schema["pattern"] = list_pattern(_FREE_ITEM)
            meaning = _OPS_TEXT["eq"] if f.several else "equals, exactly (the whole value)"
            example = f.example
        text = f"{f.description} `{name}`: {meaning}."
        if f.value_type == "date":
            text += " The value is a day, month or year: YYYY-MM-DD, YYYY-MM or YYYY."
        if f.choices:
            text += f" Values: {', '.join(f.choices)}."
        if len(names) > 1:
            text += f" Operators of `{f.name}`: {', '.join(names)}."
        out.append(
            _query_param(name, text, schema, example, **{"x-filter": {"field": f.name, "op": op}})
        )
    return out


def _list_common_docs(spec: ListSpec) -> list[dict[str, Any]]:
    sort_keys = ", ".join(s.name for s in spec.sorts)
    default_sort = ",".join(spec.default_sort)
    docs = [
        _query_param(
            "sort",
            f"Comma-separated sort keys, `-` for descending, at most {MAX_SORT_KEYS}: "
            f"{sort_keys}. Default: {default_sort}. The primary key always breaks ties, and "
            "nulls sort last in both directions.",
            {
                "type": "string",
                "maxLength": MAX_RAW_LENGTH,
                "pattern": names_pattern(
                    [s.name for s in spec.sorts], descending=True, most=MAX_SORT_KEYS
                ),
            },
            f"-{spec.sorts[-1].name}",
        ),
        _query_param(
            "fields",
            "Comma-separated fields to return (the key and url always come): "
            + ", ".join(spec.fields)
            + ".",
            {"type": "string", "maxLength": MAX_RAW_LENGTH, "pattern": names_pattern(spec.fields)},
            ",".join(spec.always_fields),
            **{"x-always-fields": list(spec.always_fields)},
        ),
    ]
    if spec.includes:
        docs.append(
            _query_param(
                "include",
                "Inline the full related records instead of links: "
                + ", ".join(spec.includes)
                + ". One level deep.",
                {
                    "type": "string",
                    "maxLength": MAX_RAW_LENGTH,
                    "pattern": names_pattern(spec.includes),
                },
                spec.includes[0],
            )
        )
    if spec.facets:
        docs.append(
            _query_param(
                "facet",
                "Count the filtered records per value of these fields (in `meta.facets`, "
                "most first, at most 100 values each): "
                + "; ".join(f"{f.name} ({f.description.rstrip('.')})" for f in spec.facets)
                + ".",
                {
                    "type": "string",
                    "maxLength": MAX_RAW_LENGTH,
                    "pattern": names_pattern([f.name for f in spec.facets]),
                },
                spec.facets[0].name,
            )
        )
    docs += [
        _format_doc(LIST_FORMATS),
        _query_param(
            "limit",
            f"Records per page, 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT}).",
            {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
            10,
        ),
        _query_param(
            "offset",
            f"Skip this many records (0 to {MAX_OFFSET}); for page numbers. Prefer the "
            "cursor in `links.next` for deep pages. Not with `cursor`.",
            {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET},
            0,
        ),
        _query_param(
            "cursor",
            "Opaque keyset cursor from `links.next`/`links.prev` (or `meta.next_cursor`); "
            "valid only with the sort it came from. Not with `offset`.",
            {"type": "string", "maxLength": MAX_CURSOR_LENGTH, "pattern": r"^[A-Za-z0-9_-]+$"},
            None,
        ),
    ]
    return docs


def _format_doc(formats: Sequence[Format]) -> dict[str, Any]:
    return _query_param(
        "format",
        "Response format; overrides the Accept header. "
        + ", ".join(f"{f} ({MEDIA_TYPES[f].split(';')[0]})" for f in formats)
        + ".",
        {"type": "string", "enum": list(formats)},
        formats[0],
    )


def _extra_docs(extras: Sequence[Extra]) -> list[dict[str, Any]]:
    return [
        {
            **_query_param(
                e.name,
                e.description,
                {
                    "type": "string",
                    "maxLength": e.max_length,
                    **({"minLength": e.min_length} if e.min_length else {}),
                    **({"pattern": e.pattern} if e.pattern else {}),
                },
                e.example,
            ),
            "required": e.required,
        }
        for e in extras
    ]


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


def list_openapi(spec: ListSpec, extras: Sequence[Extra] = ()) -> dict[str, Any]:
    """`openapi_extra` for a list route: every parameter, the CSV and NDJSON bodies."""
    parameters = _extra_docs(extras)
    for f in spec.filters:
        parameters += _filter_docs(f)
    parameters += _list_common_docs(spec)
    return {
        "parameters": parameters,
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
    parameters = _extra_docs(extras)
    if fields:
        parameters.append(
            _query_param(
                "fields",
                f"Comma-separated fields to return (at most {MAX_LIST_VALUES}; "
                f"{', '.join(always)} always come): " + ", ".join(fields) + ".",
                {"type": "string", "maxLength": MAX_RAW_LENGTH, "pattern": names_pattern(fields)},
                ",".join(always),
                **{"x-always-fields": list(always)},
            )
        )
    if includes:
        parameters.append(
            _query_param(
                "include",
                "Inline the full related records instead of links: " + ", ".join(includes) + ".",
                {"type": "string", "maxLength": MAX_RAW_LENGTH, "pattern": names_pattern(includes)},
                includes[0],
            )
        )
    parameters.append(_format_doc(formats))
    return {"parameters": parameters}
