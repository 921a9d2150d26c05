"""The API's own documents: the index of endpoints, problem types, health and readiness."""

import datetime as dt
from typing import Annotated

from fastapi import Depends, Path
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import Response

from app.api.deps import DbDep, SnapshotDep, UrlsDep
from app.api.docs import error_responses, item_openapi
from app.api.formats import json_response, prefers_json_to_html
from app.api.pages import explorer_page
from app.api.params import ItemParams
from app.api.responses import ItemParamsDep
from app.api.routing import make_router
from app.dataset_state import release_of
from app.errors import PROBLEM_TYPES, NotFound, ProblemType, Unavailable, problem_type_uri
from app.models.base import Public
from app.queries.dataset import RELEASE

router = make_router("meta")


class Endpoint(Public):
    path: str = Field(examples=["/v1/contingents/{slug}"])
    url: str | None = Field(description="Absolute URL, for paths without parameters.")
    summary: str


class ApiIndex(Public):
    """What this API serves and where its documentation is."""

    name: str
    version: str
    dataset_version: str | None
    docs_url: str
    openapi_url: str
    endpoints: list[Endpoint]


class Health(BaseModel):
    """/healthz sends `status` alone; /readyz adds the dataset it serves."""

    status: str = Field(examples=["ok"])
    dataset_version: str | None = Field(
        default=None, description="/readyz: the dataset version served."
    )
    dataset_loaded_at: dt.datetime | None = Field(
        default=None, description="/readyz: when that version was loaded."
    )


ParamsArg = Annotated[ItemParams, Depends(ItemParamsDep())]


def _current_version(db: DbDep) -> str | None:
    return db.execute(select(RELEASE.c.version).where(RELEASE.c.current.is_(True))).scalar()


@router.get("/", include_in_schema=False)
def root(request: Request, db: DbDep, urls: UrlsDep) -> Response:
    """The explorer page (app/static), built on the public JSON API; to a client whose
    Accept prefers JSON, the API index (as /v1)."""
    if prefers_json_to_html(request):
        return _index(request, db, urls)
    return explorer_page()


@router.get(
    "/v1",
    response_model=ApiIndex,
    responses=error_responses(400, 406, 422, 500),
    description="Every endpoint of version 1, with absolute URLs, the dataset version "
    "served, and where the interactive documentation and OpenAPI schema are.",
    openapi_extra=item_openapi(),
)
def get_index(request: Request, params: ParamsArg, db: DbDep, urls: UrlsDep) -> Response:
    """List the API's endpoints."""
    return _index(request, db, urls)


def _index(request: Request, db: DbDep, urls: UrlsDep) -> Response:
    paths = request.app.openapi()["paths"]
    endpoints = [
        Endpoint(
            path=path,
            url=None if "{" in path else urls.path(path),
            summary=item["get"].get("summary", ""),
        )
        for path, item in paths.items()
        if path.startswith("/v1/") and "get" in item
    ]
    index = ApiIndex(
        name=request.app.title,
        version=request.app.version,
        dataset_version=_current_version(db),
        docs_url=urls.path("/docs"),
        openapi_url=urls.path("/openapi.json"),
        endpoints=endpoints,
    )
    return json_response(index.model_dump(mode="json"))


@router.get(
    "/problems/{name}",
    response_model=ProblemType,
    responses=error_responses(404, 500),
    description="What a problem `type` in an error response means; `type` here is that "
    "same string, `/problems/{name}`.",
)
def get_problem_type(
    name: Annotated[
        str,
        Path(
            description="The problem type.",
            max_length=40,
            pattern=r"^[a-z]+(-[a-z]+)*$",
            examples=["invalid-parameter"],
        ),
    ],
) -> ProblemType:
    """Describe one problem type."""
    if name not in PROBLEM_TYPES:
        raise NotFound("No problem type has this name.")
    status, title, description = PROBLEM_TYPES[name]
    return ProblemType(
        type=problem_type_uri(name), title=title, status=status, description=description
    )


# Probes are answered fresh every time, never from a cache.
_NO_STORE = {"Cache-Control": "no-store"}


@router.get(
    "/healthz",
    response_model=Health,
    responses=error_responses(500),
    description="The process is up (it does not touch the database). Not rate limited, "
    "not in the access log.",
)
async def get_health() -> Response:
    """Report that the process is alive."""
    return json_response({"status": "ok"}, headers=_NO_STORE)


@router.get(
    "/readyz",
    response_model=Health,
    responses=error_responses(500, 503),
    description="The database answers and holds a dataset, whose version and load time "
    "are given; 503 otherwise. One small query; not rate limited, not in the access log.",
)
def get_readiness(snapshot: SnapshotDep) -> Response:
    """Report whether the API can serve data."""
    try:
        with snapshot.engine.connect() as conn:
            version, loaded_at = release_of(conn)
    except SQLAlchemyError:  # unreachable database or missing schema: not ready, not a 500
        raise Unavailable("The database cannot be read.") from None
    if version is None:
        raise Unavailable("No dataset is loaded; run `mss-facts load`.")
    health = Health(status="ok", dataset_version=version, dataset_loaded_at=loaded_at)
    return json_response(health.model_dump(mode="json"), headers=_NO_STORE)
