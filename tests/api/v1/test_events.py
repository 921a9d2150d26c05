"""/v1/events: the timeline, chronological with date precision respected."""

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import assert_problem, data, keys

DATED = [
    "ke-217-departs-kenya",
    "ke-217-arrives-port-au-prince",
    "ruto-global-cathedral-speech",
    "ke-144-deployed",
]


def test_chronological_with_undated_last(article_client: TestClient) -> None:
    events = data(article_client, "/v1/events")
    assert keys(events)[:4] == DATED
    undated = events[4:]
    assert all(e["date"]["earliest_on"] is None for e in undated)
    assert keys(undated) == sorted(keys(undated))


def test_an_event_and_what_it_involves(article_client: TestClient) -> None:
    e = data(article_client, "/v1/events/ruto-global-cathedral-speech")
    assert e["place"] == "Global Cathedral, Nairobi"
    assert e["date"]["text"] == "Sunday 26 January 2025"
    involved = {(i["kind"], i["slug"]) for i in e["involves"]}
    assert ("officials", "william-ruto") in involved
    assert ("nations", "US") in involved
    assert len(e["quotes"]) == 3
    assert any(not ev["verified"] for ev in e["evidence"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"date__overlaps": "2025-01"}, DATED[:3]),
        ({"date__overlaps": "2025-01-18"}, ["ke-217-arrives-port-au-prince"]),
        ({"date__overlaps": "2025"}, DATED),
        ({"date__overlaps": "2024"}, []),
        ({"date__gte": "2025-01-26"}, DATED[2:]),
        ({"date__gt": "2025-01"}, ["ke-144-deployed"]),
        ({"date__lt": "2025-01-18"}, ["ke-217-departs-kenya"]),
        ({"date__lte": "2025-01-18"}, DATED[:2]),
        ({"kind": "arrival,departure"}, DATED[:2]),
        (
            {"kind": "planned_deployment"},
            ["ke-deployment-planned-february", "ke-deployment-planned-june-26"],
        ),
        ({"involves": "officials/joe-biden"}, ["mss-initiated-at-us-request"]),
        (
            {"involves": "organisations/un-security-council,officials/joe-biden"},
            ["mss-authorised-by-unsc", "mss-initiated-at-us-request"],
        ),
        ({"nation": "ht"}, ["ke-217-arrives-port-au-prince"]),
        ({"sort": "-date", "limit": "2"}, ["ke-144-deployed", "ruto-global-cathedral-speech"]),
        ({"sort": "slug", "limit": "1"}, ["ke-144-deployed"]),
        ({"sort": "-kind", "limit": "1"}, ["nps-statement-additional-deployments"]),
    ],
)
def test_filters_and_sorts(
    article_client: TestClient, query: dict[str, str], expected: list[str]
) -> None:
    assert keys(data(article_client, "/v1/events", **query)) == expected


def test_facets(article_client: TestClient) -> None:
    facets = article_client.get("/v1/events", params={"facet": "kind,involves"}).json()["meta"][
        "facets"
    ]
    assert facets["kind"][0] == {"value": "planned_deployment", "count": 2}
    assert {"value": "officials", "count": 3} in facets["involves"]


def test_malformed_involves_is_422(article_client: TestClient) -> None:
    body = assert_problem(
        article_client.get("/v1/events", params={"involves": "william-ruto"}), 422
    )
    assert body["errors"][0]["parameter"] == "involves"


def test_unknown_event(article_client: TestClient) -> None:
    assert_problem(article_client.get("/v1/events/nothing-happened"), 404)
