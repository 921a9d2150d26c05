"""Request ids, the access log, metrics, health and readiness, on the in-process app."""

import io
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from app.observability.logs import JsonFormatter, TextFormatter, make_formatter

HEX_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def own(db_url: str) -> Iterator[TestClient]:
    """An app of its own, so its metrics count only this test's requests."""
    with TestClient(create_app(Settings(database_url=db_url))) as client:
        yield client


def _metric(text: str, name: str, **labels: str) -> float | None:
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        key, _, value = line.rpartition(" ")
        metric, _, rest = key.partition("{")
        got = ",".join(sorted(rest.rstrip("}").split(","))) if rest else ""
        if metric == name and got == wanted:
            return float(value)
    return None


def test_a_request_id_is_made_when_none_is_sent(client: TestClient) -> None:
    first = client.get("/v1/nations/ke").headers["x-request-id"]
    second = client.get("/v1/nations/ke").headers["x-request-id"]
    assert HEX_ID.fullmatch(first)
    assert first != second


def test_a_plausible_request_id_is_kept(client: TestClient) -> None:
    sent = "lb-7f3a.2026-11-28:0001"
    assert client.get("/v1/mission", headers={"X-Request-ID": sent}).headers["x-request-id"] == sent


@pytest.mark.parametrize("sent", ["has space", "x" * 129, "semi;colon", "<script>", "a/b", ""])
def test_an_implausible_request_id_is_replaced(client: TestClient, sent: bytes) -> None:
    response = client.get("/healthz", headers={b"X-Request-ID": sent})
    assert HEX_ID.fullmatch(response.headers["x-request-id"])


def test_problem_bodies_carry_the_request_id(client: TestClient) -> None:
    response = client.get("/v1/officials/nobody", headers={"X-Request-ID": "trace-404"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["request_id"] == "trace-404"
    made = client.get("/v1/contingents?limit=0")
    assert made.status_code == 422
    assert made.json()["request_id"] == made.headers["x-request-id"]


def test_a_server_error_is_logged_and_answered_under_the_request_id(
    db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(Settings(database_url=db_url))

    @app.get("/test-fails")
    def fails() -> None:
        raise RuntimeError("boom")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/test-fails", headers={"X-Request-ID": "trace-500"})
    assert response.status_code == 500
    assert response.json()["request_id"] == "trace-500"
    assert response.headers["x-request-id"] == "trace-500"
    assert any("trace-500" in r.getMessage() and r.name == "app.errors" for r in caplog.records)
    access = [r for r in caplog.records if r.name == "app.access"]
    assert [r.fields["status"] for r in access] == [500]  # type: ignore[attr-defined]


def test_one_access_line_per_request_and_none_for_probes(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="app.access")
    client.get("/healthz")
    client.get("/readyz")
    client.get("/metrics")
    client.get("/v1/nations/ke", headers={"X-Request-ID": "trace-log"})
    records = [r for r in caplog.records if r.name == "app.access"]
    assert len(records) == 1
    line = json.loads(JsonFormatter().format(records[0]))
    assert line["message"].startswith("GET /v1/nations/ke 200 ")
    assert line["level"] == "info"
    assert line["method"] == "GET"
    assert line["route"] == "/v1/nations/{code}"
    assert line["path"] == "/v1/nations/ke"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["request_id"] == "trace-log"
    assert line["client"] == "testclient"
    assert re.fullmatch(r"[0-9a-f]{16}", line["dataset_version"])
    text = TextFormatter().format(records[0])
    assert "GET /v1/nations/ke 200" in text
    assert text.endswith("[trace-log]")


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_text_in_a_terminal_json_elsewhere() -> None:
    assert isinstance(make_formatter("auto", _Tty()), TextFormatter)
    assert isinstance(make_formatter("auto", io.StringIO()), JsonFormatter)
    assert isinstance(make_formatter("json", _Tty()), JsonFormatter)
    assert isinstance(make_formatter("text", io.StringIO()), TextFormatter)


def test_metrics_count_by_route_template_and_status(own: TestClient) -> None:
    own.get("/v1/nations/ke")
    own.get("/v1/nations/jm")
    own.get("/v1/nations/zz")
    own.get("/no/such/page")
    own.head("/v1/nations/ke")
    response = own.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    text = response.text
    route = "/v1/nations/{code}"
    assert _metric(text, "mss_http_requests_total", method="GET", route=route, status="200") == 2
    assert _metric(text, "mss_http_requests_total", method="GET", route=route, status="404") == 1
    assert _metric(text, "mss_http_requests_total", method="HEAD", route=route, status="200") == 1
    assert (
        _metric(text, "mss_http_requests_total", method="GET", route="unmatched", status="404") == 1
    )
    assert "/v1/nations/ke" not in text  # raw paths never become labels
    count = _metric(
        text, "mss_http_request_duration_seconds_count", method="GET", route=route, status="200"
    )
    assert count == 2
    assert _metric(text, "mss_http_requests_in_flight") == 1  # this scrape
    version = own.get("/v1/dataset").json()["data"]["version"]
    assert _metric(text, "mss_dataset_info", version=version) == 1
    loaded = _metric(text, "mss_dataset_loaded_timestamp_seconds")
    assert loaded is not None
    assert loaded > 1.7e9


def test_database_errors_are_counted_and_readiness_fails(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'missing.db'}"
    with TestClient(create_app(Settings(database_url=url))) as client:
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["status"] == 503
        text = client.get("/metrics").text
    errors = _metric(text, "mss_database_errors_total", error="OperationalError")
    assert errors is not None
    assert errors >= 1
    assert "mss_dataset_info{" not in text


def test_readiness_needs_a_loaded_dataset(fresh_sqlite_url: str) -> None:
    from app import migrate

    migrate.upgrade(fresh_sqlite_url, "head")  # a schema, but no dataset
    with TestClient(create_app(Settings(database_url=fresh_sqlite_url))) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert "mss-facts load" in response.json()["detail"]


def test_health_and_readiness(client: TestClient) -> None:
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"status": "ok"}
    assert health.headers["cache-control"] == "no-store"
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.headers["cache-control"] == "no-store"
    body = ready.json()
    dataset = client.get("/v1/dataset").json()["data"]
    assert body["status"] == "ok"
    assert body["dataset_version"] == dataset["version"]
    assert body["dataset_loaded_at"] == dataset["loaded_at"]
