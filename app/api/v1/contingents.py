"""/v1/contingents: deployments of personnel, arrived, deployed and planned."""

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
from app.models.contingent import ContingentPublic
from app.queries import contingents
from app.queries.listing import fetch_page

router = make_router("contingents")
SPEC = contingents.SPEC


class ContingentList(ListEnvelope[ContingentPublic]):
    """A page of contingents."""


class ContingentItem(ItemEnvelope[ContingentPublic]):
    """One contingent."""


def _contingent(
    slug: Annotated[str, slug_path("ke-217-january-2025")], db: DbDep, urls: UrlsDep
) -> ContingentPublic:
    return found(contingents.by_keys(db, [slug], urls).get(slug), "contingent")


ContingentDep = Annotated[ContingentPublic, Depends(_contingent)]
ListParamsArg = Annotated[ListParams, Depends(ListParamsDep(SPEC))]
ItemParamsArg = Annotated[
    ItemParams, Depends(ItemParamsDep(SPEC.fields, SPEC.includes, formats=RECORD_FORMATS))
]


@router.get(
    "/contingents",
    response_model=ContingentList,
    responses=LIST_ERRORS,
    description="Every deployment the sources report: arrived (with the day and place), "
    "deployed (sent, arrival not reported) and planned (dates as the source words them). "
    "Personnel keep their qualifier; conflicting claims (which contingent was the third) "
    "appear side by side under `conflicts`. Default order: by arrival, then deployment "
    "date, then slug (undated last).",
    openapi_extra=list_openapi(SPEC),
)
def list_contingents(request: Request, params: ListParamsArg, db: DbDep, urls: UrlsDep) -> Response:
    """List contingents, filtered, sorted and paged."""
    page = fetch_page(db, SPEC, params.query)
    records = contingents.include(db, contingents.build(db, page.rows, urls), params.include, urls)
    return list_response(request, params, SPEC, ContingentPublic, Served(page, records), urls)


@router.get(
    "/contingents/{slug}",
    response_model=ContingentItem,
    responses=ITEM_ERRORS,
    description="One contingent with its escorts, events, evidence and any conflicting "
    "claims. `include=nation,mission,escorts` inlines those records in full.",
    openapi_extra=item_openapi(SPEC.fields, SPEC.includes, formats=RECORD_FORMATS),
)
def get_contingent(
    params: ItemParamsArg, record: ContingentDep, db: DbDep, urls: UrlsDep
) -> Response:
    """Get one contingent by slug."""
    [record] = contingents.include(db, [record], params.include, urls)
    return item_response(record, params, SPEC.always_fields)
