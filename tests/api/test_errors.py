"""The error contract: every 4xx/5xx is RFC 9457 problem+json, with no internals."""

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.api.helpers import assert_problem

BAD_URLS = [
    ("/nope", 404),
    ("/v1/nope", 404),
    ("/v1/contingents/nope", 404),
    ("/v1/contingents/" + "x" * 121, 404),
    ("/v1/nations/XX", 404),
    ("/v1/nations/KEN", 404),
    ("/v1/nations/K", 404),
    ("/v1/officials/nobody", 404),
    ("/v1/organisations/nobody", 404),
    ("/v1/quotes/nothing", 404),
    ("/v1/events/nothing", 404),
    ("/v1/sources/nothing", 404),
    ("/v1/conflicts/nothing", 404),
    ("/v1/missions/nothing", 404),
    ("/problems/nothing", 404),
    ("/v1/contingents?bogus=1", 400),
    ("/v1/contingents?Nation=KE", 400),
    ("/v1/contingents?nation__gt=KE", 400),
    ("/v1/contingents?personnel__overlaps=1", 400),
    ("/v1/contingents/ke-217-january-2025?limit=1", 400),
    ("/v1/mission?sort=slug", 400),
    ("/v1/stats?nation=KE", 400),
    ("/v1/dataset?x=1", 400),
    ("/v1?x=1", 400),
    ("/v1/contingents?limit=0", 422),
    ("/v1/contingents?limit=501", 422),
    ("/v1/contingents?limit=-1", 422),
    ("/v1/contingents?limit=abc", 422),
    ("/v1/contingents?limit=1e3", 422),
    ("/v1/contingents?limit=99999999999999999999999999999", 422),
    ("/v1/contingents?limit=1&limit=2", 422),
    ("/v1/contingents?offset=-1", 422),
    ("/v1/contingents?offset=1000001", 422),
    ("/v1/contingents?offset=1&cursor=abc", 422),
    ("/v1/contingents?cursor=abc", 422),
    ("/v1/contingents?cursor=", 422),
    ("/v1/contingents?cursor=" + "a" * 2000, 422),
    ("/v1/contingents?cursor=W10", 422),
    ("/v1/contingents?sort=nope", 422),
    ("/v1/contingents?sort=slug,-nope", 422),
    ("/v1/contingents?sort=a,b,c,d,e", 422),
    ("/v1/contingents?sort=", 422),
    ("/v1/contingents?sort=--slug", 422),
    ("/v1/contingents?fields=nope", 422),
    ("/v1/contingents?include=speaker", 422),
    ("/v1/contingents?facet=nope", 422),
    ("/v1/contingents?format=xml", 422),
    ("/v1/contingents?status=lost", 422),
    ("/v1/contingents?nation=", 422),
    ("/v1/contingents?nation=KE,,JM", 422),
    ("/v1/contingents?personnel=many", 422),
    ("/v1/contingents?personnel__gt=1.5", 422),
    ("/v1/contingents?personnel__gt=3000000000", 422),
    ("/v1/contingents?arrived_on__gte=yesterday", 422),
    ("/v1/contingents?arrived_on__gte=2025-02-30", 422),
    ("/v1/contingents?arrived_on__overlaps=2025-13", 422),
    ("/v1/contingents?arrived_on__overlaps=25", 422),
    ("/v1/contingents?nation=" + ",".join(["KE"] * 51), 422),
    ("/v1/events?involves=nonsense", 422),
    ("/v1/sources?text_stored=perhaps", 422),
    ("/v1/search", 422),
    ("/v1/search?q=", 422),
    ("/v1/search?q=ruto%00", 422),
    ("/v1/contingents?nation=K%00E", 422),
    ("/v1/stats?mission=x%20y", 422),
    ("/v1/contingents?format=json&format=csv", 422),
]


