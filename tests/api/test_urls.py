"""Links are absolute: built from the request, or from PUBLIC_BASE_URL when set; a
problem's `type` is the one exception, the same relative URI everywhere."""

from collections.abc import Iterator
from urllib.parse import urljoin

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.api.helpers import assert_problem
from tests.conftest import ARTICLE_DIR

PUBLIC = "https://facts.example.org"


@pytest.fixture(scope="module")
def public_client(article_db_url: str) -> Iterator[TestClient]:
    settings = Settings(
        database_url=article_db_url, data_dir=ARTICLE_DIR, public_base_url=PUBLIC + "/"
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_links_use_the_public_base_url(public_client: TestClient) -> None:
    body = public_client.get("/v1/contingents", params={"limit": 1}).json()
    item = body["data"][0]
    assert item["url"] == f"{PUBLIC}/v1/contingents/ke-217-january-2025"
    assert item["nation"]["url"] == f"{PUBLIC}/v1/nations/KE"
    assert item["evidence"][0]["source_api_url"].startswith(f"{PUBLIC}/v1/sources/")
    assert body["links"]["next"].startswith(f"{PUBLIC}/v1/contingents?")


@pytest.fixture(scope="module")
def listed_client(article_db_url: str) -> Iterator[TestClient]:
    """Links from the request, which may name testserver or api.local."""
    settings = Settings(
        database_url=article_db_url,
        data_dir=ARTICLE_DIR,
        public_base_url="",
        allowed_hosts="testserver,api.local",
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_links_follow_the_request_host(listed_client: TestClient) -> None:
    response = listed_client.get("/v1/nations/KE", headers={"host": "api.local:9000"})
    assert response.json()["data"]["url"] == "http://api.local:9000/v1/nations/KE"


def test_a_problem_type_is_the_same_for_every_host_and_base(
    listed_client: TestClient, public_client: TestClient
) -> None:
    answers = [
        listed_client.get("/v1/contingents?limit=0"),
        listed_client.get("/v1/contingents?limit=0", headers={"host": "api.local:9000"}),
        public_client.get("/v1/contingents?limit=0"),
    ]
    types = {response.json()["type"] for response in answers}
    assert types == {"/problems/invalid-parameter"}
    # Resolved against the URL it came in (RFC 3986), it is this API's description of it.
    problem = answers[1].json()
    described_at = urljoin("http://api.local:9000/v1/contingents?limit=0", problem["type"])
    assert described_at == "http://api.local:9000/problems/invalid-parameter"
    described = listed_client.get(problem["type"], headers={"host": "api.local:9000"})
    assert described.status_code == 200
    assert described.json()["type"] == problem["type"]
    assert (described.json()["title"], described.json()["status"]) == (
        problem["title"],
        problem["status"],
    )
    assert public_client.get(problem["type"]).json()["type"] == problem["type"]


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/contingents", "/v1/contingents"),
        ("/contingents?status=planned&limit=1", "/v1/contingents?status=planned&limit=1"),
        ("/contingents/ke-217-january-2025", "/v1/contingents/ke-217-january-2025"),
        ("/nations/ke?fields=name", "/v1/nations/ke?fields=name"),
        (
            "/sources/odrimedia-ruto-haiti-mss/excerpts",
            "/v1/sources/odrimedia-ruto-haiti-mss/excerpts",
        ),
        ("/mission", "/v1/mission"),
        ("/stats", "/v1/stats"),
        ("/search?q=ruto", "/v1/search?q=ruto"),
        ("/dumps", "/v1/dumps"),
    ],
)
def test_a_record_url_without_the_version_redirects_to_v1(
    article_client: TestClient, path: str, target: str
) -> None:
    response = article_client.get(path, follow_redirects=False)
    assert response.status_code == 308
    assert response.headers["location"] == target
    assert article_client.get(path).status_code == 200


def test_every_v1_resource_redirects_and_nothing_else(article_client: TestClient) -> None:
    paths = article_client.get("/openapi.json").json()["paths"]
    firsts = {p.split("/")[2] for p in paths if p.startswith("/v1/")}
    assert {"contingents", "strength", "stats", "search", "dumps"} <= firsts
    for first in firsts:
        response = article_client.get(f"/{first}?x=1", follow_redirects=False)
        assert response.status_code == 308, first
        assert response.headers["location"] == f"/v1/{first}?x=1"
    assert_problem(article_client.get("/nothing-here", follow_redirects=False), 404)
    assert_problem(article_client.get("/v2/contingents", follow_redirects=False), 404)
