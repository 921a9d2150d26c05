"""What every list shares: pages that add up, cursors both ways, evidence on every record,
and a fixed number of queries whatever the page size."""

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from app.config import Settings
from app.main import create_app
from app.resources import RESOURCES
from tests.api.helpers import LIST_ENDPOINTS, assert_problem, keys, walk
from tests.conftest import ARTICLE_DIR, DATA_DIR

SPECS = {f"/v1/{res.name}": res.spec for res in RESOURCES}
SORTED = [
    (url, ("-" if desc else "") + s.name)
    for url, spec in SPECS.items()
    for s in spec.sorts
    for desc in (False, True)
]


def _total(article_client: TestClient, url: str) -> int:
    return int(article_client.get(url).json()["meta"]["total"])


@pytest.mark.parametrize(("url", "sort"), SORTED)
@pytest.mark.parametrize("limit", [1, 3])
def test_cursor_walk_yields_every_record_once_in_order(
    article_client: TestClient, url: str, sort: str, limit: int
) -> None:
    everything = article_client.get(url, params={"sort": sort, "limit": 500}).json()
    expected = keys(everything["data"])
    assert len(expected) == everything["meta"]["total"]
    forward = walk(article_client, f"{url}?sort={sort}&limit={limit}")
    assert keys(forward) == expected
    # From the last page, prev links lead back over the same records.
    last = article_client.get(f"{url}?sort={sort}&limit={limit}&offset={max(len(expected) - 1, 0)}")
    if expected:
        last_key = keys(last.json()["data"])[-1]
        assert last_key == expected[-1]


@pytest.mark.parametrize("url", LIST_ENDPOINTS)
def test_prev_links_walk_back_to_the_start(article_client: TestClient, url: str) -> None:
    expected = keys(article_client.get(url, params={"limit": 500}).json()["data"])
    pages = []
    next_url: str | None = f"{url}?limit=2"
    while next_url:
        body = article_client.get(next_url).json()
        pages.append(body)
        next_url = body["links"]["next"]
    backwards: list[str] = []
    prev_url = pages[-1]["links"]["prev"]
    while prev_url:
        body = article_client.get(prev_url).json()
        backwards = keys(body["data"]) + backwards
        prev_url = body["links"]["prev"]
    assert backwards + keys(pages[-1]["data"]) == expected
    assert pages[0]["links"]["prev"] is None
    assert pages[-1]["links"]["next"] is None


@pytest.mark.parametrize("url", LIST_ENDPOINTS)
def test_offset_pages_link_by_offset(article_client: TestClient, url: str) -> None:
    expected = keys(article_client.get(url, params={"limit": 500}).json()["data"])
    seen: list[str] = []
    next_url: str | None = f"{url}?limit=2&offset=0"
    while next_url:
        body = article_client.get(next_url).json()
        assert body["meta"]["offset"] is not None
        seen += keys(body["data"])
        next_url = body["links"]["next"]
        assert next_url is None or "offset=" in next_url
    assert seen == expected
    second = article_client.get(f"{url}?limit=1&offset=1")
    if len(expected) > 1:
        assert second.json()["links"]["prev"].endswith("offset=0")


def test_link_header_matches_the_body(article_client: TestClient) -> None:
    response = article_client.get(
        "/v1/events", params={"limit": 2, "kind": "arrival,departure,speech"}
    )
    links = response.json()["links"]
    service = '</openapi.json>; rel="service-desc"'
    assert response.headers["link"] == f'<{links["next"]}>; rel="next", {service}'
    assert response.headers["x-total-count"] == "3"
    assert links["self"].endswith("/v1/events?kind=arrival%2Cdeparture%2Cspeech&limit=2")
    assert "kind=arrival%2Cdeparture%2Cspeech" in links["next"]
    second = article_client.get(links["next"])
    assert second.headers["link"] == f'<{second.json()["links"]["prev"]}>; rel="prev", {service}'


