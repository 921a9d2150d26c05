"""/v1/dataset and the /v1 index."""

from fastapi.testclient import TestClient

from tests.api.helpers import data


def test_dataset(article_client: TestClient) -> None:
    d = data(article_client, "/v1/dataset")
    assert len(d["version"]) == 16
    assert d["counts"]["contingents"] == 4
    assert d["releases"][0]["version"] == d["version"]
    assert d["releases"][0]["current"] is True
    assert [s["slug"] for s in d["sources"]] == sorted(s["slug"] for s in d["sources"])
    assert d["licence"] == "CC-BY-4.0"
    assert d["licence_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "Odri Media (Kenya)" in d["attribution"]
    assert d["version"] in d["citation"]


def test_index_lists_every_endpoint(article_client: TestClient) -> None:
    body = article_client.get("/v1").json()
    paths = {e["path"] for e in body["endpoints"]}
    assert {
        "/v1/mission",
        "/v1/missions/{slug}",
        "/v1/contingents",
        "/v1/nations/{code}",
        "/v1/search",
        "/v1/stats",
        "/v1/dataset",
    } <= paths
    for endpoint in body["endpoints"]:
        assert endpoint["summary"]
        if endpoint["url"] and endpoint["path"] != "/v1/search":
            assert article_client.get(endpoint["url"]).status_code == 200, endpoint
    assert body["dataset_version"] == data(article_client, "/v1/dataset")["version"]
    assert "MSS Facts Explorer" in article_client.get("/").text


def test_health_and_readiness(article_client: TestClient) -> None:
    assert article_client.get("/healthz").json() == {"status": "ok"}
    ready = article_client.get("/readyz").json()
    assert ready["status"] == "ok"
    assert ready["dataset_version"]
