"""Every input has a documented bound; past it the answer is a 4xx problem+json, never a
500, and nothing oversized or malformed reaches the database."""

import pytest
from fastapi.testclient import TestClient

from app.api.middleware import MAX_HEADER_BYTES, MAX_HEADERS_TOTAL_BYTES, MAX_TARGET_BYTES
from app.api.pagination import MAX_CURSOR_LENGTH, encode_cursor
from app.api.query import MAX_LIST_VALUES, MAX_OFFSET, MAX_SORT_KEYS
from app.queries.listing import MAX_LIMIT
from app.queries.search import MAX_Q_LENGTH
from tests.api.helpers import assert_problem

BIG = str(2**64 + 1)

# (url, status, parameter named in `errors` or None)
BAD_INPUT = [
    ("/v1/contingents?limit=0", 422, "limit"),
    (f"/v1/contingents?limit={MAX_LIMIT + 1}", 422, "limit"),
    (f"/v1/contingents?limit={BIG}", 422, "limit"),
    ("/v1/contingents?limit=-1", 422, "limit"),
    ("/v1/contingents?limit=1e3", 422, "limit"),
    ("/v1/contingents?limit=%EF%BC%91", 422, "limit"),  # a full-width digit one
    (f"/v1/contingents?offset={MAX_OFFSET + 1}", 422, "offset"),
    (f"/v1/contingents?offset={BIG}", 422, "offset"),
    (f"/v1/contingents?personnel__gt={BIG}", 422, "personnel__gt"),
    (f"/v1/contingents?personnel=1,{BIG}", 422, "personnel"),
    (f"/v1/contingents?personnel={2**31}", 422, "personnel"),
    ("/v1/contingents?personnel=" + ",".join(["1"] * (MAX_LIST_VALUES + 1)), 422, "personnel"),
    (f"/v1/contingents?cursor={'A' * (MAX_CURSOR_LENGTH + 1)}", 422, "cursor"),
    ("/v1/contingents?cursor=not-a-cursor", 422, "cursor"),
    ("/v1/contingents?cursor=W1tdXQ", 422, "cursor"),
    ("/v1/contingents?cursor=0&offset=0", 422, "cursor"),
    (f"/v1/search?q={'a' * (MAX_Q_LENGTH + 1)}", 422, "q"),
    ("/v1/search?q=", 422, "q"),
    ("/v1/search", 422, "q"),
    ("/v1/search?q=ruto%00", 422, "q"),
    ("/v1/contingents?nation=K%00E", 422, "nation"),
    (
        "/v1/contingents?sort="
        + ",".join(["slug"] * 0 + ["-personnel", "slug", "ordinal", "arrived_on", "deployed_on"]),
        422,
        "sort",
    ),
    ("/v1/contingents?sort=nope", 422, "sort"),
    ("/v1/contingents?sort=slug;DROP TABLE contingent", 422, "sort"),
    ("/v1/contingents?include=nation.mission", 422, "include"),
    ("/v1/contingents?include=nation,nation.mission", 422, "include"),
    ("/v1/contingents?fields=slug,__class__", 422, "fields"),
    ("/v1/contingents?arrived_on__gte=2025-02-30", 422, "arrived_on__gte"),
    ("/v1/contingents?arrived_on__gte=0000", 422, "arrived_on__gte"),
    ("/v1/contingents?arrived_on__gte=2025-1-1", 422, "arrived_on__gte"),
    ("/v1/contingents?status=bogus", 422, "status"),
    ("/v1/contingents?limit=1&limit=2", 422, "limit"),
    ("/v1/contingents?format=xml", 422, "format"),
    ("/v1/contingents?bogus=1", 400, None),
    # A key of the wrong shape names no record: 404, as for a well-formed unknown key.
    (f"/v1/contingents/{'a' * 121}", 404, None),
    ("/v1/contingents/a%20b", 404, None),
    ("/v1/contingents/%00", 404, None),  # no URL holds a NUL
    ("/v1/contingents/a%00b/cite", 404, None),
    ("/v1/nations/KEN", 404, None),
    ("/v1/nations/K1", 404, None),
    ("/v1/nations/K%00", 404, None),
    ("/v1/contingents/a%20b/cite", 404, None),
    ("/v1/stats?mission=MSS", 422, "mission"),
    ("/v1/sources/odrimedia-ruto-haiti-mss/excerpts?context=%C2%B2", 422, "context"),
    ("/v1/sources/odrimedia-ruto-haiti-mss/excerpts?context=2001", 422, "context"),
    ("/v1/changes?since=0123456789ABCDEF", 422, "since"),
    ("/v1/contingents/nope", 404, None),
]


