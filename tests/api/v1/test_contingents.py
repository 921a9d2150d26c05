"""/v1/contingents: every filter, operator, sort key, include and facet."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import assert_problem, data, keys

ALL = ["ke-217-january-2025", "ke-144-february-2025", "ke-planned-february", "ke-planned-june-26"]


def test_default_order_is_by_arrival_then_deployment_then_slug(article_client: TestClient) -> None:
    assert keys(data(article_client, "/v1/contingents")) == ALL


def test_the_third_contingent_with_its_facts_and_evidence(article_client: TestClient) -> None:
    c = data(article_client, "/v1/contingents/ke-217-january-2025")
    assert c["personnel"] == {
        "value": 217,
        "qualifier": "exact",
        "unit": "officers",
        "breakdown": None,
    }
    assert c["ordinal"] == 3
    assert c["status"] == "arrived"
    assert c["arrived"]["text"] == "Last week"
    assert c["arrived"]["earliest_on"] == c["arrived"]["latest_on"] == "2025-01-18"
    assert c["departed"]["earliest_on"] == "2025-01-17"
    assert c["arrival_place"] == "Toussaint Louverture International Airport, Port-au-Prince"
    assert c["received_by"] == "Haitian authorities"
    assert keys(c["escorts"]) == ["joseph-boinnet", "gilbert-masengeli", "ranson-lolmodoni"]
    assert c["nation"]["code"] == "KE"
    assert c["nation"]["url"].endswith("/v1/nations/KE")
    assert c["url"].endswith("/v1/contingents/ke-217-january-2025")
    verified = [e for e in c["evidence"] if e["verified"]]
    assert any("third contingent of 217" in e["excerpt"] for e in verified)
    unverified = [e for e in c["evidence"] if not e["verified"]]
    assert unverified
    assert all(e["excerpt"] is None and e["claim"] for e in unverified)
    assert {e["source"] for e in unverified} == {
        "latestly-ap-kenya-deploys-217",
        "guardian-ng-afp-kenya-deploys-144",
    }


def test_the_144_keep_their_breakdown(article_client: TestClient) -> None:
    c = data(article_client, "/v1/contingents/ke-144-february-2025")
    assert c["personnel"]["breakdown"] == {"men": 120, "women": 24}
    assert c["deployed"]["earliest_on"] == "2025-02-04"


def test_conflicting_ordinals_appear_side_by_side(article_client: TestClient) -> None:
    for slug in ("ke-217-january-2025", "ke-144-february-2025"):
        [conflict] = data(article_client, f"/v1/contingents/{slug}")["conflicts"]
        assert conflict["slug"] == "which-contingent-was-third"
        sides = {side["record"]["slug"]: side for side in conflict["claims"]}
        assert set(sides) == {"ke-217-january-2025", "ke-144-february-2025"}
        for side in sides.values():
            assert side["field"] == "ordinal"
            assert side["value"] == 3
            assert side["evidence"], "each side carries its own evidence"
            assert all("ordinal" in e["supports"] for e in side["evidence"])
        assert {e["source"] for e in sides["ke-144-february-2025"]["evidence"]} == {
            "k24-kenya-deploys-144"
        }


def test_planned_deployments_keep_the_words_and_unknown_bounds(article_client: TestClient) -> None:
    c = data(article_client, "/v1/contingents/ke-planned-june-26")
    assert c["status"] == "planned"
    assert c["personnel"] is None
    assert c["deployed"] == {
        "text": "June 26",
        "earliest_on": None,
        "latest_on": None,
        "precision": "unknown",
        "inferred": False,
        "inference_reason": None,
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"nation": "KE"}, ALL),
        ({"nation": "ke"}, ALL),
        ({"nation": "JM"}, []),
        ({"nation": "JM,KE"}, ALL),
        ({"status": "planned"}, ["ke-planned-february", "ke-planned-june-26"]),
        ({"status": "arrived,deployed"}, ALL[:2]),
        ({"mission": "mss-haiti"}, ALL),
        ({"mission": "other"}, []),
        ({"ordinal": "3"}, ALL[:2]),
        ({"ordinal__gt": "3"}, []),
        ({"ordinal__gte": "3"}, ALL[:2]),
        ({"ordinal__lt": "3"}, []),
        ({"ordinal__lte": "3"}, ALL[:2]),
        ({"personnel": "217"}, ["ke-217-january-2025"]),
        ({"personnel": "144,217"}, ALL[:2]),
        ({"personnel__gt": "200"}, ["ke-217-january-2025"]),
        ({"personnel__gte": "217"}, ["ke-217-january-2025"]),
        ({"personnel__lt": "200"}, ["ke-144-february-2025"]),
        ({"personnel__lte": "144"}, ["ke-144-february-2025"]),
        ({"personnel_qualifier": "exact"}, ALL[:2]),
        ({"personnel_qualifier": "more_than"}, []),
        ({"escort": "joseph-boinnet"}, ["ke-217-january-2025"]),
        ({"escort": "william-ruto"}, []),
        ({"arrived_on__overlaps": "2025-01"}, ["ke-217-january-2025"]),
        ({"arrived_on__overlaps": "2025-01-18"}, ["ke-217-january-2025"]),
        ({"arrived_on__overlaps": "2025-01-19"}, []),
        ({"arrived_on__overlaps": "2025"}, ["ke-217-january-2025"]),
        ({"arrived_on__gte": "2025-01-18"}, ["ke-217-january-2025"]),
        ({"arrived_on__gt": "2025-01-18"}, []),
        ({"arrived_on__gt": "2024"}, ["ke-217-january-2025"]),
        ({"arrived_on__lte": "2025-01"}, ["ke-217-january-2025"]),
        ({"arrived_on__lt": "2025-01-18"}, []),
        ({"departed_on__overlaps": "2025-01-17"}, ["ke-217-january-2025"]),
        ({"departed_on__gte": "2025-01-18"}, []),
        ({"departed_on__gt": "2025-01-16"}, ["ke-217-january-2025"]),
        ({"departed_on__lt": "2025-01-18"}, ["ke-217-january-2025"]),
        ({"departed_on__lte": "2025-01-16"}, []),
        ({"deployed_on__overlaps": "2025-02"}, ["ke-144-february-2025"]),
        ({"deployed_on__gte": "2025-02-01"}, ["ke-144-february-2025"]),
        ({"deployed_on__gt": "2025-02-04"}, []),
        ({"deployed_on__lt": "2025-03"}, ["ke-144-february-2025"]),
        ({"deployed_on__lte": "2025-02-03"}, []),
        ({"status": "planned", "deployed_on__overlaps": "2025"}, []),
        (
            {"nation": "KE", "personnel__gt": "100", "arrived_on__overlaps": "2025-01"},
            ["ke-217-january-2025"],
        ),
    ],
)
def test_filters(article_client: TestClient, query: dict[str, str], expected: list[str]) -> None:
    response = article_client.get("/v1/contingents", params=query)
    assert response.status_code == 200, response.text
    assert keys(response.json()["data"]) == expected
    assert response.json()["meta"]["total"] == len(expected)
    assert response.headers["x-total-count"] == str(len(expected))


def _value(item: dict[str, Any], key: str) -> Any:
    if key in ("departed_on", "deployed_on", "arrived_on"):
        date = item[key.removesuffix("_on")]
        return None if date is None else date["earliest_on"]
    if key == "personnel":
        return item["personnel"] and item["personnel"]["value"]
    if key == "nation":
        return item["nation"]["code"]
    return item[key]


@pytest.mark.parametrize(
    "key",
    [
        "slug",
        "nation",
        "status",
        "ordinal",
        "personnel",
        "departed_on",
        "deployed_on",
        "arrived_on",
    ],
)
@pytest.mark.parametrize("descending", [False, True])
def test_every_sort_key_orders_with_nulls_last(
    article_client: TestClient, key: str, descending: bool
) -> None:
    items = data(article_client, "/v1/contingents", sort=("-" if descending else "") + key)
    values = [_value(i, key) for i in items]
    present = [v for v in values if v is not None]
    assert values == present + [None] * (len(values) - len(present)), "nulls sort last"
    assert present == sorted(present, reverse=descending)
    assert len(items) == 4


def test_ties_break_on_the_slug(article_client: TestClient) -> None:
    assert keys(data(article_client, "/v1/contingents", sort="nation")) == sorted(ALL)
    assert keys(data(article_client, "/v1/contingents", sort="-nation")) == sorted(ALL)


def test_several_sort_keys(article_client: TestClient) -> None:
    items = data(article_client, "/v1/contingents", sort="-status,-slug")
    assert keys(items) == [
        "ke-planned-june-26",
        "ke-planned-february",
        "ke-144-february-2025",
        "ke-217-january-2025",
    ]


def test_fields_keep_the_key_and_url(article_client: TestClient) -> None:
    items = data(article_client, "/v1/contingents", fields="personnel,status")
    assert all(set(i) == {"object", "slug", "url", "personnel", "status"} for i in items)
    item = data(article_client, "/v1/contingents/ke-217-january-2025", fields="ordinal")
    assert set(item) == {"object", "slug", "url", "ordinal"}


def test_include_inlines_full_records(article_client: TestClient) -> None:
    c = data(
        article_client, "/v1/contingents/ke-217-january-2025", include="nation,escorts,mission"
    )
    # Each inlined record says what it is, where a link says "link".
    assert (c["nation"]["object"], c["mission"]["object"]) == ("nation", "mission")
    assert {e["object"] for e in c["escorts"]} == {"official"}
    assert c["nation"]["roles"] == ["lead", "police_contributor"]
    assert c["nation"]["evidence"]
    assert c["mission"]["acronym"] == "MSS"
    assert c["mission"]["participations"]
    boinnet = c["escorts"][0]
    assert boinnet["slug"] == "joseph-boinnet"
    assert [p["title"] for p in boinnet["positions"]] == [
        "Deputy National Security Advisor",
        "Inspector General",
    ]
    plain = data(article_client, "/v1/contingents/ke-217-january-2025")
    assert set(plain["nation"]) == {"object", "code", "name", "url"}
    assert plain["nation"]["object"] == plain["mission"]["object"] == "link"
    listed = data(article_client, "/v1/contingents", include="escorts", status="arrived")
    assert listed[0]["escorts"][2]["positions"][0]["title"] == "Commandant"


def test_facets_count_the_whole_filtered_list(article_client: TestClient) -> None:
    response = article_client.get(
        "/v1/contingents",
        params={"facet": "status,nation,escort,ordinal,personnel_qualifier,mission", "limit": 1},
    )
    facets = response.json()["meta"]["facets"]
    assert facets["status"] == [
        {"value": "planned", "count": 2},
        {"value": "arrived", "count": 1},
        {"value": "deployed", "count": 1},
    ]
    assert facets["nation"] == [{"value": "KE", "count": 4}]
    assert {f["value"]: f["count"] for f in facets["escort"]} == {
        "gilbert-masengeli": 1,
        "joseph-boinnet": 1,
        "ranson-lolmodoni": 1,
    }
    assert facets["ordinal"] == [{"value": 3, "count": 2}, {"value": None, "count": 2}]
    assert facets["personnel_qualifier"] == [
        {"value": "exact", "count": 2},
        {"value": None, "count": 2},
    ]
    assert facets["mission"] == [{"value": "mss-haiti", "count": 4}]
    narrowed = article_client.get(
        "/v1/contingents", params={"facet": "status", "status": "planned"}
    )
    assert narrowed.json()["meta"]["facets"]["status"] == [{"value": "planned", "count": 2}]


def test_unknown_slug_is_404(article_client: TestClient) -> None:
    assert_problem(article_client.get("/v1/contingents/ke-999"), 404)
