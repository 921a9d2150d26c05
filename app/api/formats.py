"""Content negotiation and the list formats: JSON, CSV, NDJSON and JSON-LD.

`format=` wins over `Accept`. Without it, the Accept header is read as RFC 9110 says: the
most specific range that matches a type gives that type's quality, the highest quality
wins, and ties go to the more specific match, then to JSON. `*/*`, `application/*`, no
Accept at all and a browser's `text/html,...,*/*;q=0.8` all get JSON; an Accept that
matches nothing we serve gets 406.
"""

import csv
import functools
import io
import types
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, Union, get_args, get_origin

import orjson
from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import Response

from app.errors import NotAcceptable

Format = Literal["json", "csv", "ndjson", "jsonld"]
FORMATS: tuple[Format, ...] = ("json", "csv", "ndjson", "jsonld")
LIST_FORMATS: tuple[Format, ...] = FORMATS
ITEM_FORMATS: tuple[Format, ...] = ("json",)
# Records (not other single documents) are also served as JSON-LD (app/api/jsonld.py).
RECORD_FORMATS: tuple[Format, ...] = ("json", "jsonld")

MEDIA_TYPES: dict[Format, str] = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8; header=present",
    "ndjson": "application/x-ndjson",
    "jsonld": "application/ld+json",
}
# Media types (and wildcards) each format answers to.
_ACCEPTS: dict[Format, tuple[str, ...]] = {
    "json": ("application/json", "application/*", "*/*"),
    "csv": ("text/csv", "text/*", "*/*"),
    "ndjson": ("application/x-ndjson", "application/ndjson", "application/*", "*/*"),
    # Only when asked for by name: wildcards get plain JSON.
    "jsonld": ("application/ld+json",),
}
_MAX_ACCEPT_RANGES = 32


def _ranges(header: str) -> list[tuple[str, float]]:
    out = []
    for part in header.split(",")[:_MAX_ACCEPT_RANGES]:
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for p in params:
            name, _, value = p.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        out.append((media.lower(), q))
    return out


def _specificity(media: str) -> int:
    return 0 if media == "*/*" else 1 if media.endswith("/*") else 2


_HTML = ("text/html", "text/*", "*/*")


def prefers_json_to_html(request: Request) -> bool:
    """For a URL that is a page for browsers and a document for programs (`/`): whether
    Accept ranks JSON above HTML. A browser's Accept, `*/*` and none at all get HTML."""
    ranges = _ranges(request.headers.get("accept", ""))

    def score(accepts: tuple[str, ...]) -> tuple[float, int]:
        matching = [(m, q) for m, q in ranges if m in accepts]
        if not matching:
            return (0.0, -1)
        media, q = max(matching, key=lambda mq: _specificity(mq[0]))
        return (q, _specificity(media))

    json = score(_ACCEPTS["json"])
    return json[0] > 0 and json > score(_HTML)


def negotiate(request: Request, explicit: Format | None, available: Sequence[Format]) -> Format:
    """The format to answer in, or NotAcceptable."""
    if explicit is not None:
        return explicit
    header = request.headers.get("accept", "").strip()
    if not header:
        return available[0]
    ranges = _ranges(header)
    best: tuple[float, int, int] | None = None
    chosen: Format | None = None
    for rank, fmt in enumerate(available):
        matching = [(m, q) for m, q in ranges if m in _ACCEPTS[fmt]]
        if not matching:
            continue
        media, q = max(matching, key=lambda mq: _specificity(mq[0]))
        if q <= 0:
            continue
        score = (q, _specificity(media), -rank)
        if best is None or score > best:
            best, chosen = score, fmt
    if chosen is None:
        offered = ", ".join(MEDIA_TYPES[f].split(";")[0] for f in available)
        raise NotAcceptable(
            f"This resource is available as {offered}; use one in Accept, or format=.",
            # The answer depends on Accept: a cache must not give it to other requests.
            headers={"Vary": "Accept"},
        )
    return chosen


# --- rendering --------------------------------------------------------------------------


def json_response(payload: Any, headers: Mapping[str, str] | None = None) -> Response:
    return Response(orjson.dumps(payload), media_type=MEDIA_TYPES["json"], headers=headers)