@pytest.mark.parametrize(("url", "status", "parameter"), BAD_INPUT)
def test_bad_input_is_a_clear_4xx(
    client: TestClient, url: str, status: int, parameter: str | None
) -> None:
    response = client.get(url)
    body = assert_problem(response, status)
    if parameter is not None:
        assert parameter in {e["parameter"] for e in body["errors"]}, body
    # Neither the value nor anything of the server's inside is repeated back.
    assert BIG not in response.text
    assert "Traceback" not in response.text
    assert "SELECT" not in response.text


def test_sort_keys_are_bounded(client: TestClient) -> None:
    keys = ["personnel", "ordinal", "arrived_on", "deployed_on", "departed_on"]
    assert len(keys) > MAX_SORT_KEYS
    assert client.get("/v1/contingents?sort=" + ",".join(keys[:MAX_SORT_KEYS])).status_code == 200
    assert_problem(client.get("/v1/contingents?sort=" + ",".join(keys)), 422)


def test_a_cursor_for_another_sort_is_refused(client: TestClient) -> None:
    cursor = encode_cursor(["personnel", "slug"], [200, "x"], backwards=False)
    assert_problem(client.get(f"/v1/contingents?cursor={cursor}"), 422)


@pytest.mark.parametrize(
    "q", ["%", "_", "%_%", "'", '"', "' OR 1=1 --", "ruto*", "NEAR(a b)", "a:b", "^ruto", "()"]
)
def test_search_input_is_matched_literally(client: TestClient, q: str) -> None:
    response = client.get("/v1/search", params={"q": q})
    assert response.status_code == 200, response.text
    for hit in response.json()["data"]:
        assert hit["match"] in ("exact_title", "title_phrase", "phrase", "all_words")


def test_wildcards_do_not_widen_a_search(client: TestClient) -> None:
    everything = client.get("/v1/search", params={"q": "%", "limit": 500}).json()
    assert everything["data"] == []
    assert (
        client.get("/v1/search", params={"q": "ruto%"}).json()["meta"]["total"]
        == (client.get("/v1/search", params={"q": "ruto"}).json()["meta"]["total"])
    )


def test_an_overlong_request_target_is_414(client: TestClient) -> None:
    response = client.get("/v1/contingents?nation=" + "K" * MAX_TARGET_BYTES)
    body = assert_problem(response, 414)
    assert body["type"].endswith("/problems/uri-too-long")


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Big": "x" * (MAX_HEADER_BYTES + 1)},
        {f"X-H{i}": "x" * 4000 for i in range(MAX_HEADERS_TOTAL_BYTES // 4000 + 1)},
    ],
)
def test_oversized_headers_are_431(client: TestClient, headers: dict[str, str]) -> None:
    response = client.get("/v1/contingents", headers=headers)
    body = assert_problem(response, 431)
    assert body["type"].endswith("/problems/headers-too-large")


def test_too_many_headers_are_431(client: TestClient) -> None:
    headers = [(f"x-h{i}", "1") for i in range(120)]
    response = client.get("/v1/contingents", headers=headers)
    assert_problem(response, 431)
