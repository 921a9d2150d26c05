"""Serving lists and items the same way everywhere: parameters as dependencies, and
bodies encoded once into the negotiated format (their OpenAPI text is in `docs`).

Handlers return a `Response` built here rather than a model, because `fields=` and
`include=` change the shape and CSV/NDJSON are not JSON; the route's `response_model`
still names the schema a default JSON body follows.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import Response

from app.api.formats import (
    ITEM_FORMATS,
    LIST_FORMATS,
    Format,
    csv_columns,
    csv_response,
    json_response,
    ndjson_response,
)
from app.api.jsonld import jsonld_response
from app.api.pagination import FacetCount, ListMeta, link_header, page_links
from app.api.params import Extra, ItemParams, ListParams, parse_item, parse_list
from app.queries.listing import ListSpec, PageResult
from app.queries.related import Urls

M = TypeVar("M", bound=BaseModel)


class ListParamsDep:
    """Dependency: a list request's parameters, read and checked against `spec`."""

    def __init__(
        self, spec: ListSpec, extras: Sequence[Extra] = (), formats: Sequence[Format] = LIST_FORMATS
    ) -> None:
        self.spec, self.extras, self.formats = spec, extras, formats

    def __call__(self, request: Request) -> ListParams:
        return parse_list(request, self.spec, self.formats, self.extras)


class ItemParamsDep:
    """Dependency: a single-record request's parameters (fields, include, format)."""

    def __init__(
        self,
        fields: Sequence[str] = (),
        includes: Sequence[str] = (),
        extras: Sequence[Extra] = (),
        formats: Sequence[Format] = ITEM_FORMATS,
    ) -> None:
        self.fields, self.includes, self.extras, self.formats = fields, includes, extras, formats

    def __call__(self, request: Request) -> ItemParams:
        return parse_item(request, self.fields, self.includes, self.extras, self.formats)


def _route_path(request: Request) -> str:
    path = request.url.path
    root = str(request.scope.get("root_path", ""))
    return path[len(root) :] if root and path.startswith(root) else path


@dataclass(frozen=True)
class Served(Generic[M]):
    """What a list handler hands back: the page it read and the records built from it."""

    page: PageResult
    records: Sequence[M]


def list_response(
    request: Request,
    params: ListParams,
    spec: ListSpec,
    model: type[BaseModel],
    served: Served[Any],
    urls: Urls,
) -> Response:
    """The page in the negotiated format, with `Link` and `X-Total-Count` headers."""
    page = served.page
    links, next_cursor, prev_cursor = page_links(
        urls.base,
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
    items = [r.model_dump(mode="json", include=fields) for r in served.records]
    if params.format == "csv":
        columns = csv_columns(model, None if fields is None else sorted(fields))
        return csv_response(items, columns, f"{spec.resource}.csv", headers)
    if params.format == "ndjson":
        return ndjson_response(items, headers)
    if params.format == "jsonld":
        return jsonld_response(items, many=True, headers=headers)
    meta = ListMeta(
        total=page.total,
        limit=params.query.limit,
        offset=params.query.offset,
        cursor=params.position[0][1] if params.query.cursor is not None else None,
        next_cursor=next_cursor,
        prev_cursor=prev_cursor,
        sort=params.sort_tokens,
        facets=(
            {
                name: [FacetCount(value=v, count=n) for v, n in counts]
                for name, counts in page.facets.items()
            }
            if params.query.facets
            else None
        ),
    )
    body = {"data": items, "meta": meta.model_dump(mode="json"), "links": links.model_dump()}
    return json_response(body, headers)


def item_response(record: BaseModel, params: ItemParams, always: Sequence[str]) -> Response:
    fields = None if params.fields is None else {*always, *params.fields}
    if params.format == "jsonld":
        return jsonld_response([record.model_dump(mode="json", include=fields)], many=False)
    return json_response({"data": record.model_dump(mode="json", include=fields)})
