"""/v1/stats and /v1/dataset: figures about the whole dataset."""

import re
from typing import Annotated

from fastapi import Depends
from starlette.requests import Request
from starlette.responses import Response

from app.api.deps import DbDep, UrlsDep, reading
from app.api.docs import ITEM_ERRORS, error_responses, item_openapi
from app.api.formats import json_response
from app.api.pagination import ItemEnvelope
from app.api.params import BadValue, Extra, ItemParams
from app.api.responses import ItemParamsDep, document_response
from app.api.routing import make_router
from app.errors import NotFound, Unavailable
from app.models.dataset import DatasetPublic
from app.models.stats import StatsPublic
from app.queries import documents, missions
from app.queries.dataset import dataset as dataset_query
from app.queries.documents import STATS_RESOURCE

router = make_router("dataset")


def _slug(raw: str) -> str:
    if not re.fullmatch(r"[a-z0-9-]{1,120}", raw):
        raise BadValue("must be a mission slug")
    return raw


MISSION = Extra(
    name="mission",
    parse=_slug,
    description="Only this mission's participations and contingents (default: all).",
    example=missions.PRIMARY_MISSION,
    max_length=120,
    pattern=r"^[a-z0-9-]{1,120}$",
)


class StatsItem(ItemEnvelope[StatsPublic]):
    """Counts and personnel sums."""


class DatasetItem(ItemEnvelope[DatasetPublic]):
    """The dataset's version, load time, counts, sources and licence."""


StatsParamsArg = Annotated[ItemParams, Depends(ItemParamsDep(extras=(MISSION,)))]
ItemParamsArg = Annotated[ItemParams, Depends(ItemParamsDep())]


@router.get(
    "/stats",
    response_model=StatsItem,
    responses=ITEM_ERRORS,
    description="Records per kind and citations; personnel by nation and by role, and "
    "contingents by status and by nation, each summed with qualifiers kept: a lower bound "
    "stays a lower bound (more_than 600 plus an unreported figure is more_than 600; exact "
    "plus more_than is more_than). Personnel sums take, for each police, personnel or "
    "military contributor, its latest figure; one without a figure counts as unknown.",
    openapi_extra=item_openapi(extras=(MISSION,)),
)
def get_stats(request: Request, params: StatsParamsArg, urls: UrlsDep) -> Response:
    """Get counts and personnel sums."""
    mission = params.extras.get("mission")
    with reading(request) as reader:
        doc = documents.document(reader.conn, reader.version, STATS_RESOURCE, mission or "")
    if doc is None:
        raise NotFound("No mission has this key.")
    return document_response(doc, urls.base)


@router.get(
    "/dataset",
    response_model=DatasetItem,
    responses={**error_responses(400, 406, 422, 500), **error_responses(503)},
    description="The dataset version (a content hash of the data files), when it was "
    "loaded, counts per kind, every release loaded, the sources, and the licence, "
    "attribution and citation text.",
    openapi_extra=item_openapi(),
)
def get_dataset(params: ItemParamsArg, db: DbDep, urls: UrlsDep) -> Response:
    """Get the dataset's version, sources and licence."""
    record = dataset_query(db, urls)
    if record is None:
        raise Unavailable("No dataset is loaded; run `mss-facts load`.")
    return json_response({"data": record.model_dump(mode="json")})
