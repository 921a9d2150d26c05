"""Serving lists and items the same way everywhere: parameters as dependencies, and
bodies encoded once into the negotiated format (their OpenAPI text is in `docs`).

A page's records arrive as `Items`: the stored documents of records (JSON bytes with
links relative to the API root, as the loader compiled them) or, for search, hits built
for the query. With neither `fields=`, `include=` nor another format, a JSON body is the
documents spliced into the envelope with their links made absolute in one replacement;
anything else parses them first. The route's `response_model` still names the schema a
default JSON body follows.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from app.api.formats import (
    ITEM_FORMATS,
    LIST_FORMATS,
    MEDIA_TYPES,
    Format,
    csv_columns,
    csv_response,
    ndjson_response,
)
from app.api.jsonld import jsonld_response
from app.api.pagination import link_header, page_links
from app.api.params import Extra, ItemParams, ListParams, parse_item, parse_list
from app.queries.documents import absolute
from app.queries.listing import ListSpec, PageResult

Record = dict[str, Any]


class ListParamsDep:
    """Dependency: a list request's parameters, read and checked against `spec`."""

    def __init__(
        self, spec: ListSpec, extras: Sequence[Extra] = (), formats: Sequence[Format] = LIST_FORMATS
    ) -> None:
        self.spec, self.extras, self.formats = spec, extras, formats

    async def __call__(self, request: Request) -> ListParams:
        # Parsing only reads the query string: no thread is needed.
        return parse_list(request, self.spec, self.formats, self.extras)


class ItemParamsDep:
    """Dependency: a single-record request's parameters (fields, include, format)."""

    def __init__(
        self,
        fields: Sequence[str] = (),
        includes: Sequence[str] = (),
        extras: Sequence[Extra] = (),
        formats: Sequence[Format] = ITEM_FORMATS,
        always: Sequence[str] = ("slug", "url"),
    ) -> None:
        self.fields, self.includes, self.extras, self.formats = fields, includes, extras, formats
        self.always = always

    async def __call__(self, request: Request) -> ItemParams:
        return parse_item(
            request, self.fields, self.includes, self.extras, self.formats, self.always
        )


def _route_path(request: Request) -> str:
    path = request.url.path
    root = str(request.scope.get("root_path", ""))
    return path[len(root) :] if root and path.startswith(root) else path


@dataclass(frozen=True)
class Items:
    """A page's records, in order: stored documents (`docs`, relative links) or records
    already built with absolute links (`records`). `shape` turns parsed documents into
    what is served (leaving fields out, inlining included records); None when the
    documents are served as they are."""

    docs: Sequence[bytes] = ()
    records: Sequence[Record] | None = None
    shape: Callable[[list[Record]], list[Record]] | None = None

    def json_array(self, base: str) -> bytes:
        if self.records is not None:
            return orjson.dumps(list(self.records))
        if self.shape is None:
            return absolute(b"[" + b",".join(self.docs) + b"]", base)
        return absolute(orjson.dumps(self.shape([orjson.loads(d) for d in self.docs])), base)

    def dicts(self, base: str) -> list[Record]:
        if self.records is not None:
            return list(self.records)
        parsed: list[Record] = orjson.loads(self.json_array(base))
        return parsed


def project(record: Record, fields: set[str] | None, omit: frozenset[str] = frozenset()) -> Record:
    """The record with only `fields` (None: all) and without `omit`, in its own order."""
    if fields is None and not omit:
        return record
    return {k: v for k, v in record.items() if (fields is None or k in fields) and k not in omit}


def _raw(body: bytes, media_type: str, headers: dict[str, str] | None = None) -> Response:
    return Response(body, media_type=media_type, headers=headers)


def redirect_keeping_query(request: Request, path: str) -> RedirectResponse:
    """308 to `path` with the request's query string, as it came."""
    query = request.url.query
    return RedirectResponse(f"{path}?{query}" if query else path, 308)


def document_response(doc: bytes, base: str, headers: dict[str, str] | None = None) -> Response:
    """A stored document (relative links) served as `{"data": ...}` with absolute links."""
    return _raw(absolute(b'{"data":' + doc + b"}", base), MEDIA_TYPES["json"], headers)


def list_response(
    request: Request,
    params: ListParams,
    spec: ListSpec,
    model: type[BaseModel],
    page: PageResult,
    items: Items,
    base: str,
) -> Response:
    """The page in the negotiated format, with `Link` and `X-Total-Count` headers."""
    links, next_cursor, prev_cursor = page_links(
        base,
        _route_path(request),
        params.canonical,
        params.position,
        page,
        params.sort_tokens,
        params.query.limit,
        params.query.offset,
    )
    headers = {"X-Total-Count": str(page.total)}
    if link := link_header(links):
        headers["Link"] = link
    fields = None if params.fields is None else {*spec.always_fields, *params.fields}
    if params.format == "csv":
        columns = csv_columns(model, None if fields is None else sorted(fields))
        return csv_response(items.dicts(base), columns, f"{spec.resource}.csv", headers)
    if params.format == "ndjson":
        return ndjson_response(items.dicts(base), headers)
    if params.format == "jsonld":
        return jsonld_response(items.dicts(base), many=True, headers=headers)
    meta = {
        "total": page.total,
        "limit": params.query.limit,
        "offset": params.query.offset,
        "cursor": params.position[0][1] if params.query.cursor is not None else None,
        "next_cursor": next_cursor,
        "prev_cursor": prev_cursor,
        "sort": params.sort_tokens,
        "facets": (
            {
                name: [{"value": v, "count": n} for v, n in counts]
                for name, counts in page.facets.items()
            }
            if params.query.facets
            else None
        ),
    }
    body = b"".join(
        (
            b'{"data":',
            items.json_array(base),
            b',"meta":',
            orjson.dumps(meta),
            b',"links":',
            orjson.dumps(links.model_dump()),
            b"}",
        )
    )
    return _raw(body, MEDIA_TYPES["json"], headers)


def item_response(doc: bytes, params: ItemParams, base: str, shaped: Record | None) -> Response:
    """One stored document (`shaped`: already parsed and shaped, when it had to be)."""
    if params.format == "jsonld":
        record = shaped if shaped is not None else orjson.loads(doc)
        return jsonld_response([record], many=False, base=base)
    return document_response(doc if shaped is None else orjson.dumps(shaped), base)
