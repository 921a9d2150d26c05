"""Permalinks and merged records.

- `?version=` on any record URL (`/v1/{resource}/{key}`) pins it to a dataset version: the
  current version is served as usual; an earlier one is served from that release's stored
  snapshot (the record as it was, without `include=`/`fields=`); a version that is not a
  release, or whose records were not kept, is a 404 problem.
- A key that a curator redirected (data/redirects.yaml) answers 308 to the surviving
  record, on the record's URL and every URL under it, keeping the query string.
"""

import re
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qsl, quote, unquote, urlencode

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.deps import request_snapshot, urls_for
from app.api.responses import document_response, redirect_keeping_query
from app.dataset_state import Snapshot
from app.errors import ApiError, NotFound, problem_response
from app.queries import releases
from app.resources import BY_NAME

_ITEM = re.compile(r"^/v1/([a-z]+)/([^/]+)$")
_UNDER_ITEM = re.compile(r"^/v1/([a-z]+)/([^/]+)(/.*)?$")
_PINNED_PARAMS = {"version", "format"}


def normal_key(resource: str, key: str) -> str:
    found = BY_NAME.get(resource)
    return found.normal_key(key) if found is not None else key


def _pinned(snapshot: Snapshot, version: str, resource: str, key: str) -> tuple[str, str | None]:
    """(problem detail, None) or ("", stored body) for an earlier version of a record."""
    with snapshot.engine.connect() as conn:
        known = {r["version"]: r["snapshot_stored"] for r in releases.releases(conn)}
        if version not in known:
            return "No release has this version; /v1/releases lists them.", None
        if not known[version]:
            return "The records of this release were not kept.", None
        body = releases.record_body(conn, version, resource, normal_key(resource, key))
    if body is None:
        return "This record did not exist in that version.", None
    return "", body


class VersionPinning:
    """Serves `?version=` on record URLs (see the module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or b"version=" not in scope.get("query_string", b""):
            await self.app(scope, receive, send)
            return
        match = _ITEM.match(scope["path"])
        if match is None or match.group(1) not in BY_NAME:
            await self.app(scope, receive, send)
            return
        params = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        versions = [v for n, v in params if n == "version"]
        snapshot = request_snapshot(scope)
        if len(versions) == 1 and versions[0] == snapshot.version:
            rest = urlencode([(n, v) for n, v in params if n != "version"]).encode()
            await self.app({**scope, "query_string": rest}, receive, send)
            return
        request = Request(scope)
        response: Response
        if len(versions) > 1:
            response = problem_response(request, "invalid-parameter", "version: given twice")
        elif any(n not in _PINNED_PARAMS or (n == "format" and v != "json") for n, v in params):
            response = problem_response(
                request,
                "invalid-parameter",
                "An earlier version of a record is served whole, as JSON: only `version` "
                "(and format=json) may be given.",
            )
        else:
            resource, key = match.group(1), unquote(match.group(2))
            detail, body = await run_in_threadpool(_pinned, snapshot, versions[0], resource, key)
            if body is None:
                response = problem_response(request, "not-found", detail)
            else:
                urls = urls_for(request, scope["app"].state.settings)
                latest = urls.record(resource, normal_key(resource, key))
                response = document_response(
                    body.encode(), urls.base, {"Link": f'<{latest}>; rel="latest-version"'}
                )
        await response(scope, receive, send)


def _redirect_target(request: Request, resource: str, key: str) -> str | None:
    snapshot = request_snapshot(request.scope)
    with snapshot.engine.connect() as conn:
        return releases.redirect(conn, resource, normal_key(resource, key))


def install_redirects(app: FastAPI) -> None:
    """Answer 308 for a redirected key where the lookup would 404."""
    fallback = app.exception_handlers[ApiError]

    async def not_found(request: Request, exc: Exception) -> Response:
        match = _UNDER_ITEM.match(request.url.path)
        if match is not None and match.group(1) in BY_NAME:
            resource, key = match.group(1), unquote(match.group(2))
            new_key = await run_in_threadpool(_redirect_target, request, resource, key)
            if new_key is not None:
                path = f"/v1/{resource}/{quote(new_key, safe='')}{match.group(3) or ''}"
                return redirect_keeping_query(request, path)
        handler: Callable[[Request, Exception], Awaitable[Response]] = fallback  # type: ignore[assignment]
        return await handler(request, exc)

    app.add_exception_handler(NotFound, not_found)
