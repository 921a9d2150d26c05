"""/docs and /redoc work offline: every asset they load is served by the app."""

import re

import pytest
from fastapi.testclient import TestClient

_ASSET = re.compile(r'(?:src|href)="([^"]+)"')


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_documentation_pages_load_only_local_assets(client: TestClient, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200
    assert "<script>" not in response.text  # no inline script: a strict CSP can apply
    assets = _ASSET.findall(response.text)
    assert assets
    for asset in assets:
        assert asset.startswith("/"), f"{page} loads {asset} from elsewhere"
        loaded = client.get(asset)
        assert loaded.status_code == 200, asset
        assert loaded.content, asset


def test_the_pages_name_the_openapi_document(client: TestClient) -> None:
    assert 'data-openapi-url="/openapi.json"' in client.get("/docs").text
    assert 'spec-url="/openapi.json"' in client.get("/redoc").text
    script = client.get("/static/vendor/redoc.standalone.js").text
    assert "redoc" in script.lower()


def test_an_unknown_static_file_is_a_problem(client: TestClient) -> None:
    response = client.get("/static/vendor/missing.js")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
