"""ALLOWED_HOSTS: a Host header nobody listed gets 400 problem+json, before any link or
cache key is built from it. Every app here is built from explicit settings, so the
suite's own ALLOWED_HOSTS (which adds TestClient's `testserver`) is not what is tested."""

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.types import Message

from app.config import Settings
from app.main import create_app
from tests.api.helpers import assert_problem
from tests.conftest import DATA_DIR

DEFAULT_ALLOWED_HOSTS = Settings.model_fields["allowed_hosts"].default
BAD = "attacker.example"


def _client(sqlite_url: str, **settings: Any) -> TestClient:
    settings.setdefault("allowed_hosts", DEFAULT_ALLOWED_HOSTS)
    settings.setdefault("public_base_url", "")
    return TestClient(create_app(Settings(database_url=sqlite_url, data_dir=DATA_DIR, **settings)))


@pytest.fixture(scope="module")
def default(sqlite_url: str) -> Iterator[TestClient]:
    """An app on the default ALLOWED_HOSTS, without PUBLIC_BASE_URL."""
    with _client(sqlite_url) as client:
        yield client


def _nation_url(client: TestClient, host: str) -> str:
    response = client.get("/v1/nations/KE", headers={"host": host})
    assert response.status_code == 200, response.text
    url: str = response.json()["data"]["url"]
    return url


def test_an_unlisted_host_gets_a_problem(default: TestClient) -> None:
    response = default.get("/v1/contingents", headers={"host": BAD})
    body = assert_problem(response, 400)
    assert body["type"] == "/problems/invalid-host"
    assert body["instance"] == "/v1/contingents"
    # Inside the request-id middleware: logged and identifiable.
    assert response.headers["x-request-id"]
    assert body["request_id"] == response.headers["x-request-id"]
    assert BAD not in response.text
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    "host",
    [
        BAD,
        f"{BAD}:8000",
        "localhost.attacker.example",
        "attacker.example@localhost",
        "localhost@attacker.example",
        "localhost:8000@attacker.example",
        "localhost:80/x",
        "localhost:http",
        "[::2]:8000",
        "::1",
        "[::1",
        "[::1]x",
        "testserver",
    ],
)
def test_the_default_refuses(default: TestClient, host: str) -> None:
    response = default.get("/v1/nations/KE", headers={"host": host})
    assert_problem(response, 400)
    assert "attacker" not in response.text


@pytest.mark.parametrize(
    ("host", "base"),
    [
        ("localhost", "http://localhost"),
        ("LocalHost:8000", "http://localhost:8000"),
        ("127.0.0.1", "http://127.0.0.1"),
        ("127.0.0.1:8231", "http://127.0.0.1:8231"),
        ("[::1]", "http://[::1]"),
        ("[::1]:8000", "http://[::1]:8000"),
    ],
)
def test_the_default_allows_loopback(default: TestClient, host: str, base: str) -> None:
    assert _nation_url(default, host).lower() == f"{base}/v1/nations/KE".lower()


def test_a_refusal_is_not_cached(default: TestClient) -> None:
    for _ in range(2):
        refused = default.get("/v1/nations", headers={"host": BAD})
        assert_problem(refused, 400)
        assert "x-cache" not in refused.headers
    ok = default.get("/v1/nations", headers={"host": "localhost:8000"})
    assert ok.status_code == 200
    assert ok.json()["data"][0]["url"].startswith("http://localhost:8000/")
    again = default.get("/v1/nations", headers={"host": "localhost:8000"})
    assert again.headers["x-cache"] == "hit"
    assert_problem(default.get("/v1/nations", headers={"host": BAD}), 400)


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_answer_any_host(default: TestClient, path: str) -> None:
    # A load balancer's health check sends the node's address as Host.
    response = default.get(path, headers={"host": "10.1.2.3:8000"})
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "ok"


def test_the_public_base_urls_host_is_allowed(sqlite_url: str) -> None:
    with _client(sqlite_url, public_base_url="https://api.example.org/") as client:
        assert _nation_url(client, "API.example.org:443") == "https://api.example.org/v1/nations/KE"
        assert _nation_url(client, "localhost:8000") == "https://api.example.org/v1/nations/KE"
        assert_problem(client.get("/v1/nations", headers={"host": BAD}), 400)


def test_a_star_allows_any_host(sqlite_url: str) -> None:
    with _client(sqlite_url, allowed_hosts="*") as client:
        assert _nation_url(client, BAD) == f"http://{BAD}/v1/nations/KE"


def test_listed_hosts_replace_the_default(sqlite_url: str) -> None:
    with _client(sqlite_url, allowed_hosts="facts.internal, *.example.net,[fd00::1]") as client:
        assert _nation_url(client, "facts.internal:9000").startswith("http://facts.internal:9000/")
        assert _nation_url(client, "FACTS.internal").startswith("http://FACTS.internal/")
        assert _nation_url(client, "a.b.example.net").startswith("http://a.b.example.net/")
        assert _nation_url(client, "[fd00:0::1]:80").startswith("http://[fd00:0::1]:80/")
        for host in ("localhost", "example.net", "badexample.net", "facts.internal.evil"):
            assert_problem(client.get("/v1/nations", headers={"host": host}), 400)


def _raw(app: FastAPI, headers: list[tuple[bytes, bytes]]) -> tuple[int, bytes]:
    """Send one GET straight to the ASGI app, with exactly these headers."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.0",
        "method": "GET",
        "scheme": "http",
        "path": "/v1/nations",
        "raw_path": b"/v1/nations",
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


@pytest.mark.parametrize(
    "headers",
    [
        [],
        [(b"host", b"")],
        [(b"host", b"localhost"), (b"host", BAD.encode())],
        [(b"host", b"localhost"), (b"host", b"localhost")],
    ],
    ids=["absent", "empty", "two-different", "two-same"],
)
def test_no_single_host_is_refused(headers: list[tuple[bytes, bytes]]) -> None:
    app = create_app(Settings(database_url="sqlite://", allowed_hosts=DEFAULT_ALLOWED_HOSTS))
    status, body = _raw(app, headers)
    assert status == 400
    assert b"/problems/invalid-host" in body