def _records(obj: Any) -> Iterator[dict[str, Any]]:
    """Every nested object that carries evidence."""
    if isinstance(obj, dict):
        if "evidence" in obj:
            yield obj
        for value in obj.values():
            yield from _records(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from _records(value)


@pytest.mark.parametrize(
    "url", [u for u in LIST_ENDPOINTS if u not in ("/v1/sources", "/v1/conflicts")]
)
def test_every_served_record_has_evidence(client: TestClient, url: str) -> None:
    items = walk(client, f"{url}?limit=500")
    assert items
    for item in items:
        assert item["evidence"], item.get("slug") or item.get("code")
        for nested in _records(item):
            assert nested["evidence"], nested.get("slug")
            for e in nested["evidence"]:
                assert e["verified"] == (e["excerpt"] is not None)
                assert e["source_api_url"].endswith(f"/v1/sources/{e['source']}")
                assert e["source_url"].startswith(("https://", "http://"))


def test_every_conflict_side_has_evidence(client: TestClient) -> None:
    for conflict in client.get("/v1/conflicts").json()["data"]:
        assert len(conflict["claims"]) >= 2
        assert all(side["evidence"] for side in conflict["claims"])


@pytest.mark.parametrize("url", LIST_ENDPOINTS)
def test_fields_on_every_list(article_client: TestClient, url: str) -> None:
    spec = SPECS[url]
    chosen = [f for f in spec.fields if f not in spec.always_fields][:2]
    items = article_client.get(url, params={"fields": ",".join(chosen)}).json()["data"]
    assert all(set(i) == {*spec.always_fields, *chosen} for i in items)
    assert_problem(article_client.get(url, params={"fields": "nonsense"}), 422)


@pytest.mark.parametrize("url", [u for u in LIST_ENDPOINTS if SPECS[u].facets])
def test_facets_add_up_to_the_total_on_every_list(client: TestClient, url: str) -> None:
    spec = SPECS[url]
    for facet in spec.facets:
        body = client.get(url, params={"facet": facet.name, "limit": 1}).json()
        counts = body["meta"]["facets"][facet.name]
        assert counts, facet.name
        if facet.key is spec.key:  # one value per record: the counts add up
            total = sum(c["count"] for c in counts)
            if len(counts) < 100:  # (at most 100 values are counted, most first)
                assert total == body["meta"]["total"]
            else:
                assert total < body["meta"]["total"]
        assert [c["count"] for c in counts] == sorted((c["count"] for c in counts), reverse=True)


@contextmanager
def _counting(client: TestClient) -> Iterator[list[str]]:
    engine = client.app.state.dataset.current().engine  # type: ignore[attr-defined]
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


@pytest.fixture(scope="module")
def uncached(db_url: str) -> Iterator[TestClient]:
    """The curated data with no response cache: every request reaches the database."""
    settings = Settings(database_url=db_url, data_dir=DATA_DIR, response_cache_bytes=0)
    with TestClient(create_app(settings)) as fresh:
        yield fresh


@pytest.mark.parametrize(
    "url", [u for u in LIST_ENDPOINTS if u not in ("/v1/missions", "/v1/conflicts")]
)
def test_queries_do_not_grow_with_the_page(uncached: TestClient, url: str) -> None:
    """A page of every record costs a query per relation, as a page of one does. (The
    counts may differ: a relation with no rows on a page, or a kind of linked record not
    on it, skips its query. A query per record would repeat one statement per record.)"""
    page = min(_total(uncached, url), 500)
    assert page >= 4
    with _counting(uncached) as small:
        uncached.get(url, params={"limit": 1})
    with _counting(uncached) as large:
        uncached.get(url, params={"limit": page})
    assert small
    assert len(small) <= len(large) <= 25
    assert max(Counter(large).values()) < page, "one statement per record (N+1)"


def test_include_does_not_query_per_record(article_client: TestClient) -> None:
    with _counting(article_client) as one:
        article_client.get("/v1/quotes", params={"limit": 1, "include": "speaker,event"})
    with _counting(article_client) as three:
        article_client.get("/v1/quotes", params={"limit": 3, "include": "speaker,event"})
    assert len(three) == len(one)  # the same speaker and event: the same relations


def test_a_record_costs_one_query_once_its_connection_knows_its_release(
    article_db_url: str,
) -> None:
    """A SQLite connection reads one published file for its life (a load writes a new
    file and renames it over), so the release it reads is asked once per connection;
    after that, one record is one query, its stored document. On PostgreSQL a load
    commits under open connections: every request asks which release it reads."""
    settings = Settings(database_url=article_db_url, data_dir=ARTICLE_DIR, response_cache_bytes=0)
    with TestClient(create_app(settings)) as fresh:
        url = "/v1/contingents/ke-217-january-2025"
        with _counting(fresh) as first:
            assert fresh.get(url).status_code == 200
        with _counting(fresh) as later:
            for _ in range(5):
                assert fresh.get(url).status_code == 200

    assert any("dataset_release" in s for s in first)
    releases = [s for s in later if "dataset_release" in s]
    if article_db_url.startswith("sqlite"):
        assert (len(releases), len(later)) == (0, 5)
    else:
        assert (len(releases), len(later)) == (5, 10)
