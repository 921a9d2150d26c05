"""Where clients arrive: the root as the API index for programs, the service
description linked from every response, and client noise in the query string."""

import pytest
from fastapi.testclient import TestClient

from app.api.query import ignored
from tests.api.helpers import assert_problem

SERVICE_DESC = '</openapi.json>; rel="service-desc"'


@pytest.mark.parametrize(
    "accept", ["application/json", "application/json, text/html;q=0.9", "application/*"]
)
def test_the_root_is_the_api_index_for_json_clients(
    article_client: TestClient, accept: str
) -> None:
    response = article_client.get("/", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == article_client.get("/v1").json()
    assert "Accept" in response.headers["vary"]


@pytest.mark.parametrize(
    "accept",
    [None, "*/*", "text/html", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"],
)
def test_the_root_is_the_explorer_for_browsers(
    article_client: TestClient, accept: str | None
) -> None:
    response = article_client.get("/", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "<!doctype html>" in response.text.lower()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/v1",
        "/v1/contingents?limit=1",
        "/v1/contingents/nope",
        "/v1/contingents?bogus=1",
        "/openapi.json",
        "/healthz",
        "/contingents",
        "/docs",
    ],
)
def test_every_response_links_the_service_description(article_client: TestClient, url: str) -> None:
    response = article_client.get(url, follow_redirects=False)
    assert SERVICE_DESC in response.headers["link"]


def test_the_service_description_joins_a_pages_link(article_client: TestClient) -> None:
    response = article_client.get("/v1/contingents?limit=1")
    links = [part.strip() for part in response.headers["link"].split(", <")]
    assert len(links) == 2
    assert 'rel="next"' in links[0]
    assert links[1] == SERVICE_DESC.removeprefix("<")
    assert article_client.get("/openapi.json").json()["openapi"].startswith("3.")


@pytest.mark.parametrize(
    "noise", ["_=1733152800000", "utm_source=newsletter&utm_medium=email", "%5F=1", "utm_x="]
)
def test_client_noise_is_ignored(article_client: TestClient, noise: str) -> None:
    plain = article_client.get("/v1/contingents?limit=1&sort=slug")
    noisy = article_client.get(f"/v1/contingents?{noise}&limit=1&sort=slug")
    assert noisy.status_code == 200
    assert noisy.content == plain.content
    # The same representation: one ETag, and links without the noise.
    assert noisy.headers["etag"] == plain.headers["etag"]
    assert "utm_" not in noisy.headers["link"]
    assert "_=" not in noisy.headers["link"]
    for url in ("/v1/nations/KE", "/v1/dumps", "/v1/search?q=ruto"):
        assert article_client.get(f"{url}{'&' if '?' in url else '?'}{noise}").status_code == 200


@pytest.mark.parametrize("name", ["__", "_x", "utm", "UTM_source", "x_"])
def test_other_unknown_parameters_stay_a_400(article_client: TestClient, name: str) -> None:
    assert not ignored(name)
    body = assert_problem(article_client.get(f"/v1/contingents?{name}=1"), 400)
    assert body["errors"][0]["parameter"] == name
