"""/v1/mission and /v1/missions: the MSS mission, its nations, figures and links."""

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import assert_problem, data, keys


def test_the_mss_mission(article_client: TestClient) -> None:
    m = data(article_client, "/v1/mission")
    assert m["slug"] == "mss-haiti"
    assert m["name"] == "Multinational Security Support"
    assert m["acronym"] == "MSS"
    assert "Haitian National Police" in m["purpose"]
    assert m["lead_nation"]["code"] == "KE"
    assert m["host_nation"]["code"] == "HT"
    assert m["authorised_by"]["slug"] == "un-security-council"
    assert m["authorised_by"]["name"] == "United Nations Security Council"
    assert m["partner_organisation"]["slug"] == "haitian-national-police"
    assert m["evidence"]
    assert all(e["verified"] for e in m["evidence"])
    assert data(article_client, "/v1/missions/mss-haiti") == m


def test_participations_with_roles_and_qualified_figures(article_client: TestClient) -> None:
    parts = data(article_client, "/v1/mission")["participations"]
    roles = [(p["nation"]["code"], p["role"]) for p in parts]
    assert roles == [
        ("KE", "lead"),
        ("KE", "police_contributor"),
        ("JM", "personnel_contributor"),
        ("BS", "military_contributor"),
        ("BZ", "military_contributor"),
        ("GT", "military_contributor"),
        ("SV", "military_contributor"),
        ("US", "supporter"),
        ("HT", "host"),
    ]
    police = parts[1]
    figures = [(f["value"], f["qualifier"], f["as_of"]["earliest_on"]) for f in police["figures"]]
    assert figures == [(600, "more_than", "2025-01-26"), (700, "more_than", "2025-02-04")]
    assert police["figures"][0]["as_of"]["inferred"] is True
    assert all(p["evidence"] for p in parts)
    assert all(f["evidence"] for p in parts for f in p["figures"])


def test_current_figures_take_the_latest(article_client: TestClient) -> None:
    [current] = data(article_client, "/v1/mission")["current_figures"]
    assert current["nation"]["code"] == "KE"
    assert current["figure"]["slug"] == "mss-haiti-ke-police-more-than-700"
    assert current["figure"]["qualifier"] == "more_than"


def test_mission_links(article_client: TestClient) -> None:
    m = data(article_client, "/v1/mission")
    assert m["contingents"]["count"] == 4
    assert m["contingents"]["url"].endswith("/v1/contingents?mission=mss-haiti")
    assert keys(article_client.get(m["contingents"]["url"]).json()["data"]) == [
        "ke-217-january-2025",
        "ke-144-february-2025",
        "ke-planned-february",
        "ke-planned-june-26",
    ]
    assert {e["slug"] for e in m["events"]} == {
        "mss-initiated-at-us-request",
        "mss-authorised-by-unsc",
    }
    for link in m["events"]:
        assert article_client.get(link["url"]).status_code == 200


def test_mission_fields(article_client: TestClient) -> None:
    m = data(article_client, "/v1/mission", fields="purpose")
    assert set(m) == {"object", "slug", "url", "purpose"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["mss-haiti"]),
        ({"nation": "jm"}, ["mss-haiti"]),
        ({"nation": "FR"}, []),
        ({"lead_nation": "KE"}, ["mss-haiti"]),
        ({"lead_nation": "HT"}, []),
        ({"host_nation": "HT"}, ["mss-haiti"]),
        ({"sort": "-name"}, ["mss-haiti"]),
        ({"sort": "slug"}, ["mss-haiti"]),
    ],
)
def test_list_filters_and_sorts(
    article_client: TestClient, query: dict[str, str], expected: list[str]
) -> None:
    assert keys(data(article_client, "/v1/missions", **query)) == expected


def test_list_facets(article_client: TestClient) -> None:
    meta = article_client.get("/v1/missions", params={"facet": "lead_nation,host_nation"}).json()[
        "meta"
    ]
    assert meta["facets"] == {
        "lead_nation": [{"value": "KE", "count": 1}],
        "host_nation": [{"value": "HT", "count": 1}],
    }


def test_unknown_mission_is_404(article_client: TestClient) -> None:
    assert_problem(article_client.get("/v1/missions/unmih"), 404)
