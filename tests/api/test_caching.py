"""HTTP caching: strong ETags and 304s, Last-Modified, Vary, compression negotiation, the
response store (a hit never touches the database) and its invalidation by a reload."""

import datetime as dt
import shutil
import time
from collections.abc import Iterator
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from app.cache.coding import choose
from app.cache.middleware import normalise_query
from app.config import Settings
from app.loader.load import load
from app.main import create_app
from tests.api.helpers import assert_problem
from tests.conftest import DATA_DIR

LIST = "/v1/contingents"
ITEM = "/v1/contingents/ke-217-january-2025"
PLAIN = {"Accept-Encoding": "identity"}


def _etag(client: TestClient, url: str, **headers: str) -> str:
    response = client.get(url, headers={**PLAIN, **headers})
    assert response.status_code == 200
    return response.headers["etag"]


# --- validators and cache headers ---------------------------------------------------


@pytest.mark.parametrize("url", [LIST, ITEM, "/v1/search?q=kenya", "/v1", "/openapi.json"])
def test_every_get_has_a_strong_etag_and_cache_headers(client: TestClient, url: str) -> None:
    response = client.get(url, headers=PLAIN)
    assert response.status_code == 200
    etag = response.headers["etag"]
    assert etag.startswith('"')
    assert etag.endswith('"')
    assert not etag.startswith("W/")
    assert response.headers["cache-control"] == "public, max-age=60, stale-while-revalidate=600"
    vary = {v.strip() for v in response.headers["vary"].split(",")}
    assert {"Accept", "Accept-Encoding"} <= vary
    # CORS headers are the same for every origin: nothing varies with Origin.
    assert "Origin" not in vary
    modified = parsedate_to_datetime(response.headers["last-modified"])
    assert modified <= dt.datetime.now(dt.UTC)


def test_etags_differ_by_representation(client: TestClient) -> None:
    json_tag = _etag(client, LIST)
    assert _etag(client, LIST + "?format=csv") != json_tag
    assert _etag(client, LIST, Accept="text/csv") != json_tag
    assert _etag(client, LIST + "?limit=2") != json_tag
    assert _etag(client, ITEM) != json_tag
    gzip_tag = client.get(LIST, headers={"Accept-Encoding": "gzip"}).headers["etag"]
    assert gzip_tag != json_tag


def test_equivalent_queries_share_an_etag(client: TestClient) -> None:
    tag = _etag(client, LIST + "?limit=2&sort=slug")
    assert _etag(client, LIST + "?sort=slug&limit=2") == tag
    assert _etag(client, LIST + "?sort=slug&limit=%32") == tag
    # Accept headers that choose the same format choose the same representation.
    assert _etag(client, LIST, Accept="application/json") == _etag(client, LIST)


def test_query_normalisation() -> None:
    assert normalise_query(b"") == ""
    assert normalise_query(b"b=2&a=1") == normalise_query(b"a=%31&b=2") == "a=1&b=2"
    assert normalise_query(b"q=a+b") == normalise_query(b"q=a%20b")
    assert normalise_query(b"a=1&b=") != normalise_query(b"a=1")


# --- If-None-Match --------------------------------------------------------------------


def _assert_not_modified(response: object, etag: str) -> None:
    from httpx import Response

    assert isinstance(response, Response)
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["etag"] == etag
    assert response.headers["cache-control"].startswith("public, max-age=")
    assert "Accept-Encoding" in response.headers["vary"]
    assert "content-type" not in response.headers


@pytest.mark.parametrize("url", [LIST, ITEM, LIST + "?format=csv"])
def test_if_none_match_exact(client: TestClient, url: str) -> None:
    etag = _etag(client, url)
    response = client.get(url, headers={**PLAIN, "If-None-Match": etag})
    _assert_not_modified(response, etag)


def test_if_none_match_weak_form_matches(client: TestClient) -> None:
    etag = _etag(client, LIST)
    response = client.get(LIST, headers={**PLAIN, "If-None-Match": f"W/{etag}"})
    _assert_not_modified(response, etag)


def test_if_none_match_list(client: TestClient) -> None:
    etag = _etag(client, LIST)
    header = f'"something-else", {etag} , W/"another"'
    response = client.get(LIST, headers={**PLAIN, "If-None-Match": header})
    _assert_not_modified(response, etag)


