"""SQLite and PostgreSQL give byte-identical answers to the same requests."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.loader.load import load
from app.main import create_app
from tests.conftest import DATA_DIR, _temporary_postgres_database

URLS = [
    "/v1",
    "/v1/mission",
    "/v1/missions?facet=lead_nation",
    "/v1/contingents?facet=status,nation,escort,ordinal,personnel_qualifier",
    "/v1/contingents?sort=-personnel,nation&limit=3",
    "/v1/contingents?include=nation,escorts,mission&format=csv",
    "/v1/nations?sort=-name&facet=role",
    "/v1/nations/ke",
    "/v1/officials?sort=name&facet=nation,organisation,title",
    "/v1/officials?include=nation&format=ndjson",
    "/v1/organisations?sort=-nation&facet=nation",
    "/v1/quotes?sort=-date,slug&facet=speaker,venue&include=speaker,event",
    "/v1/events",
    "/v1/events?sort=-kind,-date&facet=kind,involves",
    "/v1/events?date__overlaps=2025-01&limit=2",
    "/v1/sources?sort=published_on&facet=kind,text_stored,publisher",
    "/v1/sources/odrimedia-ruto-haiti-mss",
    "/v1/conflicts",
    "/v1/search?q=kenya&facet=kind",
    "/v1/search?q=haitian%20national%20police",
    "/v1/search?q=Port-au-Prince&limit=2",
    "/v1/stats",
    "/v1/contingents?status=bogus",
]


@pytest.fixture(scope="module")
def both(
    postgres_admin_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[TestClient, TestClient]]:
    sqlite_url = f"sqlite:///{Path(tmp_path_factory.mktemp('both')) / 'mss.db'}"
    load(DATA_DIR, sqlite_url)
    for pg_url in _temporary_postgres_database(postgres_admin_url):
        load(DATA_DIR, pg_url)
        with (
            TestClient(create_app(Settings(database_url=sqlite_url))) as lite,
            TestClient(create_app(Settings(database_url=pg_url))) as pg,
        ):
            yield lite, pg


@pytest.mark.parametrize("url", URLS)
def test_identical_bodies(both: tuple[TestClient, TestClient], url: str) -> None:
    lite, pg = both
    a, b = lite.get(url), pg.get(url)
    assert a.status_code == b.status_code
    assert a.headers.get("link") == b.headers.get("link")
    assert a.content == b.content


def test_every_cursor_page_is_identical(both: tuple[TestClient, TestClient]) -> None:
    lite, pg = both
    url: str | None = "/v1/events?limit=2&sort=-date"
    while url:
        a, b = lite.get(url), pg.get(url)
        assert a.content == b.content
        url = a.json()["links"]["next"]
