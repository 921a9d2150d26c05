"""JSON-LD: schema.org types with citations and PROV derivations, checked with pyld."""

from typing import Any

from fastapi.testclient import TestClient
from pyld import jsonld

LD = {"Accept": "application/ld+json"}
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"


def _expand(doc: dict[str, Any]) -> list[dict[str, Any]]:
    # The context is inline: expansion needs no network (pyld would fail to fetch).
    expanded: list[dict[str, Any]] = jsonld.expand(doc)
    return expanded


def test_a_quote_is_a_quotation_with_its_speaker_and_evidence(client: TestClient) -> None:
    response = client.get("/v1/quotes/ruto-us-blessing-to-our-nation", headers=LD)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/ld+json"
    [node] = _expand(response.json())
    assert node["@type"] == [f"{SCHEMA}Quotation"]
    assert node["@id"] == "http://testserver/v1/quotes/ruto-us-blessing-to-our-nation"
    speaker = node[f"{SCHEMA}spokenByCharacter"][0]
    assert speaker["@id"] == "http://testserver/v1/officials/william-ruto"
    assert node[f"{SCHEMA}citation"][0]["@id"].startswith("http")
    derived = node[f"{PROV}wasDerivedFrom"][0]
    assert derived["@type"] == [f"{SCHEMA}Quotation"]
    assert "/excerpts/" in derived["@id"]
    article = derived[f"{SCHEMA}isPartOf"][0]
    assert article["@type"] == [f"{SCHEMA}NewsArticle"]


def test_types_per_resource(client: TestClient) -> None:
    expected = {
        "/v1/officials/william-ruto": "Person",
        "/v1/organisations/national-police-service-kenya": "Organization",
        "/v1/nations/KE": "Country",
        "/v1/events/ruto-global-cathedral-speech": "Event",
        "/v1/sources/odrimedia-ruto-haiti-mss": "NewsArticle",
        "/v1/contingents/ke-217-january-2025": "Event",
    }
    for url, kind in expected.items():
        [node] = _expand(client.get(url, params={"format": "jsonld"}).json())
        assert node["@type"] == [f"{SCHEMA}{kind}"], url


def test_a_list_is_a_graph_that_converts_to_rdf(client: TestClient) -> None:
    doc = client.get("/v1/contingents", headers=LD).json()
    nodes = _expand(doc)
    assert len(nodes) == client.get("/v1/contingents").json()["meta"]["total"]
    quads = jsonld.to_rdf(doc, {"format": "application/n-quads"})
    assert f"<{PROV}wasDerivedFrom>" in quads
    assert f"<{SCHEMA}Event>" in quads


def test_plain_json_is_still_the_default(client: TestClient) -> None:
    response = client.get("/v1/quotes/ruto-us-blessing-to-our-nation", headers={"Accept": "*/*"})
    assert response.headers["content-type"] == "application/json"
    stats = client.get("/v1/stats", headers=LD)
    assert stats.status_code == 406
