"""/v1/officials: people, with their positions current and former."""

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
from app.models.person import OfficialPublic
from app.queries import officials
from app.queries.listing import fetch_page

router = make_router("officials")
SPEC = officials.SPEC


class OfficialList(ListEnvelope[OfficialPublic]):
    """A page of officials."""


class OfficialItem(ItemEnvelope[OfficialPublic]):
    """One official."""


def _official(
    slug: Annotated[str, slug_path("joseph-boinnet")], db: DbDep, urls: UrlsDep
) -> OfficialPublic:
    return found(officials.by_keys(db, [slug], urls).get(slug), "official")


OfficialDep = Annotated[OfficialPublic, Depends(_official)]
ListParamsArg = Annotated[ListParams, Depends(ListParamsDep(SPEC))]
ItemParamsArg = Annotated[
    ItemParams, Depends(ItemParamsDep(SPEC.fields, SPEC.includes, formats=RECORD_FORMATS))
]


@router.get(
    "/officials",
    response_model=OfficialList,
    responses=LIST_ERRORS,
    description=(
        "Every person the sources name, with every title they give (current and former, each "
        "with its organisation and its own evidence), the contingents they escorted, the "
        "quotes they spoke and the events they took part in."
    ),
    openapi_extra=list_openapi(SPEC),
)
def list_officials(request: Request, params: ListParamsArg, db: DbDep, urls: UrlsDep) -> Response:
    """List officials and their positions."""
    page = fetch_page(db, SPEC, params.query)
    records = officials.include(db, officials.build(db, page.rows, urls), params.include, urls)
    return list_response(request, params, SPEC, OfficialPublic, Served(page, records), urls)


@router.get(
    "/officials/{slug}",
    response_model=OfficialItem,
    responses=ITEM_ERRORS,
    description="One official. `include=nation` inlines the nation record.",
    openapi_extra=item_openapi(
        SPEC.fields, SPEC.includes, SPEC.always_fields, formats=RECORD_FORMATS
    ),
)
def get_official(params: ItemParamsArg, record: OfficialDep, db: DbDep, urls: UrlsDep) -> Response:
    """Get one official by slug."""
    [record] = officials.include(db, [record], params.include, urls)
    return item_response(record, params, SPEC.always_fields)
