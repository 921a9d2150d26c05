"""/v1/nations: each nation's roles and personnel figures."""

from typing import Annotated

from fastapi import Depends
from starlette.requests import Request
from starlette.responses import Response

from app.api.deps import DbDep, NationCodePath, UrlsDep, found
from app.api.docs import ITEM_ERRORS, LIST_ERRORS, item_openapi, list_openapi
from app.api.formats import RECORD_FORMATS
from app.api.pagination import ItemEnvelope, ListEnvelope
from app.api.params import ItemParams, ListParams
from app.api.responses import ItemParamsDep, ListParamsDep, Served, item_response, list_response
from app.api.routing import make_router
from app.models.nation import NationPublic
from app.queries import nations
from app.queries.listing import fetch_page

router = make_router("nations")
SPEC = nations.SPEC


class NationList(ListEnvelope[NationPublic]):
    """A page of nations."""


class NationItem(ItemEnvelope[NationPublic]):
    """One nation."""


def _nation(code: NationCodePath, db: DbDep, urls: UrlsDep) -> NationPublic:
    return found(nations.by_keys(db, [code.upper()], urls).get(code.upper()), "nation")


NationDep = Annotated[NationPublic, Depends(_nation)]
ListParamsArg = Annotated[ListParams, Depends(ListParamsDep(SPEC))]
ItemParamsArg = Annotated[
    ItemParams, Depends(ItemParamsDep(SPEC.fields, SPEC.includes, formats=RECORD_FORMATS))
]


@router.get(
    "/nations",
    response_model=NationList,
    responses=LIST_ERRORS,
    description=(
        "Every nation the sources name, keyed by ISO 3166-1 alpha-2 code, with the roles it "
        "plays in each mission (lead, police/personnel/military contributor, supporter, "
        "host), its personnel figures with their qualifiers and as-of dates, and links to its"
        " contingents, officials, organisations and events."
    ),
    openapi_extra=list_openapi(SPEC),
)
def list_nations(request: Request, params: ListParamsArg, db: DbDep, urls: UrlsDep) -> Response:
    """List nations and their roles."""
    page = fetch_page(db, SPEC, params.query)
    records = nations.build(db, page.rows, urls)
    return list_response(request, params, SPEC, NationPublic, Served(page, records), urls)


@router.get(
    "/nations/{code}",
    response_model=NationItem,
    responses=ITEM_ERRORS,
    description="One nation by ISO code (case-insensitive: ke and KE are the same).",
    openapi_extra=item_openapi(
        SPEC.fields, SPEC.includes, SPEC.always_fields, formats=RECORD_FORMATS
    ),
)
def get_nation(params: ItemParamsArg, record: NationDep) -> Response:
    """Get one nation by ISO code."""
    return item_response(record, params, SPEC.always_fields)