def ndjson_response(items: Iterable[Any], headers: Mapping[str, str] | None = None) -> Response:
    return Response(ndjson_lines(items), media_type=MEDIA_TYPES["ndjson"], headers=headers)


Column = tuple[str, tuple[str, ...]]
# How `csv_columns` lays a record out, as the OpenAPI text tells it.
CSV_LAYOUT = (
    "CSV flattens nested objects, and maps with a fixed set of keys, to dotted columns "
    "(`nation.code`, `personnel.breakdown.women`) and keeps lists as JSON cells."
)


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The (first) model type in an annotation such as `Link | OfficialPublic | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (Union, types.UnionType):
        for arg in get_args(annotation):
            found = _model_of(arg)
            if found is not None:
                return found
    return None


def _map_keys(annotation: Any) -> tuple[str, ...] | None:
    """The declared keys of a map such as `dict[BreakdownKey, int] | None`, if closed."""
    if get_origin(annotation) in (Union, types.UnionType):
        for arg in get_args(annotation):
            if (keys := _map_keys(arg)) is not None:
                return keys
        return None
    if get_origin(annotation) is dict:
        key = get_args(annotation)[0]
        if get_origin(key) is Literal:
            return tuple(str(k) for k in get_args(key))
    return None


def _is_collection(annotation: Any) -> bool:
    origin = get_origin(annotation)
    if origin in (list, dict, tuple, set):
        return True
    if origin in (Union, types.UnionType):
        return any(_is_collection(a) for a in get_args(annotation) if a is not type(None))
    return annotation in (list, dict)


def csv_columns(
    model: type[BaseModel], selected: Sequence[str] | None = None
) -> tuple[Column, ...]:
    """CSV columns for a model: scalars as they are; nested objects, and maps with a
    closed set of keys, flattened with dotted names (`nation.code`,
    `personnel.breakdown.women`); lists as one JSON-encoded column. `object` (record or
    link) is left out: a CSV's header already says what its rows are. Worked out once
    per model and choice of fields, not per request."""
    return _columns(model, None if selected is None else tuple(selected))


@functools.lru_cache(maxsize=256)
def _columns(
    model: type[BaseModel], selected: tuple[str, ...] | None, prefix: tuple[str, ...] = ()
) -> tuple[Column, ...]:
    columns: list[Column] = []
    for name, info in model.model_fields.items():
        if name == "object" or (selected is not None and not prefix and name not in selected):
            continue
        path = (*prefix, name)
        annotation = info.annotation
        if (keys := _map_keys(annotation)) is not None:
            columns.extend((".".join((*path, key)), (*path, key)) for key in keys)
            continue
        nested = None if _is_collection(annotation) else _model_of(annotation)
        if nested is not None and len(prefix) < 2:
            columns.extend(_columns(nested, None, path))
        else:
            columns.append((".".join(path), path))
    return tuple(columns)


def _cell(record: Mapping[str, Any], path: tuple[str, ...]) -> str:
    value: Any = record
    for part in path:
        if not isinstance(value, Mapping):
            return ""
        value = value.get(part)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return orjson.dumps(value).decode()
    return str(value)


def csv_rows(
    records: Iterable[Mapping[str, Any]], columns: Sequence[Column], header: bool = False
) -> bytes:
    """CSV lines (CRLF) of `records` in `columns`, after the header row when asked."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if header:
        writer.writerow([name for name, _ in columns])
    for record in records:
        writer.writerow([_cell(record, path) for _, path in columns])
    return buffer.getvalue().encode("utf-8")


def ndjson_lines(items: Iterable[Any]) -> bytes:
    return b"".join(orjson.dumps(item) + b"\n" for item in items)


def csv_response(
    records: Sequence[Mapping[str, Any]],
    columns: Sequence[Column],
    filename: str,
    headers: Mapping[str, str] | None = None,
) -> Response:
    body = csv_rows(records, columns, header=True)
    all_headers = {"Content-Disposition": f'attachment; filename="{filename}"', **(headers or {})}
    return Response(body, media_type=MEDIA_TYPES["csv"], headers=all_headers)
