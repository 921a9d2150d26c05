"""/v1/{resource}/{key}/cite: a ready citation of one record, pinned to a dataset version."""

from collections.abc import Callable
from typing import Annotated, Any

import orjson
from fastapi import Depends, Path
from starlette.responses import Response

from app.api.deps import MAX_SLUG_LENGTH, SLUG_PATTERN, DbDep, SnapshotDep, UrlsDep
from app.api.docs import error_responses, item_openapi
from app.api.formats import json_response
from app.api.params import Extra, ItemParams
from app.api.pinning import normal_key
from app.api.responses import ItemParamsDep
from app.api.routing import make_router
from app.api.v1.releases import parse_version, stored_release
from app.errors import NotFound
from app.models.base import Public
from app.models.release import Citation
from app.queries import releases
from app.queries.urls import Urls
from app.resources import NAMES

router = make_router("citations")
PUBLISHER = "MSS Facts API"

_VERSION = Extra(
    "version",
    parse_version,
    "Cite the record as it was in this release (default: the current one).",
    "0123456789abcdef",
    max_length=16,
    pattern=r"^[0-9a-f]{16}$",
)
Args = Annotated[ItemParams, Depends(ItemParamsDep(extras=[_VERSION]))]
KeyPath = Annotated[
    str,
    Path(
        description="The record's key (slug; ISO code for nations).",
        max_length=MAX_SLUG_LENGTH,
        pattern=SLUG_PATTERN,
        examples=["ruto-us-blessing-to-our-nation"],
    ),
]


class CitationItem(Public):
    """A citation of one record."""

    data: Citation


def title_of(resource: str, key: str, body: dict[str, Any]) -> str:
    """A human title for a record, from its served fields."""
    if resource == "quotes":
        text = str(body.get("text", ""))
        short = text if len(text) <= 90 else text[:87].rstrip() + "..."
        speaker = (body.get("speaker") or {}).get("name")
        return f"“{short}”" + (f" ({speaker})" if speaker else "")
    for name in ("name", "title", "description"):
        if body.get(name):
            return str(body[name])
    return f"{resource}/{key}"


def _bibtex_escape(text: str) -> str:
    for ch in "\\{}%&#_$":
        text = text.replace(ch, "\\" + ch)
    return text


def citation(
    resource: str, key: str, version: str, year: int, body: dict[str, Any], urls: Urls
) -> Citation:
    record = urls.record(resource, key)
    permalink = f"{record}?version={version}"
    title = title_of(resource, key, body)
    apa = (
        f"{PUBLISHER}. ({year}). {title} [Data set record; {resource}/{key}; "
        f"dataset version {version}]. {permalink}"
    )
    ident = f"mss-facts-{resource}-{key}-{version}".replace("_", "-")
    bibtex = (
        f"@misc{{{ident},\n"
        f"  author = {{{{{PUBLISHER}}}}},\n"
        f"  title = {{{_bibtex_escape(title)}}},\n"
        f"  year = {{{year}}},\n"
        f"  howpublished = {{\\url{{{permalink}}}}},\n"
        f"  note = {{Data set record {_bibtex_escape(resource)}/{_bibtex_escape(key)}, "
        f"dataset version {version}}}\n"
        "}"
    )
    return Citation(
        record=record, permalink=permalink, version=version, title=title, apa=apa, bibtex=bibtex
    )


def _handler(resource: str) -> Callable[..., Response]:
    def cite(
        key: KeyPath, params: Args, db: DbDep, snapshot: SnapshotDep, urls: UrlsDep
    ) -> Response:
        version: str | None = params.extras.get("version") or snapshot.version
        if version is None:
            raise NotFound("No dataset is loaded.")
        key = normal_key(resource, key)
        release = next((r for r in releases.releases(db) if r["version"] == version), None)
        stored_release(db, version)
        body = releases.record_body(db, version, resource, key)
        if body is None or release is None:
            raise NotFound(f"No {resource} record has this key in that version.")
        cited = citation(
            resource, key, version, release["loaded_at"].year, orjson.loads(body), urls
        )
        return json_response({"data": cited.model_dump(mode="json")})

    cite.__doc__ = f"Cite one record of {resource}."
    return cite


for _resource in NAMES:
    router.add_api_route(
        f"/{_resource}/{{key}}/cite",
        _handler(_resource),
        methods=["GET"],
        name=f"cite_{_resource}",
        response_model=CitationItem,
        responses=error_responses(400, 404, 406, 422, 500),
        description=f"How to cite one record of {_resource}: its permalink pinned to the "
        "dataset version (`?version=` on the record's URL), an APA-style reference and a "
        "BibTeX entry. `version=` cites an earlier release whose records were kept.",
        openapi_extra=item_openapi(extras=[_VERSION]),
    )
