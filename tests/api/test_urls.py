"""Links are absolute: built from the request, or from PUBLIC_BASE_URL when set."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.conftest import DATA_DIR

PUBLIC = "https://facts.example.org"


@pytest.fixture(scope="module")
def public_client(db_url: str) -> Iterator[TestClient]:
    settings = Settings(database_url=db_url, data_dir=DATA_DIR, public_base_url=PUBLIC + "/")
    with TestClient(create_app(settings)) as client:
        yield client


def test_links_use_the_public_base_url(public_client: TestClient) -> None:
    body = public_client.get("/v1/contingents", params={"limit": 1}).json()
    item = body["data"][0]
    assert item["url"] == f"{PUBLIC}/v1/contingents/ke-217-january-2025"
    assert item["nation"]["url"] == f"{PUBLIC}/v1/nations/KE"
    assert item["evidence"][0]["source_api_url"].startswith(f"{PUBLIC}/v1/sources/")
    assert body["links"]["next"].startswith(f"{PUBLIC}/v1/contingents?")
    problem = public_client.get("/v1/contingents", params={"limit": 0}).json()
    assert problem["type"] == f"{PUBLIC}/problems/invalid-parameter"


def test_links_follow_the_request_host(client: TestClient) -> None:
    item = client.get("/v1/nations/KE", headers={"host": "api.local:9000"}).json()["data"]
    assert item["url"] == "http://api.local:9000/v1/nations/KE"
