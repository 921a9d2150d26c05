"""How requests reach their handlers: one flat route list, and where a bounded read runs."""

import asyncio
import threading
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, event
from starlette.requests import Request
from starlette.routing import Mount, Route

from app.api.deps import bounded_read
from app.api.routing import include
from app.config import Settings
from app.loader.load import load
from app.main import create_app
from app.observability import RecordedRoute
from tests.conftest import DATA_DIR


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
def test_a_bounded_read_runs_inline_only_on_sqlite(url: str, inline: bool) -> None:
    """SQLite reads stay on the event loop; PostgreSQL reads, which wait on the network,
    go to a worker thread. (No connection is made: the engine's dialect decides.)"""

    async def run() -> tuple[threading.Thread, threading.Thread]:
        loop_thread = threading.current_thread()
        ran_in = await bounded_read(_request(url), threading.current_thread)
        return loop_thread, ran_in

    loop_thread, ran_in = asyncio.run(run())

    assert (ran_in is loop_thread) is inline


@pytest.fixture(scope="module")
def sqlite_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path_factory.mktemp('routing') / 'mss-facts.db'}"
    load(DATA_DIR, url)
    settings = Settings(database_url=url, data_dir=DATA_DIR, response_cache_bytes=0)
    with TestClient(create_app(settings)) as client:
        yield client


def _on_the_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


@pytest.mark.parametrize(
    ("url", "on_loop"),
    [
        ("/v1/contingents/ke-217-january-2025", True),
        ("/v1/mission", True),
        ("/v1/contingents?limit=5&sort=-arrived_on", True),
        ("/v1/officials?include=nation&fields=name", True),
        ("/v1/contingents?status=arrived", False),
        ("/v1/contingents?facet=status", False),
        ("/v1/contingents?offset=1", False),
    ],
)
def test_only_reads_the_page_bounds_run_on_the_event_loop(
    sqlite_client: TestClient, url: str, on_loop: bool
) -> None:
    """On SQLite: one record, or a page with no filter, facet or offset, is read on the
    event loop; anything whose cost the data decides is read in a worker thread."""
    engine = sqlite_client.app.state.dataset.current().engine  # type: ignore[attr-defined]
    where: list[bool] = []

    def note(*_: Any) -> None:
        where.append(_on_the_loop())

    event.listen(engine, "before_cursor_execute", note)
    try:
        assert sqlite_client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", note)

    assert where
    assert set(where) == {on_loop}
