"""Security headers on every response, errors included; CORS for reads from any origin;
only GET, HEAD and CORS preflight served."""

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.api.security import CONTENT_SECURITY_POLICY, CORS_EXPOSED_HEADERS
from app.config import Settings
from app.main import create_app
from tests.api.helpers import assert_problem

EXPECTED = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "content-security-policy": CONTENT_SECURITY_POLICY,
}


def _app() -> FastAPI:
    settings = Settings(database_url="sqlite://", rate_limit="3/minute", rate_limit_enabled=True)
    app = create_app(settings)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("SELECT secret FROM /work/private")

    return app


@pytest.fixture(scope="module")
def limited() -> Iterator[TestClient]:
    with TestClient(_app(), raise_server_exceptions=False) as c:
        yield c


def _assert_secured(headers: object) -> None:
    for name, value in EXPECTED.items():
        assert headers[name] == value, name  # type: ignore[index]


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/v1/nations", 200),
        ("HEAD", "/v1/nations", 200),
        ("GET", "/v1/nations/XX", 404),
        ("GET", "/nope", 404),
        ("GET", "/v1/nations?limit=0", 422),
        ("GET", "/v1/nations?bogus=1", 400),
        ("DELETE", "/v1/nations", 405),
        ("GET", "/docs", 200),
        ("GET", "/openapi.json", 200),
    ],
)
def test_every_response_is_secured(client: TestClient, method: str, url: str, status: int) -> None:
    response = client.request(method, url)
    assert response.status_code == status
    _assert_secured(response.headers)


def test_a_500_is_secured_too_and_generic(
    limited: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    response = limited.get("/boom", headers={"X-Forwarded-For": "10.9.9.9"})
    body = assert_problem(response, 500)
    _assert_secured(response.headers)
    assert "secret" not in response.text
    assert "/work" not in response.text
    assert body["request_id"] in caplog.text


def test_a_429_is_secured_and_readable_cross_origin(limited: TestClient) -> None:
    statuses = [
        limited.get("/v1", headers={"Origin": "https://example.org"}).status_code for _ in range(6)
    ]
    assert 429 in statuses
    response = limited.get("/v1", headers={"Origin": "https://example.org"})
    assert response.status_code == 429
    _assert_secured(response.headers)
    assert response.headers["access-control-allow-origin"] == "*"


def test_cors_allows_any_origin_without_credentials(client: TestClient) -> None:
    response = client.get("/v1/nations?limit=1", headers={"Origin": "https://example.org"})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in response.headers
    exposed = {
        h.strip().lower() for h in response.headers["access-control-expose-headers"].split(",")
    }
    assert {h.lower() for h in CORS_EXPOSED_HEADERS} <= exposed
    assert {"etag", "link", "x-total-count", "ratelimit", "ratelimit-policy"} <= exposed


@pytest.mark.parametrize("origin", [None, "https://example.org", "null"])
@pytest.mark.parametrize("url", ["/v1/nations?limit=1", "/v1/nations/XX", "/v1?limit=x"])
def test_cors_headers_do_not_vary_with_origin(
    client: TestClient, origin: str | None, url: str
) -> None:
    """`*` for every origin, and for none: the same response, so no `Vary: Origin`."""
    response = client.get(url, headers={"Origin": origin} if origin else {})
    assert response.headers["access-control-allow-origin"] == "*"
    vary = {v.strip().lower() for v in response.headers.get("vary", "").split(",")}
    assert "origin" not in vary


@pytest.mark.parametrize(
    "asked",
    [
        "If-None-Match",
        "Cache-Control, Pragma, X-Requested-With, Range",
        "if-match,if-unmodified-since,accept,accept-encoding",
    ],
)
def test_preflight_is_answered(client: TestClient, asked: str) -> None:
    response = client.options(
        "/v1/contingents",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": asked,
        },
    )
    assert response.status_code == 200, response.text
    assert response.headers["access-control-allow-origin"] == "*"
    assert "GET" in response.headers["access-control-allow-methods"]
    assert "POST" not in response.headers["access-control-allow-methods"]
    allowed = {
        h.strip().lower() for h in response.headers["access-control-allow-headers"].split(",")
    }
    assert {h.strip().lower() for h in asked.split(",")} <= allowed
    assert "origin" not in response.headers["vary"].lower()
    _assert_secured(response.headers)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"])
def test_other_methods_are_405_with_allow(client: TestClient, method: str) -> None:
    response = client.request(method, "/v1/contingents")
    assert_problem(response, 405)
    assert response.headers["allow"] == "GET, HEAD"


def test_head_matches_get(client: TestClient) -> None:
    for url in ("/v1/contingents?limit=2", "/v1/search?q=ruto", "/v1/nations/KE", "/v1/stats"):
        get, head = client.get(url), client.head(url)
        assert head.status_code == get.status_code == 200
        assert head.content == b""
        assert head.headers["content-length"] == get.headers["content-length"]


@pytest.mark.parametrize(
    "asked",
    [
        {"Access-Control-Request-Method": "DELETE"},
        {"Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "X-Evil"},
    ],
)
def test_a_refused_preflight_is_a_problem(client: TestClient, asked: dict[str, str]) -> None:
    response = client.options("/v1/contingents", headers={"Origin": "https://example.org", **asked})
    body = assert_problem(response, 400)
    assert body["type"].endswith("/problems/preflight-refused")
    _assert_secured(response.headers)
