"""/v1/sources: the documents facts are cited from, and their stored text."""

from typing import Annotated

from fastapi import Depends
from starlette.requests import Request
from starlette.responses import Response

from app.api.deps import DbDep, UrlsDep, found, slug_path
from app.api.docs import ITEM_ERRORS, LIST_ERRORS, item_openapi, list_openapi
from app.api.formats import RECORD_FORMATS
from app.api.pagination import ItemEnvelope, ListEnvelope
from app.api.params import ItemParams, ListParams
from app.api.responses import ItemParamsDep, ListParamsDep, Served, item_response, list_response
from app.api.routing import make_router
from app.models.source import SourceDetailPublic, SourcePublic
from app.queries import sources
from app.queries.listing import fetch_page

router = make_router("sources")
SPEC = sources.SPEC
DETAIL_FIELDS = tuple(SourceDetailPublic.model_fields)


class SourceList(ListEnvelope[SourcePublic]):
    """A page of sources."""


class SourceItem(ItemEnvelope[SourceDetailPublic]):
    """One source, with its stored text."""


def _source(
    slug: Annotated[str, slug_path("odrimedia-ruto-haiti-mss")], db: DbDep, urls: UrlsDep
) -> SourceDetailPublic:
    return found(sources.detail(db, slug, urls), "source")


SourceDep = Annotated[SourceDetailPublic, Depends(_source)]
ListParamsArg = Annotated[ListParams, Depends(ListParamsDep(SPEC))]
ItemParamsArg = Annotated[ItemParams, Depends(ItemParamsDep(DETAIL_FIELDS, formats=RECORD_FORMATS))]


@router.get(
    "/sources",
    response_model=SourceList,
    responses=LIST_ERRORS,
    description="Every cited document: publisher, URL, kind, publication date (as known, "
    "with its bounds), whether its text is stored (`text_stored`: its excerpts are "
    "verified character for character) and how often it is cited. The text itself is on "
    "each source's own URL.",
    openapi_extra=list_openapi(SPEC),
)
def list_sources(request: Request, params: ListParamsArg, db: DbDep, urls: UrlsDep) -> Response:
    """List sources."""
    page = fetch_page(db, SPEC, params.query)
    records = sources.build(db, page.rows, urls)
    return list_response(request, params, SPEC, SourcePublic, Served(page, records), urls)


@router.get(
    "/sources/{slug}",
    response_model=SourceItem,
    responses=ITEM_ERRORS,
    description="One source with its metadata and, when stored, its full text byte for "
    "byte; every excerpt's `start`/`end` index into this `text`.",
    openapi_extra=item_openapi(DETAIL_FIELDS, formats=RECORD_FORMATS),
)
def get_source(params: ItemParamsArg, record: SourceDep) -> Response:
    """Get one source, with its stored text."""
    return item_response(record, params, SPEC.always_fields)
