"""The record routes, made from the registry: `GET /v1/{resource}` lists a kind of
record, `GET /v1/{resource}/{key}` serves one, and `GET /v1/mission` the MSS mission.

Each request does three things: the list's filters, sort and page select keys from the
kind's indexed table (`fetch_page`); the stored documents of those keys come in one
query; they are spliced into the envelope, shaped by `fields=` and `include=` when asked,
and their links made absolute (`app.api.responses`).
"""

import inspect
from collections.abc import Callable
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from app.api.deps import (
    NationCodePath,
    Reader,
    bounded_read,
    current_snapshot,
    reading,
    slug_path,
    urls_for,
)
from app.api.docs import ITEM_ERRORS, LIST_ERRORS, error_responses, item_openapi, list_openapi
from app.api.formats import (
    CSV_LAYOUT,
    LIST_FORMATS,
    MEDIA_TYPES,
    RECORD_FORMATS,
    Format,
    csv_columns,
    csv_rows,
    ndjson_lines,
)
from app.api.pagination import ItemEnvelope, ListEnvelope
from app.api.params import ItemParams, ListParams, parse_list
from app.api.query import list_declarations
from app.api.responses import (
    ItemParamsDep,
    Items,
    ListParamsDep,
    item_response,
    list_response,
    project,
)
from app.api.routing import make_router
from app.api.streaming import Emit, stream_from_thread
from app.errors import NotFound
from app.queries import documents
from app.queries.listing import fetch_all, fetch_page
from app.queries.missions import PRIMARY_MISSION
from app.resources import MISSION_TEXT, MISSIONS, RESOURCES, Resource

Record = dict[str, Any]


def _envelopes(res: Resource) -> tuple[type[BaseModel], type[BaseModel]]:
    """The list and item envelopes, named as the OpenAPI schema names them."""
    title = res.singular.capitalize()
    page: type[BaseModel] = type(
        f"{title}List",
        (ListEnvelope[res.list_item],),  # type: ignore[name-defined]
        {"__doc__": f"A page of {res.name}.", "__module__": __name__},
    )
    one: type[BaseModel] = type(
        f"{title}Item",
        (ItemEnvelope[res.model],),  # type: ignore[name-defined]
        {"__doc__": res.item_title or f"One {res.singular}.", "__module__": __name__},
    )
    return page, one


def _signature(func: Callable[..., Any], **params: Any) -> Callable[..., Any]:
    """Give `func` (which takes **kwargs) the keyword parameters FastAPI reads."""
    func.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, annotation=a)
            for n, a in params.items()
        ]
    )
    return func


def _shape(
    res: Resource,
    reader: Reader,
    fields: tuple[str, ...] | None,
    names: tuple[str, ...],
    omit: frozenset[str],
) -> Callable[[list[Record]], list[Record]] | None:
    """What turns parsed documents into served records, or None if they are served whole."""
    if fields is None and not names and not omit:
        return None
    wanted = None if fields is None else {*res.spec.always_fields, *fields}

    def shape(records: list[Record]) -> list[Record]:
        records = documents.include(reader.conn, reader.version, records, names)
        return [project(r, wanted, omit) for r in records]

    return shape


def _base(request: Request) -> str:
    """The base of absolute links (no dependency: FastAPI resolves each one per request)."""
    return urls_for(request, request.app.state.settings).base


async def _serve_one(res: Resource, request: Request, key: str, params: ItemParams) -> Response:
    base = _base(request)

    def read() -> Response:
        with reading(request) as reader:
            doc = documents.document(reader.conn, reader.version, res.name, res.normal_key(key))
            if doc is None:
                raise NotFound(f"No {res.singular} has this key.")
            shape = _shape(res, reader, params.fields, params.include, frozenset())
            shaped = None if shape is None else shape([orjson.loads(doc)])[0]
        return item_response(doc, params, base, shaped)

    return await bounded_read(request, read)


# The whole-list exports: `GET /v1/{name}.csv` and `.ndjson`.
EXPORT_FORMATS: tuple[Format, ...] = ("csv", "ndjson")


def _export_writer(
    request: Request, res: Resource, params: ListParams, base: str
) -> Callable[[Emit], None]:
    """What writes every record `params` selects, page by keyset page, in one thread."""
    spec = res.spec
    fields = None if params.fields is None else sorted({*spec.always_fields, *params.fields})
    columns = csv_columns(res.list_item, fields)

    def write(emit: Emit) -> None:
        if params.format == "csv":
            emit(csv_rows((), columns, header=True))
        with reading(request) as reader:
            shape = _shape(res, reader, params.fields, params.include, res.list_omits)
            for rows in fetch_all(reader.conn, spec, params.query):
                keys = [row[spec.key.name] for row in rows]
                found = documents.documents(reader.conn, reader.version, res.name, keys)
                records = Items(docs=[found[k] for k in keys if k in found], shape=shape)
                dicts = records.dicts(base)
                if params.format == "csv":
                    emit(csv_rows(dicts, columns))
                else:
                    emit(ndjson_lines(dicts))

    return write


