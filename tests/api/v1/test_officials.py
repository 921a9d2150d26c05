"""/v1/officials: officials with every position, current and former."""

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import assert_problem, data, keys


def test_boinnet_current_and_former_titles(article_client: TestClient) -> None:
    o = data(article_client, "/v1/officials/joseph-boinnet")
    assert o["name"] == "Joseph Boinnet"
    assert [(p["title"], p["current"]) for p in o["positions"]] == [
        ("Deputy National Security Advisor", True),
        ("Inspector General", False),
    ]
    assert o["positions"][1]["organisation"]["slug"] == "national-police-service-kenya"
    assert all(p["evidence"] for p in o["positions"])
    assert keys(o["escorted"]) == ["ke-217-january-2025"]
    assert "ke-217-arrives-port-au-prince" in keys(o["events"])


def test_ruto_quotes_and_biden_former_president(article_client: TestClient) -> None:
    ruto = data(article_client, "/v1/officials/william-ruto")
    assert len(ruto["quotes"]) == 3
    assert ruto["positions"][0]["nation"]["code"] == "KE"
    biden = data(article_client, "/v1/officials/joe-biden")
    assert [(p["title"], p["current"]) for p in biden["positions"]] == [("President", False)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"nation": "us"}, ["donald-trump", "joe-biden"]),
        ({"organisation": "general-service-unit"}, ["ranson-lolmodoni"]),
        ({"organisation": "national-police-service-kenya"}, ["joseph-boinnet"]),
        ({"title": "President"}, ["donald-trump", "joe-biden", "william-ruto"]),
        ({"current_title": "President"}, ["donald-trump", "william-ruto"]),
        ({"current_title": "Inspector General"}, []),
        (
            {"escorted": "ke-217-january-2025"},
            ["gilbert-masengeli", "joseph-boinnet", "ranson-lolmodoni"],
        ),
        ({"sort": "-name", "nation": "US"}, ["joe-biden", "donald-trump"]),
        (
            {"sort": "nation,slug", "limit": "3"},
            ["gilbert-masengeli", "joseph-boinnet", "ranson-lolmodoni"],
        ),
        ({"sort": "-slug", "limit": "1"}, ["william-ruto"]),
    ],
)
def test_filters_and_sorts(
    article_client: TestClient, query: dict[str, str], expected: list[str]
) -> None:
    assert keys(data(article_client, "/v1/officials", **query)) == expected


def test_facets(article_client: TestClient) -> None:
    facets = article_client.get(
        "/v1/officials", params={"facet": "nation,organisation,title"}
    ).json()["meta"]["facets"]
    assert facets["nation"] == [{"value": "KE", "count": 4}, {"value": "US", "count": 2}]
    assert {"value": "President", "count": 3} in facets["title"]
    assert {"value": None, "count": 4} in facets["organisation"]


def test_include_nation(article_client: TestClient) -> None:
    o = data(article_client, "/v1/officials/donald-trump", include="nation")
    assert o["nation"]["roles"] == ["supporter"]


def test_unknown_official(article_client: TestClient) -> None:
    assert_problem(article_client.get("/v1/officials/nobody"), 404)
