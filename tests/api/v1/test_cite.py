"""/v1/{resource}/{key}/cite: permalink pinned to the version, APA and BibTeX."""

from fastapi.testclient import TestClient

QUOTE = "ruto-us-blessing-to-our-nation"


def test_a_quote_cites_its_permalink(client: TestClient) -> None:
    version = client.get("/v1/dataset").json()["data"]["version"]
    cite = client.get(f"/v1/quotes/{QUOTE}/cite").json()["data"]
    assert cite["version"] == version
    assert cite["permalink"] == f"http://testserver/v1/quotes/{QUOTE}?version={version}"
    assert cite["permalink"] in cite["apa"]
    assert cite["apa"].startswith("MSS Facts API. (")
    assert cite["bibtex"].startswith(f"@misc{{mss-facts-quotes-{QUOTE}-{version},")
    assert "William Ruto" in cite["title"]
    pinned = client.get(cite["permalink"])
    assert pinned.status_code == 200
    assert pinned.json()["data"]["slug"] == QUOTE


def test_every_resource_can_be_cited(client: TestClient) -> None:
    assert client.get("/v1/nations/ke/cite").json()["data"]["title"] == "Kenya"
    assert client.get("/v1/contingents/ke-217-january-2025/cite").status_code == 200


def test_an_unknown_record_or_version_is_404(client: TestClient) -> None:
    assert client.get("/v1/quotes/no-such-quote/cite").status_code == 404
    response = client.get(f"/v1/quotes/{QUOTE}/cite?version=ffffffffffffffff")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