def _export_route(router: APIRouter, res: Resource, fmt: Format) -> None:
    spec = res.spec

    async def export_records(request: Request) -> Response:
        params = parse_list(request, spec, LIST_FORMATS, export=fmt)
        write = _export_writer(request, res, params, _base(request))
        version = current_snapshot(request).version or ""
        return StreamingResponse(
            stream_from_thread(write),
            media_type=MEDIA_TYPES[fmt],
            headers={
                "Content-Disposition": f'attachment; filename="{res.name}.{fmt}"',
                "X-Dataset-Version": version,
            },
        )

    name = f"export_{res.name}_{fmt}"
    export_records.__name__ = name
    body = (
        f"One header row, then one row per record. {CSV_LAYOUT}"
        if fmt == "csv"
        else "One JSON record per line, as in a page's `data`."
    )
    router.add_api_route(
        f"/{res.name}.{fmt}",
        export_records,
        methods=["GET"],
        name=name,
        summary=f"Export every {res.singular} as {fmt.upper()}.",
        description=f"Every {res.singular} the filters select, in the sort asked for, as one "
        f"streamed {fmt.upper()} file: the whole list, bounded by the dataset, not by a page "
        f"(`limit`, `cursor`, `offset` and `facet` do not apply). The same filters, `sort`, "
        f"`fields` and `include` as `GET /v1/{res.name}`.",
        response_class=Response,
        responses={
            200: {
                "description": body,
                "content": {
                    MEDIA_TYPES[fmt].split(";")[0]: {"schema": {"type": "string"}},
                },
                "headers": {
                    "X-Dataset-Version": {
                        "description": "The dataset version the file holds.",
                        "schema": {"type": "string", "maxLength": 16},
                    }
                },
            },
            **error_responses(400, 422, 500),
        },
        openapi_extra={
            "parameters": [
                d.openapi() for d in list_declarations(spec, (), LIST_FORMATS, paged=False)
            ]
        },
    )


def _routes(router: APIRouter, res: Resource) -> None:
    """`GET /v1/{name}` and `GET /v1/{name}/{key}`. A request's queries run in one worker
    thread, or, for one record or a page with no filter, facet or offset, where
    `bounded_read` says. Parameters are read before, on the event loop."""
    spec = res.spec
    page_model, item_model = _envelopes(res)
    list_params = Annotated[ListParams, Depends(ListParamsDep(spec))]
    item_params = Annotated[
        ItemParams,
        Depends(
            ItemParamsDep(
                res.item_fields, spec.includes, formats=RECORD_FORMATS, always=spec.always_fields
            )
        ),
    ]
    omit = res.list_omits

    def read_list(request: Request, params: ListParams, base: str) -> Response:
        with reading(request) as reader:
            page = fetch_page(reader.conn, spec, params.query, reader.version)
            keys = [row[spec.key.name] for row in page.rows]
            found = documents.documents(reader.conn, reader.version, res.name, keys)
            items = Items(
                docs=[found[k] for k in keys if k in found],
                shape=_shape(res, reader, params.fields, params.include, omit),
            )
            # A shaped page reads included records: still inside the transaction.
            return list_response(request, params, spec, res.list_item, page, items, base)

    async def list_records(**kwargs: Any) -> Response:
        request: Request = kwargs["request"]
        params: ListParams = kwargs["params"]
        base = _base(request)
        if not params.query.bounded:
            return await run_in_threadpool(read_list, request, params, base)
        return await bounded_read(request, lambda: read_list(request, params, base))

    list_records.__name__ = f"list_{res.name}"
    list_records.__doc__ = res.list_summary
    router.add_api_route(
        f"/{res.name}",
        _signature(list_records, request=Request, params=list_params),
        methods=["GET"],
        name=list_records.__name__,
        response_model=page_model,
        responses=LIST_ERRORS,
        openapi_extra=list_openapi(
            spec, description=res.list_description, export=f"/v1/{res.name}"
        ),
    )

    for fmt in EXPORT_FORMATS:
        _export_route(router, res, fmt)

    path = NationCodePath if res.key_param == "code" else Annotated[str, slug_path(res.example)]

    async def get_record(**kwargs: Any) -> Response:
        return await _serve_one(res, kwargs["request"], kwargs[res.key_param], kwargs["params"])

    get_record.__name__ = f"get_{res.singular}"
    get_record.__doc__ = res.item_summary
    router.add_api_route(
        f"/{res.name}/{{{res.key_param}}}",
        _signature(get_record, request=Request, params=item_params, **{res.key_param: path}),
        methods=["GET"],
        name=get_record.__name__,
        response_model=item_model,
        responses=ITEM_ERRORS,
        openapi_extra=item_openapi(
            res.item_fields,
            spec.includes,
            spec.always_fields,
            formats=RECORD_FORMATS,
            description=res.item_description,
        ),
    )


def _primary_mission(router: APIRouter) -> None:
    res = MISSIONS
    _, item_model = _envelopes(res)
    item_params = Annotated[
        ItemParams, Depends(ItemParamsDep(res.item_fields, formats=RECORD_FORMATS))
    ]

    async def get_primary_mission(request: Request, params: item_params) -> Response:
        """Get the MSS mission in Haiti."""
        return await _serve_one(res, request, PRIMARY_MISSION, params)

    router.add_api_route(
        "/mission",
        get_primary_mission,
        methods=["GET"],
        name="get_primary_mission",
        response_model=item_model,
        responses=ITEM_ERRORS,
        openapi_extra=item_openapi(
            res.item_fields,
            formats=RECORD_FORMATS,
            description=f"The Multinational Security Support (MSS) mission in Haiti, slug "
            f"`{PRIMARY_MISSION}`. {MISSION_TEXT}",
        ),
    )


def routers() -> list[APIRouter]:
    """One router per kind of record, tagged with its name, in the registry's order."""
    out = []
    for res in RESOURCES:
        router = make_router(res.name)
        if res is MISSIONS:
            _primary_mission(router)
        _routes(router, res)
        out.append(router)
    return out
