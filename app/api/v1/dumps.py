"""/v1/dumps: the whole dataset as SQLite, NDJSON and zipped CSV, built at load time."""

import base64
from typing import Annotated

from fastapi import Depends
from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import Response

from app.api.deps import DbDep, UrlsDep
from app.api.docs import error_responses, item_openapi
from app.api.formats import json_response
from app.api.params import ItemParams
from app.api.responses import ItemParamsDep
from app.api.routing import make_router
from app.errors import NotFound, UnknownParameter
from app.models.release import DumpInfo
from app.queries import releases

router = make_router("dumps")
ListArgs = Annotated[ItemParams, Depends(ItemParamsDep())]
# URL suffix -> stored dump name
FILES = {
    "sqlite": "mss-facts.sqlite",
    "ndjson": "mss-facts.ndjson",
    "csv.zip": "mss-facts.csv.zip",
}


class DumpList(BaseModel):
    """Every dump of the current release."""

    data: list[DumpInfo]


def _url(urls: UrlsDep, name: str) -> str:
    suffix = next(s for s, n in FILES.items() if n == name)
    return urls.path(f"/v1/dumps/latest.{suffix}")


@router.get(
    "/dumps",
    response_model=DumpList,
    responses=error_responses(400, 406, 422, 500),
    description="The downloadable dumps of the current release: a SQLite database, NDJSON "
    "(one served record per line) and a zip of one CSV per table, with size and SHA-256. "
    "They are built when the data is loaded.",
    openapi_extra=item_openapi(),
)
def list_dumps(params: ListArgs, db: DbDep, urls: UrlsDep) -> Response:
    """List the dataset dumps."""
    data = [
        DumpInfo(**d, url=_url(urls, d["name"])).model_dump(mode="json") for d in releases.dumps(db)
    ]
    return json_response({"data": data})


def _download(request: Request, db: DbDep, suffix: str) -> Response:
    if request.query_params:
        raise UnknownParameter("A dump takes no query parameters.", accepted=[])
    dump = releases.dump(db, FILES[suffix])
    if dump is None:
        raise NotFound("No dump is stored; load the data first.")
    etag = f'"{dump["sha256"]}"'
    digest = base64.b64encode(bytes.fromhex(dump["sha256"])).decode()
    headers = {
        "ETag": etag,
        "Content-Disposition": f'attachment; filename="mss-facts-{dump["version"]}.{suffix}"',
        "Repr-Digest": f"sha-256=:{digest}:",
        "X-Dataset-Version": dump["version"],
    }
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(bytes(dump["content"]), media_type=dump["media_type"], headers=headers)


_DOWNLOAD_TEXT = (
    "The file itself, with `ETag` (its SHA-256), `Repr-Digest` and `Content-Disposition`; "
    "`If-None-Match` with the ETag gives 304."
)


@router.get(
    "/dumps/latest.sqlite",
    responses={
        200: {
            "content": {
                "application/vnd.sqlite3": {"schema": {"type": "string", "format": "binary"}}
            },
            "description": "The SQLite database.",
        },
        **error_responses(400, 404, 500),
    },
    description=_DOWNLOAD_TEXT,
    response_class=Response,
)
def get_dump_sqlite(request: Request, db: DbDep) -> Response:
    """Download the dataset as a SQLite database."""
    return _download(request, db, "sqlite")


@router.get(
    "/dumps/latest.ndjson",
    responses={
        200: {
            "content": {"application/x-ndjson": {"schema": {"type": "string"}}},
            "description": "One record per line.",
        },
        **error_responses(400, 404, 500),
    },
    description=_DOWNLOAD_TEXT,
    response_class=Response,
)
def get_dump_ndjson(request: Request, db: DbDep) -> Response:
    """Download every record as NDJSON."""
    return _download(request, db, "ndjson")


@router.get(
    "/dumps/latest.csv.zip",
    responses={
        200: {
            "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            "description": "One CSV per table.",
        },
        **error_responses(400, 404, 500),
    },
    description=_DOWNLOAD_TEXT,
    response_class=Response,
)
def get_dump_csv_zip(request: Request, db: DbDep) -> Response:
    """Download every table as CSV, zipped."""
    return _download(request, db, "csv.zip")
