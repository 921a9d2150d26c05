"""/v1/organisations: members, missions, statements."""

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import assert_problem, data, keys


def test_unsc_authorised_the_mission(article_client: TestClient) -> None:
    o = data(article_client, "/v1/organisations/un-security-council")
    assert o["nation"] is None
    assert o["missions"] == [{"mission": o["missions"][0]["mission"], "role": "authorised_by"}]
    assert o["missions"][0]["mission"]["slug"] == "mss-haiti"


def test_national_police_service(article_client: TestClient) -> None:
    o = data(article_client, "/v1/organisations/national-police-service-kenya")
    assert o["nation"]["code"] == "KE"
    assert keys(o["quotes"]) == ["nps-wishes-mss-success"]
    assert [(m["official"]["slug"], m["title"], m["current"]) for m in o["members"]] == [
        ("joseph-boinnet", "Inspector General", False)
    ]


def test_haitian_national_police_is_the_partner(article_client: TestClient) -> None:
    o = data(article_client, "/v1/organisations/haitian-national-police")
    assert [m["role"] for m in o["missions"]] == ["partner_organisation"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"nation": "HT"}, ["haitian-national-police"]),
        (
            {"nation": "KE", "sort": "-name"},
            [
                "national-police-service-kenya",
                "general-service-unit",
                "administration-police-service",
            ],
        ),
        ({"sort": "nation", "limit": "1"}, ["haitian-national-police"]),
        ({"sort": "-nation", "limit": "1"}, ["administration-police-service"]),
        ({"sort": "name", "limit": "1"}, ["administration-police-service"]),
    ],
)
def test_filters_and_sorts(
    article_client: TestClient, query: dict[str, str], expected: list[str]
) -> None:
    assert keys(data(article_client, "/v1/organisations", **query)) == expected


def test_nation_facet_and_include(article_client: TestClient) -> None:
    facets = article_client.get("/v1/organisations", params={"facet": "nation"}).json()["meta"][
        "facets"
    ]
    assert facets["nation"] == [
        {"value": "KE", "count": 3},
        {"value": "HT", "count": 1},
        {"value": None, "count": 1},
    ]
    o = data(article_client, "/v1/organisations/general-service-unit", include="nation")
    assert o["nation"]["name"] == "Kenya"
    assert "participations" in o["nation"]


def test_unknown_organisation(article_client: TestClient) -> None:
    assert_problem(article_client.get("/v1/organisations/nato"), 404)