@pytest.mark.parametrize(("url", "status"), BAD_URLS)
def test_error_shape(client: TestClient, url: str, status: int) -> None:
    body = assert_problem(client.get(url), status)
    if (
        status in (400, 422)
        and not url.startswith("/v1/nations/")
        and "/v1/contingents/" not in url
    ):
        assert body["errors"], "bad parameters are named"
        assert all(e["parameter"] and e["reason"] for e in body["errors"])
    type_ = client.get(body["type"].replace("http://testserver", ""))
    assert type_.status_code == 200
    assert type_.json()["status"] == status


def test_unknown_parameter_lists_the_accepted_ones(client: TestClient) -> None:
    body = assert_problem(client.get("/v1/contingents", params={"natoin": "KE"}), 400)
    assert body["errors"] == [
        {"parameter": "natoin", "location": "query", "reason": "unknown parameter"}
    ]
    assert "nation" in body["accepted"]
    assert "arrived_on__gte" in body["accepted"]
    assert "natoin" in body["detail"]


def test_every_bad_value_is_reported_at_once(client: TestClient) -> None:
    body = assert_problem(
        client.get("/v1/contingents", params={"limit": "0", "sort": "x", "status": "lost"}), 422
    )
    assert sorted(e["parameter"] for e in body["errors"]) == ["limit", "sort", "status"]


def test_values_are_not_echoed(client: TestClient) -> None:
    response = client.get("/v1/contingents", params={"status": "<script>evil</script>"})
    assert_problem(response, 422)
    assert "evil" not in response.text


@pytest.mark.parametrize(
    ("malformed", "unknown"),
    [
        ("/v1/events/" + "e" * 200, "/v1/events/nothing"),
        ("/v1/nations/KEN", "/v1/nations/ZZ"),
        ("/v1/nations/k1", "/v1/nations/ZZ"),
        ("/v1/officials/Not%20A%20Slug", "/v1/officials/nobody"),
        ("/problems/" + "x" * 41, "/problems/nothing"),
    ],
)
def test_a_malformed_key_is_a_404_like_an_unknown_one(
    client: TestClient, malformed: str, unknown: str
) -> None:
    body = assert_problem(client.get(malformed), 404)
    expected = assert_problem(client.get(unknown), 404)
    assert body["type"] == expected["type"] == "/problems/not-found"
    assert "not of the form" in body["detail"]
    assert body["instance"] == malformed.split("?")[0].replace("%20", " ")
    assert "errors" not in body
    assert "String should" not in body["detail"]


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
@pytest.mark.parametrize("url", ["/v1/contingents", "/v1/contingents/ke-217-january-2025", "/v1"])
def test_only_get_and_head(client: TestClient, method: str, url: str) -> None:
    response = client.request(method, url)
    assert_problem(response, 405)
    assert response.headers["allow"] == "GET, HEAD"


@pytest.mark.parametrize(
    "url", ["/v1/contingents", "/v1/nations/KE", "/v1/search?q=kenya", "/v1", "/openapi.json"]
)
def test_head_is_get_without_a_body(client: TestClient, url: str) -> None:
    plain = {"Accept-Encoding": "identity"}  # so content-length is that of get.content
    get, head = client.get(url, headers=plain), client.head(url, headers=plain)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["content-length"] == str(len(get.content))


def test_head_errors_too(client: TestClient) -> None:
    response = client.head("/v1/contingents/nope")
    assert response.status_code == 404
    assert response.content == b""


def test_fastapi_default_validation_body_never_leaks(client: TestClient) -> None:
    response = client.get("/v1/nations/KENYA")
    assert "loc" not in response.json()
    assert "msg" not in response.text


def _failing_app() -> FastAPI:
    app = create_app(Settings(database_url="sqlite://"))

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("SELECT secret FROM /work/private")

    return app


def test_an_unhandled_error_is_a_generic_500(caplog: pytest.LogCaptureFixture) -> None:
    with TestClient(_failing_app(), raise_server_exceptions=False) as failing:
        response = failing.get("/boom")
    body = assert_problem(response, 500)
    assert "secret" not in response.text
    assert body["request_id"]
    assert body["request_id"] in caplog.text