def test_if_none_match_star(client: TestClient) -> None:
    etag = _etag(client, LIST)
    response = client.get(LIST, headers={**PLAIN, "If-None-Match": "*"})
    _assert_not_modified(response, etag)


@pytest.mark.parametrize("header", ['"nope"', 'W/"nope", "also-not"', "garbage"])
def test_if_none_match_other_tags_get_the_body(client: TestClient, header: str) -> None:
    response = client.get(LIST, headers={**PLAIN, "If-None-Match": header})
    assert response.status_code == 200
    assert response.json()["data"]


def test_an_etag_of_another_coding_does_not_match(client: TestClient) -> None:
    gzip_tag = client.get(LIST, headers={"Accept-Encoding": "gzip"}).headers["etag"]
    response = client.get(LIST, headers={**PLAIN, "If-None-Match": gzip_tag})
    assert response.status_code == 200
    again = client.get(LIST, headers={"Accept-Encoding": "gzip", "If-None-Match": gzip_tag})
    assert again.status_code == 304


# --- If-Modified-Since ---------------------------------------------------------------


def test_if_modified_since(client: TestClient) -> None:
    first = client.get(LIST, headers=PLAIN)
    modified = first.headers["last-modified"]
    unchanged = client.get(LIST, headers={**PLAIN, "If-Modified-Since": modified})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    later = format_datetime(dt.datetime.now(dt.UTC) + dt.timedelta(days=1), usegmt=True)
    assert client.get(LIST, headers={**PLAIN, "If-Modified-Since": later}).status_code == 304
    earlier = parsedate_to_datetime(modified) - dt.timedelta(seconds=1)
    response = client.get(
        LIST, headers={**PLAIN, "If-Modified-Since": format_datetime(earlier, usegmt=True)}
    )
    assert response.status_code == 200
    bad = client.get(LIST, headers={**PLAIN, "If-Modified-Since": "yesterday-ish"})
    assert bad.status_code == 200


def test_if_none_match_takes_precedence_over_if_modified_since(client: TestClient) -> None:
    modified = client.get(LIST, headers=PLAIN).headers["last-modified"]
    response = client.get(
        LIST, headers={**PLAIN, "If-None-Match": '"other"', "If-Modified-Since": modified}
    )
    assert response.status_code == 200


# --- If-Match and If-Unmodified-Since --------------------------------------------------


def test_if_match_with_the_current_etag_or_star_gets_the_body(client: TestClient) -> None:
    etag = client.get(LIST, headers=PLAIN).headers["etag"]
    for header in (etag, f'"other", {etag}', "*"):
        response = client.get(LIST, headers={**PLAIN, "If-Match": header})
        assert response.status_code == 200, header
        assert response.json()["data"]


@pytest.mark.parametrize("header", ['"other"', "W/{etag}", "{etag}x"])
def test_if_match_without_the_current_etag_is_412(client: TestClient, header: str) -> None:
    etag = client.get(LIST, headers=PLAIN).headers["etag"]
    response = client.get(LIST, headers={**PLAIN, "If-Match": header.format(etag=etag)})
    body = assert_problem(response, 412)
    # The detail gives the tag to use; a 412 is never stored or validated.
    assert etag in body["detail"]
    assert response.headers["cache-control"] == "no-store"
    assert "etag" not in response.headers


def test_if_unmodified_since(client: TestClient) -> None:
    modified = parsedate_to_datetime(client.get(LIST, headers=PLAIN).headers["last-modified"])
    for moment in (modified, modified + dt.timedelta(days=1)):
        when = format_datetime(moment, usegmt=True)
        assert client.get(LIST, headers={"If-Unmodified-Since": when}).status_code == 200
    before = format_datetime(modified - dt.timedelta(seconds=1), usegmt=True)
    response = client.get(LIST, headers={"If-Unmodified-Since": before})
    assert "after the date given" in assert_problem(response, 412)["detail"]
    # An unparseable date is ignored, as RFC 9110 asks.
    assert client.get(LIST, headers={"If-Unmodified-Since": "soon"}).status_code == 200


def test_if_match_takes_precedence_over_if_unmodified_since(client: TestClient) -> None:
    etag = client.get(LIST, headers=PLAIN).headers["etag"]
    old = "Mon, 01 Jan 2001 00:00:00 GMT"
    response = client.get(LIST, headers={**PLAIN, "If-Match": etag, "If-Unmodified-Since": old})
    assert response.status_code == 200


