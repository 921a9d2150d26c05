"""/v1/sources: cited documents, with their stored text."""

import hashlib

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import assert_problem, data, keys

STORED = "odrimedia-ruto-haiti-mss"


def test_stored_source_text_is_byte_for_byte(article_client: TestClient) -> None:
    s = data(article_client, f"/v1/sources/{STORED}")
    assert s["text_stored"] is True
    assert hashlib.sha256(s["text"].encode()).hexdigest() == s["sha256"]
    assert s["text_length"] == len(s["text"])
    assert s["document_url"].startswith("https://odrimedia.co.ke/")
    assert s["published"]["inferred"] is True
    assert s["citations"] > 50


def test_excerpt_offsets_index_the_served_text(article_client: TestClient) -> None:
    text = data(article_client, f"/v1/sources/{STORED}")["text"]
    for e in data(article_client, "/v1/contingents/ke-217-january-2025")["evidence"]:
        if e["verified"]:
            assert text[e["start"] : e["end"]] == e["excerpt"]


def test_lists_leave_the_text_out(article_client: TestClient) -> None:
    sources = data(article_client, "/v1/sources")
    assert len(sources) == 6
    assert all("text" not in s for s in sources)
    unstored = [s for s in sources if not s["text_stored"]]
    assert len(unstored) == 5
    assert all(s["sha256"] is None for s in unstored)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"text_stored": "true"}, [STORED]),
        ({"text_stored": "false", "kind": "photo_caption"}, ["guardian-ng-afp-kenya-deploys-144"]),
        ({"publisher": "The Kenya Times"}, ["kenya-times-ruto-trump-haiti"]),
        ({"published_on__overlaps": "2025-01-18"}, ["latestly-ap-kenya-deploys-217"]),
        ({"published_on__gte": "2025-02"}, ["guardian-ng-afp-kenya-deploys-144"]),
        ({"published_on__gt": "2025-01-26"}, ["guardian-ng-afp-kenya-deploys-144"]),
        ({"published_on__lt": "2025-01-26"}, ["latestly-ap-kenya-deploys-217"]),
        (
            {"published_on__lte": "2025-01-26"},
            ["latestly-ap-kenya-deploys-217", "the-star-ruto-trump-haiti"],
        ),
        # Same earliest day: the bounded interval before the open-ended one.
        (
            {"sort": "published_on", "limit": "3"},
            ["latestly-ap-kenya-deploys-217", "the-star-ruto-trump-haiti", STORED],
        ),
        ({"sort": "-publisher", "limit": "1"}, ["the-star-ruto-trump-haiti"]),
    ],
)
def test_filters_and_sorts(
    article_client: TestClient, query: dict[str, str], expected: list[str]
) -> None:
    assert keys(data(article_client, "/v1/sources", **query)) == expected


def test_facets(article_client: TestClient) -> None:
    facets = article_client.get(
        "/v1/sources", params={"facet": "kind,text_stored,publisher"}
    ).json()["meta"]["facets"]
    assert facets["text_stored"] == [{"value": False, "count": 5}, {"value": True, "count": 1}]
    assert facets["kind"][0] == {"value": "news_article", "count": 3}
    assert len(facets["publisher"]) == 6


def test_item_fields_may_ask_for_the_text_alone(article_client: TestClient) -> None:
    s = data(article_client, f"/v1/sources/{STORED}", fields="text")
    assert set(s) == {"object", "slug", "url", "text"}


def test_unknown_source_and_bad_boolean(article_client: TestClient) -> None:
    assert_problem(article_client.get("/v1/sources/nope"), 404)
    assert_problem(article_client.get("/v1/sources", params={"text_stored": "maybe"}), 422)
    assert keys(data(article_client, "/v1/sources", text_stored="1")) == [STORED]
