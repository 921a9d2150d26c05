"""/v1/releases and /v1/changes: every load that changed the data, and what it changed."""

import re
from typing import Annotated, Any

from fastapi import Depends
from starlette.responses import Response

from app.api.deps import DbDep, SnapshotDep, UrlsDep
from app.api.docs import error_responses, item_openapi
from app.api.formats import json_response
from app.api.params import BadValue, Extra, ItemParams
from app.api.responses import ItemParamsDep
from app.api.routing import make_router
from app.errors import NotFound
from app.models.base import Public
from app.models.release import ChangeFeed, RecordChanged, RecordRef, ReleaseInfo, Tombstone
from app.queries import releases

router = make_router("releases")
_VERSION = re.compile(r"[0-9a-f]{16}")


def _absolute(value: Any, base: str) -> Any:
    """A stored value with its API URLs (kept relative to the API root) made absolute."""
    if isinstance(value, str) and value.startswith("/v1/"):
        return base + value
    if isinstance(value, list):
        return [_absolute(v, base) for v in value]
    if isinstance(value, dict):
        return {k: _absolute(v, base) for k, v in value.items()}
    return value


def parse_version(raw: str) -> str:
    if not _VERSION.fullmatch(raw):
        raise BadValue("must be a dataset version: 16 lowercase hex digits")
    return raw


class ReleaseList(Public):
    """Every release, newest first."""

    data: list[ReleaseInfo]


class ChangeFeedItem(Public):
    """What changed between two releases."""

    data: ChangeFeed


_SINCE = Extra(
    "since",
    parse_version,
    "The earlier release: a `version` from /v1/releases whose snapshot is stored "
    "(default: the release before `until`, or `until` itself if there is none).",
    "0123456789abcdef",
    max_length=16,
    pattern=r"^[0-9a-f]{16}$",
)
_UNTIL = Extra(
    "until",
    parse_version,
    "The later release (default: the current one).",
    "0123456789abcdef",
    max_length=16,
    pattern=r"^[0-9a-f]{16}$",
)
ListArgs = Annotated[ItemParams, Depends(ItemParamsDep())]
ChangeArgs = Annotated[ItemParams, Depends(ItemParamsDep(extras=[_SINCE, _UNTIL]))]


def stored_release(db: DbDep, version: str) -> None:
    """Raise 404 unless `version` is a release whose records are kept."""
    known = {r["version"]: r["snapshot_stored"] for r in releases.releases(db)}
    if version not in known:
        raise NotFound("No release has this version; /v1/releases lists them.")
    if not known[version]:
        raise NotFound("The records of this release were not kept; it cannot be compared.")


def _previous(db: DbDep, version: str) -> str:
    """The stored release loaded just before `version` (or `version` if none was)."""
    ordered = [str(r["version"]) for r in releases.releases(db) if r["snapshot_stored"]]
    if version in ordered and ordered.index(version) + 1 < len(ordered):
        return ordered[ordered.index(version) + 1]
    return version


@router.get(
    "/releases",
    response_model=ReleaseList,
    responses=error_responses(400, 406, 422, 500),
    description="Every load that changed the dataset's content: its version (a content "
    "hash of the data files), when it was loaded, the records of each kind, and whether "
    "its records are kept for the change feed and for version-pinned permalinks.",
    openapi_extra=item_openapi(),
)
def list_releases(params: ListArgs, db: DbDep, urls: UrlsDep) -> Response:
    """List releases."""
    data = [
        ReleaseInfo(
            version=r["version"],
            loaded_at=r["loaded_at"],
            current=bool(r["current"]),
            counts={k: int(v) for k, v in r["counts"].items()},
            snapshot_stored=r["snapshot_stored"],
            changes_url=urls.filtered("changes", since=r["version"])
            if r["snapshot_stored"] and not r["current"]
            else None,
        ).model_dump(mode="json")
        for r in releases.releases(db)
    ]
    return json_response({"data": data})


@router.get(
    "/changes",
    response_model=ChangeFeedItem,
    responses=error_responses(400, 404, 406, 422, 500),
    description="Records added, changed and removed between two releases (`since`, and "
    "`until`, by default the current one). A change lists each differing field with its "
    "old and new value (nested objects as dotted paths, lists as whole values); a removal "
    "is a tombstone, with `merged_into` when the record was merged into another or renamed.",
    openapi_extra=item_openapi(extras=[_SINCE, _UNTIL]),
)
def list_changes(params: ChangeArgs, db: DbDep, snapshot: SnapshotDep, urls: UrlsDep) -> Response:
    """List what changed since a release."""
    until: str | None = params.extras.get("until") or snapshot.version
    if until is None:
        raise NotFound("No dataset is loaded.")
    since: str = params.extras.get("since") or _previous(db, until)
    stored_release(db, since)
    stored_release(db, until)
    feed = releases.changes(db, since, until)
    body = ChangeFeed(
        since=since,
        until=until,
        added=[RecordRef(**a, url=urls.record(a["resource"], a["key"])) for a in feed["added"]],
        changed=[
            RecordChanged(
                resource=c["resource"],
                key=c["key"],
                url=urls.record(c["resource"], c["key"]),
                changes=_absolute(c["changes"], urls.base),
            )
            for c in feed["changed"]
        ],
        removed=[
            Tombstone(
                resource=t["resource"],
                key=t["key"],
                merged_into=urls.record(t["resource"], t["merged_into"])
                if t["merged_into"]
                else None,
            )
            for t in feed["removed"]
        ],
    )
    return json_response({"data": body.model_dump(mode="json")})
