"""/v1/mission and /v1/missions: the MSS mission, and any other mission by slug."""

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
from app.models.mission import MissionPublic
from app.queries import missions
from app.queries.listing import fetch_page

router = make_router("missions")
SPEC = missions.SPEC

_MISSION_TEXT = (
    "Its purpose, who authorised it, its lead and host nations and partner organisation, "
    "every participating nation with its role and personnel figures (each figure with its "
    "qualifier and as-of date, and the latest per participation under `current_figures`), "
    "its contingents and events, with evidence throughout."
)


class MissionList(ListEnvelope[MissionPublic]):
    """A page of missions."""


class MissionItem(ItemEnvelope[MissionPublic]):
    """One mission."""


def _mission(
    slug: Annotated[str, slug_path(missions.PRIMARY_MISSION)], db: DbDep, urls: UrlsDep
) -> MissionPublic:
    return found(missions.by_keys(db, [slug], urls).get(slug), "mission")


MissionDep = Annotated[MissionPublic, Depends(_mission)]
ListParamsArg = Annotated[ListParams, Depends(ListParamsDep(SPEC))]
ItemParamsArg = Annotated[ItemParams, Depends(ItemParamsDep(SPEC.fields, formats=RECORD_FORMATS))]


@router.get(
    "/mission",
    response_model=MissionItem,
    responses=ITEM_ERRORS,
    description=f"The Multinational Security Support (MSS) mission in Haiti, slug "
    f"`{missions.PRIMARY_MISSION}`. {_MISSION_TEXT}",
    openapi_extra=item_openapi(SPEC.fields, formats=RECORD_FORMATS),
)
def get_primary_mission(params: ItemParamsArg, db: DbDep, urls: UrlsDep) -> Response:
    """Get the MSS mission in Haiti."""
    slug = missions.PRIMARY_MISSION
    record = found(missions.by_keys(db, [slug], urls).get(slug), "mission")
    return item_response(record, params, SPEC.always_fields)


@router.get(
    "/missions",
    response_model=MissionList,
    responses=LIST_ERRORS,
    description=f"Every mission in the dataset. {_MISSION_TEXT}",
    openapi_extra=list_openapi(SPEC),
)
def list_missions(request: Request, params: ListParamsArg, db: DbDep, urls: UrlsDep) -> Response:
    """List missions."""
    page = fetch_page(db, SPEC, params.query)
    records = missions.build(db, page.rows, urls)
    return list_response(request, params, SPEC, MissionPublic, Served(page, records), urls)


@router.get(
    "/missions/{slug}",
    response_model=MissionItem,
    responses=ITEM_ERRORS,
    description=f"One mission by slug. {_MISSION_TEXT}",
    openapi_extra=item_openapi(SPEC.fields, formats=RECORD_FORMATS),
)
def get_mission(params: ItemParamsArg, record: MissionDep) -> Response:
    """Get one mission by slug."""
    return item_response(record, params, SPEC.always_fields)