# --- Accept-Encoding that excludes everything ------------------------------------------


@pytest.mark.parametrize("header", ["identity;q=0", "*;q=0", "identity;q=0, deflate"])
def test_no_acceptable_coding_is_406(client: TestClient, header: str) -> None:
    for url in (LIST, ITEM + "?fields=slug"):  # a large body and a small one
        response = client.get(url, headers={"Accept-Encoding": header})
        body = assert_problem(response, 406)
        assert "gzip" in body["detail"]
        assert "Accept-Encoding" in response.headers["vary"]


def test_a_small_body_is_compressed_when_identity_is_excluded(client: TestClient) -> None:
    url = ITEM + "?fields=slug"
    assert len(client.get(url, headers=PLAIN).content) < Settings().compress_min_bytes
    response = client.get(url, headers={"Accept-Encoding": "identity;q=0, gzip"})
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert response.json()["data"]["slug"] == "ke-217-january-2025"


def test_a_406_for_accept_varies_with_accept(client: TestClient) -> None:
    response = client.get(LIST, headers={"Accept": "text/xml"})
    assert_problem(response, 406)
    assert "Accept" in {v.strip() for v in response.headers["vary"].split(",")}


# --- errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status"),
    [("/v1/contingents/nope", 404), (LIST + "?limit=0", 422), (LIST + "?colour=red", 400)],
)
def test_errors_are_not_stored_and_carry_no_validator(
    client: TestClient, url: str, status: int
) -> None:
    for _ in range(2):
        response = client.get(url, headers={"If-None-Match": "*"})
        assert response.status_code == status
        assert response.headers["cache-control"] == "no-store"
        assert "etag" not in response.headers
        assert "last-modified" not in response.headers
        assert response.headers.get("x-cache") is None


def test_operational_endpoints_are_not_cached(client: TestClient) -> None:
    response = client.get("/healthz")
    assert "etag" not in response.headers
    assert "x-cache" not in response.headers


# --- compression -----------------------------------------------------------------------


@pytest.mark.parametrize("coding", ["gzip", "br", "zstd"])
def test_compressed_bodies_decode_to_the_same_bytes(client: TestClient, coding: str) -> None:
    plain = client.get(LIST, headers=PLAIN)
    assert "content-encoding" not in plain.headers
    packed = client.get(LIST, headers={"Accept-Encoding": coding})
    assert packed.headers["content-encoding"] == coding
    assert packed.content == plain.content  # httpx decodes
    assert int(packed.headers["content-length"]) < len(plain.content)


def test_small_bodies_are_not_compressed(client: TestClient) -> None:
    url = LIST + "?limit=1&fields=slug"
    response = client.get(url, headers={"Accept-Encoding": "gzip, br, zstd"})
    assert response.status_code == 200
    assert len(response.content) < Settings().compress_min_bytes
    assert "content-encoding" not in response.headers


@pytest.mark.parametrize(
    ("header", "coding"),
    [
        ("", "identity"),
        ("gzip", "gzip"),
        ("gzip, deflate, br, zstd", "br"),
        ("gzip;q=1.0, br;q=0.5", "gzip"),
        ("br;q=0, zstd;q=0.8, gzip;q=0.8", "zstd"),
        ("br;q=0, *", "zstd"),
        ("*;q=0.5, gzip;q=0.9", "gzip"),
        ("identity", "identity"),
        ("deflate, compress", "identity"),
        ("*;q=0", None),
        ("identity;q=0", None),
        ("identity;q=0, deflate", None),
        ("identity;q=0, gzip", "gzip"),
        ("*;q=0, identity", "identity"),
        ("GZIP;Q=0.7", "gzip"),
        ("br;q=nonsense, gzip", "gzip"),
    ],
)
def test_accept_encoding_negotiation(header: str, coding: str | None) -> None:
    assert choose(header) == coding


def test_q_values_reach_the_response(client: TestClient) -> None:
    response = client.get(LIST, headers={"Accept-Encoding": "br;q=0.1, gzip;q=0.9"})
    assert response.headers["content-encoding"] == "gzip"


# --- HEAD and the store ------------------------------------------------------------------


