"""SQLite and PostgreSQL give byte-identical answers to the same requests: the list
below, and every example the docs' API guide runs."""

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.loader import load as load_module
from app.loader.load import load
from app.main import create_app
from tests.api.test_docs_examples import BASE, EXAMPLES, Example
from tests.conftest import DATA_DIR, _temporary_postgres_database

# Problem bodies carry the request id: send the same one to both.
SAME_ID = {"X-Request-ID": "same-on-both-backends"}
# Each database was loaded at its own moment; everything else must match.
_LOAD_TIME = re.compile(rb'"(dataset_)?loaded_at":"[^"]+"')

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
    # Both loads at one moment: the dumps record their load's time.
    moment = dt.datetime.now(dt.UTC)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(load_module, "now", lambda: moment)
        load(DATA_DIR, sqlite_url)
    for pg_url in _temporary_postgres_database(postgres_admin_url):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(load_module, "now", lambda: moment)
            load(DATA_DIR, pg_url)
        with (
            TestClient(create_app(Settings(database_url=sqlite_url))) as lite,
            TestClient(create_app(Settings(database_url=pg_url))) as pg,
        ):
            yield lite, pg


def _same(lite: TestClient, pg: TestClient, method: str, url: str, headers: dict[str, str]) -> None:
    a = lite.request(method, url, headers={**SAME_ID, **headers})
    b = pg.request(method, url, headers={**SAME_ID, **headers})
    assert a.status_code == b.status_code
    for header in ("link", "x-total-count", "content-type"):
        assert a.headers.get(header) == b.headers.get(header), header
    if a.content == b.content:
        assert a.headers.get("etag") == b.headers.get("etag")
    else:  # only the load times may differ (and so the ETag)
        assert _LOAD_TIME.sub(b"", a.content) == _LOAD_TIME.sub(b"", b.content)


@pytest.mark.parametrize("url", URLS)
def test_identical_bodies(both: tuple[TestClient, TestClient], url: str) -> None:
    _same(*both, "GET", url, {})


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.line[:90])
def test_identical_answers_to_the_docs_examples(
    both: tuple[TestClient, TestClient], example: Example
) -> None:
    _same(*both, example.method, example.url.removeprefix(BASE), dict(example.headers))


def test_every_cursor_page_is_identical(both: tuple[TestClient, TestClient]) -> None:
    lite, pg = both
    url: str | None = "/v1/events?limit=2&sort=-date"
    while url:
        a, b = lite.get(url), pg.get(url)
        assert a.content == b.content
        url = a.json()["links"]["next"]
