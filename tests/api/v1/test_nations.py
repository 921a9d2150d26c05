"""/v1/nations: roles, figures and related records per nation."""

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import assert_problem, data, keys

CODES = ["BS", "BZ", "GT", "HT", "JM", "KE", "SV", "US"]


def test_every_nation_by_code(article_client: TestClient) -> None:
    assert keys(data(article_client, "/v1/nations")) == CODES


def test_kenya(article_client: TestClient) -> None:
    ke = data(article_client, "/v1/nations/KE")
    assert ke["name"] == "Kenya"
    assert ke["roles"] == ["lead", "police_contributor"]
    police = ke["participations"][1]
    assert [f["qualifier"] for f in police["figures"]] == ["more_than", "more_than"]
    assert ke["contingents"]["count"] == 4
    assert ke["officials"]["count"] == 4
    officials = article_client.get(ke["officials"]["url"]).json()["data"]
    assert keys(officials) == [
        "gilbert-masengeli",
        "joseph-boinnet",
        "ranson-lolmodoni",
        "william-ruto",
    ]
    organisations = article_client.get(ke["organisations"]["url"]).json()["data"]
    assert keys(organisations) == [
        "administration-police-service",
        "general-service-unit",
        "national-police-service-kenya",
    ]
    assert ke["organisations"]["count"] == 3
    events = article_client.get(ke["events"]["url"]).json()
    assert events["meta"]["total"] == ke["events"]["count"] == 4
    assert ke["evidence"]


def test_code_is_case_insensitive(article_client: TestClient) -> None:
    assert data(article_client, "/v1/nations/ke") == data(article_client, "/v1/nations/KE")


@pytest.mark.parametrize(
    ("code", "roles"),
    [
        ("JM", ["personnel_contributor"]),
        ("BS", ["military_contributor"]),
        ("SV", ["military_contributor"]),
        ("US", ["supporter"]),
        ("HT", ["host"]),
    ],
)
def test_roles_as_the_article_gives_them(
    article_client: TestClient, code: str, roles: list[str]
) -> None:
    assert data(article_client, f"/v1/nations/{code}")["roles"] == roles


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"role": "military_contributor"}, ["BS", "BZ", "GT", "SV"]),
        ({"role": "lead,host"}, ["HT", "KE"]),
        ({"mission": "mss-haiti"}, CODES),
        ({"mission": "none"}, []),
        ({"code": "ke,us"}, ["KE", "US"]),
        ({"sort": "name"}, ["BS", "BZ", "SV", "GT", "HT", "JM", "KE", "US"]),
        ({"sort": "-name"}, ["US", "KE", "JM", "HT", "GT", "SV", "BZ", "BS"]),
        ({"sort": "-code"}, CODES[::-1]),
    ],
)
def test_filters_and_sorts(
    article_client: TestClient, query: dict[str, str], expected: list[str]
) -> None:
    assert keys(data(article_client, "/v1/nations", **query)) == expected


def test_role_facet(article_client: TestClient) -> None:
    facets = article_client.get("/v1/nations", params={"facet": "role"}).json()["meta"]["facets"]
    assert facets["role"][0] == {"value": "military_contributor", "count": 4}
    assert {f["value"] for f in facets["role"]} == {
        "host",
        "lead",
        "military_contributor",
        "personnel_contributor",
        "police_contributor",
        "supporter",
    }


def test_fields_keep_code_and_url(article_client: TestClient) -> None:
    assert set(data(article_client, "/v1/nations/KE", fields="roles")) == {"code", "url", "roles"}


def test_unknown_and_malformed_codes(article_client: TestClient) -> None:
    assert_problem(article_client.get("/v1/nations/FR"), 404)
    # A code of the wrong shape names no nation either.
    body = assert_problem(article_client.get("/v1/nations/KEN"), 404)
    assert "errors" not in body