def test_head_on_a_cached_path(client: TestClient) -> None:
    get = client.get(LIST, headers=PLAIN)
    head = client.head(LIST, headers=PLAIN)
    assert head.status_code == 200
    assert head.headers["x-cache"] == "hit"
    assert head.content == b""
    assert head.headers["etag"] == get.headers["etag"]
    assert head.headers["content-length"] == str(len(get.content))
    conditional = client.head(LIST, headers={**PLAIN, "If-None-Match": get.headers["etag"]})
    assert conditional.status_code == 304


def test_head_first_fills_the_store_for_get(client: TestClient) -> None:
    url = LIST + "?sort=-slug&limit=3"
    head = client.head(url, headers=PLAIN)
    assert head.content == b""
    get = client.get(url, headers=PLAIN)
    assert get.headers["x-cache"] == "hit"
    assert get.headers["content-length"] == head.headers["content-length"]
    assert len(get.json()["data"]) == 3


def test_a_hit_does_not_touch_the_database(db_url: str) -> None:
    # A poll interval longer than the test: PostgreSQL's periodic version check (every
    # RELOAD_POLL_SECONDS, whatever is asked) must not be mistaken for the hit's work.
    settings = Settings(database_url=db_url, data_dir=DATA_DIR, reload_poll_seconds=300)
    url = LIST + "?limit=4&sort=nation"
    with TestClient(create_app(settings)) as client:
        client.get(url)
        engine = client.app.state.dataset.current().engine  # type: ignore[attr-defined]
        statements: list[str] = []

        def count(*args: object) -> None:
            statements.append(str(args[2]))

        event.listen(engine, "before_cursor_execute", count)
        try:
            hit = client.get(url)
            not_modified = client.get(url, headers={"If-None-Match": hit.headers["etag"]})
        finally:
            event.remove(engine, "before_cursor_execute", count)
    assert hit.headers["x-cache"] == "hit"
    assert not_modified.status_code == 304
    assert statements == []


# --- invalidation on a reload ---------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def reloadable(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[TestClient, str]]:
    """A client on its own database, which the test may load new data into."""
    fixture = "fresh_sqlite_url" if request.param == "sqlite" else "fresh_postgres_url"
    url: str = request.getfixturevalue(fixture)
    load(DATA_DIR, url)
    settings = Settings(database_url=url, data_dir=DATA_DIR, reload_poll_seconds=0.001)
    with TestClient(create_app(settings)) as client:
        yield client, url


def test_a_reload_changes_the_etag_and_the_body(
    reloadable: tuple[TestClient, str], tmp_path: Path
) -> None:
    client, url = reloadable
    record = "/v1/events/ke-217-departs-kenya"
    before = client.get(record, headers=PLAIN)
    assert client.get(record, headers=PLAIN).headers["x-cache"] == "hit"
    assert before.json()["data"]["place"] == "Kenya"
    list_before = client.get(LIST, headers=PLAIN)

    changed = tmp_path / "changed"
    shutil.copytree(DATA_DIR, changed)
    events = changed / "events.yaml"
    text = events.read_text(encoding="utf-8")
    assert "place: Kenya" in text
    events.write_text(text.replace("place: Kenya", "place: Nairobi, Kenya", 1), encoding="utf-8")
    assert load(changed, url).changed
    time.sleep(0.01)  # past the (test's tiny) PostgreSQL poll interval

    after = client.get(record, headers={**PLAIN, "If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert after.headers["x-cache"] == "miss"
    assert after.json()["data"]["place"] == "Nairobi, Kenya"
    assert after.headers["etag"] != before.headers["etag"]
    # Every entry went, not just the changed record's: the version is part of every tag.
    list_after = client.get(LIST, headers=PLAIN)
    assert list_after.headers["x-cache"] == "miss"
    assert list_after.headers["etag"] != list_before.headers["etag"]
    assert client.get(record, headers=PLAIN).headers["x-cache"] == "hit"


def test_a_route_that_sets_its_own_etag_keeps_it(client: TestClient) -> None:
    """A dump file's ETag is its SHA-256; the cache passes it (and the file) through."""
    dump = client.get("/v1/dumps").json()["data"][0]
    response = client.get(dump["url"], headers=PLAIN)
    assert response.status_code == 200
    assert response.headers["etag"] == f'"{dump["sha256"]}"'
    assert "x-cache" not in response.headers
    head = client.head(dump["url"], headers=PLAIN)
    assert head.content == b""
    assert head.headers["content-length"] == str(dump["size"])
    again = client.get(dump["url"], headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304
