"""/v1/dumps: the whole dataset as SQLite, NDJSON and zipped CSV, built at load time."""

import base64
from dataclasses import dataclass
from typing import Annotated, Any

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
from app.cache.conditional import precondition_failed
from app.errors import NotFound, PreconditionFailed, UnknownParameter
from app.loader.dumps import NAMES
from app.models.base import Public
from app.models.release import DatasetteMetadata, DumpInfo, DumpMetadata
from app.queries import releases

router = make_router("dumps")
ListArgs = Annotated[ItemParams, Depends(ItemParamsDep())]
# URL suffix -> stored dump name
FILES = {suffix: name for suffix, (name, _) in NAMES.items()}


class DumpList(Public):
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
    failed = precondition_failed(
        request.headers.get("if-match"), request.headers.get("if-unmodified-since"), etag, None
    )
    if failed is not None:
        raise PreconditionFailed(failed)
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(bytes(dump["content"]), media_type=dump["media_type"], headers=headers)


_DOWNLOAD_TEXT = (
    "The file itself, with `ETag` (its SHA-256), `Repr-Digest` and `Content-Disposition`; "
    "`If-None-Match` with the ETag gives 304; `If-Match` without it gives 412."
)


@dataclass(frozen=True)
class _Download:
    suffix: str
    summary: str
    description: str
    schema: dict[str, Any] | type[BaseModel]


_STRING = {"type": "string"}
_BINARY = {"type": "string", "format": "binary"}
# One route per stored dump (app.loader.dumps.NAMES), in that order.
_DOWNLOADS = (
    _Download(
        "sqlite",
        "Download the dataset as a SQLite database.",
        "The SQLite database: "
        "tables named like the resources, a `metadata` table, `user_version` set.",
        _BINARY,
    ),
    _Download(
        "ndjson",
        "Download every record as NDJSON.",
        "One record per line; `latest.metadata.json` is its sidecar.",
        _STRING,
    ),
    _Download(
        "csv.zip",
        "Download every table as CSV, zipped.",
        "One CSV per table, with README.txt, LICENSE and metadata.json.",
        _BINARY,
    ),
    _Download(
        "metadata.json",
        "Download the dumps' metadata.",
        "Version, generation time, "
        "licence, attribution, sources, and every table's and column's description.",
        DumpMetadata,
    ),
    _Download(
        "datasette.json",
        "Download Datasette's metadata file for the SQLite dump.",
        "Title, licence, source and column descriptions, for "
        "`datasette mss-facts.sqlite --metadata mss-facts.datasette.json`.",
        DatasetteMetadata,
    ),
)
assert [d.suffix for d in _DOWNLOADS] == list(NAMES)


def _body(download: _Download) -> dict[str, Any]:
    """A file's schema; a JSON file's is its model, named in the OpenAPI components."""
    if isinstance(download.schema, dict):
        return {"content": {NAMES[download.suffix][1]: {"schema": download.schema}}}
    return {"model": download.schema}


def _route(download: _Download) -> None:
    def get_dump(request: Request, db: DbDep) -> Response:
        return _download(request, db, download.suffix)

    name = "get_dump_" + download.suffix.replace(".", "_")
    router.add_api_route(
        f"/dumps/latest.{download.suffix}",
        get_dump,
        methods=["GET"],
        name=name,
        summary=download.summary,
        responses={
            200: {"description": download.description, **_body(download)},
            **error_responses(400, 404, 412, 500),
        },
        description=_DOWNLOAD_TEXT,
        response_class=Response,
    )


for _download_item in _DOWNLOADS:
    _route(_download_item)
