"""/v1/organisations: organisations, their members and missions."""

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
from app.models.organisation import OrganisationPublic
from app.queries import organisations
from app.queries.listing import fetch_page

router = make_router("organisations")
SPEC = organisations.SPEC


class OrganisationList(ListEnvelope[OrganisationPublic]):
    """A page of organisations."""


class OrganisationItem(ItemEnvelope[OrganisationPublic]):
    """One organisation."""


def _organisation(
    slug: Annotated[str, slug_path("national-police-service-kenya")], db: DbDep, urls: UrlsDep
) -> OrganisationPublic:
    return found(organisations.by_keys(db, [slug], urls).get(slug), "organisation")


OrganisationDep = Annotated[OrganisationPublic, Depends(_organisation)]
ListParamsArg = Annotated[ListParams, Depends(ListParamsDep(SPEC))]
ItemParamsArg = Annotated[
    ItemParams, Depends(ItemParamsDep(SPEC.fields, SPEC.includes, formats=RECORD_FORMATS))
]


@router.get(
    "/organisations",
    response_model=OrganisationList,
    responses=LIST_ERRORS,
    description=(
        "Every organisation the sources name (police services, the UN Security Council, ...),"
        " with the positions people hold in it, its part in missions (authorised_by, "
        "partner_organisation), and the statements it made."
    ),
    openapi_extra=list_openapi(SPEC),
)
def list_organisations(
    request: Request, params: ListParamsArg, db: DbDep, urls: UrlsDep
) -> Response:
    """List organisations."""
    page = fetch_page(db, SPEC, params.query)
    records = organisations.include(
        db, organisations.build(db, page.rows, urls), params.include, urls
    )
    return list_response(request, params, SPEC, OrganisationPublic, Served(page, records), urls)


@router.get(
    "/organisations/{slug}",
    response_model=OrganisationItem,
    responses=ITEM_ERRORS,
    description="One organisation. `include=nation` inlines the nation record.",
    openapi_extra=item_openapi(
        SPEC.fields, SPEC.includes, SPEC.always_fields, formats=RECORD_FORMATS
    ),
)
def get_organisation(
    params: ItemParamsArg, record: OrganisationDep, db: DbDep, urls: UrlsDep
) -> Response:
    """Get one organisation by slug."""
    [record] = organisations.include(db, [record], params.include, urls)
    return item_response(record, params, SPEC.always_fields)
