"""/v1/conflicts: claims that disagree, side by side."""

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
from app.models.evidence import ConflictPublic
from app.queries import conflicts
from app.queries.listing import fetch_page

router = make_router("conflicts")
SPEC = conflicts.SPEC


class ConflictList(ListEnvelope[ConflictPublic]):
    """A page of conflicts."""


class ConflictItem(ItemEnvelope[ConflictPublic]):
    """One conflict."""


def _conflict(
    slug: Annotated[str, slug_path("which-contingent-was-third")], db: DbDep, urls: UrlsDep
) -> ConflictPublic:
    return found(conflicts.by_keys(db, [slug], urls).get(slug), "conflict")


ConflictDep = Annotated[ConflictPublic, Depends(_conflict)]
ListParamsArg = Annotated[ListParams, Depends(ListParamsDep(SPEC))]
ItemParamsArg = Annotated[
    ItemParams, Depends(ItemParamsDep(SPEC.fields, SPEC.includes, formats=RECORD_FORMATS))
]


@router.get(
    "/conflicts",
    response_model=ConflictList,
    responses=LIST_ERRORS,
    description=(
        "Where sources disagree. Each conflict lists its sides: the record and field each is "
        "about, its value, and only the evidence that backs that field. Nothing is resolved; "
        "every side is shown."
    ),
    openapi_extra=list_openapi(SPEC),
)
def list_conflicts(request: Request, params: ListParamsArg, db: DbDep, urls: UrlsDep) -> Response:
    """List conflicting claims."""
    page = fetch_page(db, SPEC, params.query)
    records = conflicts.build(db, page.rows, urls)
    return list_response(request, params, SPEC, ConflictPublic, Served(page, records), urls)


@router.get(
    "/conflicts/{slug}",
    response_model=ConflictItem,
    responses=ITEM_ERRORS,
    description="One conflict, every side with its value and evidence.",
    openapi_extra=item_openapi(
        SPEC.fields, SPEC.includes, SPEC.always_fields, formats=RECORD_FORMATS
    ),
)
def get_conflict(params: ItemParamsArg, record: ConflictDep) -> Response:
    """Get one conflict by slug."""
    return item_response(record, params, SPEC.always_fields)
