"""How requests reach their handlers: one flat route list, and where a keyed read runs."""

import asyncio
import threading
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from sqlalchemy import create_engine
from starlette.requests import Request
from starlette.routing import Mount, Route

from app.api.deps import keyed_read
from app.api.routing import include
from app.main import create_app
from app.observability import RecordedRoute


def test_the_app_matches_one_flat_list_of_routes() -> None:
    """No included-router branches, which every request would walk twice: every route
    the app matches is a route (or the static files' mount)."""
    app = create_app()

    routes = app.router.routes

    assert all(isinstance(route, Route | Mount) for route in routes), routes
    api = [route for route in routes if isinstance(route, APIRoute)]
    # Each notes its template for the metrics, in place of an app-wide dependency.
    assert all(isinstance(route, RecordedRoute) for route in api)
    paths = {route.path for route in api}
    assert {"/v1/contingents", "/v1/contingents/{slug}", "/v1/mission", "/healthz"} <= paths


def test_include_keeps_what_a_route_was_declared_with() -> None:
    router = APIRouter(tags=["things"])

    @router.get("/things/{slug}", summary="One thing", responses={404: {"description": "x"}})
    async def get_thing(slug: str) -> dict[str, str]:
        return {"slug": slug}

    app = FastAPI()
    include(app, router, "/v9")

    operation = app.openapi()["paths"]["/v9/things/{slug}"]["get"]
    assert (operation["tags"], operation["summary"]) == (["things"], "One thing")
    assert "404" in operation["responses"]


def test_include_refuses_what_is_not_an_api_route() -> None:
    router = APIRouter()
    router.routes.append(Route("/raw", lambda request: None))

    with pytest.raises(TypeError, match="only API routes"):
        include(FastAPI(), router)


def _request(url: str) -> Request:
    engine = create_engine(url)
    scope: dict[str, Any] = {"type": "http", "state": {"snapshot": SimpleNamespace(engine=engine)}}
    return Request(scope)


@pytest.mark.parametrize(
    ("url", "inline"),
    [("sqlite://", True), ("postgresql+psycopg://nobody@127.0.0.1:1/none", False)],
)
def test_a_keyed_read_runs_inline_only_on_sqlite(url: str, inline: bool) -> None:
    """SQLite reads stay on the event loop; PostgreSQL reads, which wait on the network,
    go to a worker thread. (No connection is made: the engine's dialect decides.)"""

    async def run() -> tuple[threading.Thread, threading.Thread]:
        loop_thread = threading.current_thread()
        ran_in = await keyed_read(_request(url), threading.current_thread)
        return loop_thread, ran_in

    loop_thread, ran_in = asyncio.run(run())

    assert (ran_in is loop_thread) is inline
