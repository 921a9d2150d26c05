"""/v1/conflicts: claims that disagree, never resolved."""

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import assert_problem, data, keys

SLUG = "which-contingent-was-third"


def test_the_third_contingent_conflict(article_client: TestClient) -> None:
    c = data(article_client, f"/v1/conflicts/{SLUG}")
    assert "K24" in c["description"]
    assert [(s["record"]["kind"], s["record"]["slug"]) for s in c["claims"]] == [
        ("contingents", "ke-217-january-2025"),
        ("contingents", "ke-144-february-2025"),
    ]
    assert all(s["value"] == 3 for s in c["claims"])
    first, second = c["claims"]
    assert any(e["verified"] for e in first["evidence"])
    assert [e["source"] for e in second["evidence"]] == ["k24-kenya-deploys-144"]
    assert not any(e["verified"] for e in second["evidence"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, [SLUG]),
        ({"record": "contingents/ke-144-february-2025"}, [SLUG]),
        ({"record": "contingents/ke-planned-february"}, []),
        ({"kind": "contingents"}, [SLUG]),
        ({"kind": "quotes"}, []),
        ({"field": "ordinal"}, [SLUG]),
        ({"field": "personnel"}, []),
        ({"sort": "-slug"}, [SLUG]),
    ],
)
def test_filters(article_client: TestClient, query: dict[str, str], expected: list[str]) -> None:
    assert keys(data(article_client, "/v1/conflicts", **query)) == expected


def test_facets(article_client: TestClient) -> None:
    facets = article_client.get("/v1/conflicts", params={"facet": "kind,field"}).json()["meta"][
        "facets"
    ]
    assert facets == {
        "kind": [{"value": "contingents", "count": 1}],
        "field": [{"value": "ordinal", "count": 1}],
    }


def test_unknown_conflict(article_client: TestClient) -> None:
    assert_problem(article_client.get("/v1/conflicts/none"), 404)
