"""/v1/releases, version-pinned items and 308 for redirected keys, over two real releases."""

from tests.api.v1.release_fixtures import NEW_QUOTE, OLD_QUOTE, TwoReleases, releases

__all__ = ["releases"]


def test_each_load_that_changes_content_is_a_release(releases: TwoReleases) -> None:
    body = releases.client.get("/v1/releases").json()["data"]
    assert [r["version"] for r in body] == [releases.second, releases.first]
    assert [r["current"] for r in body] == [True, False]
    assert all(r["snapshot_stored"] for r in body)
    assert body[0]["counts"]["quotes"] == 4
    assert body[1]["changes_url"].endswith(f"/v1/changes?since={releases.first}")


def test_a_redirected_key_answers_308_to_the_survivor(releases: TwoReleases) -> None:
    old = releases.client.get(f"/v1/quotes/{OLD_QUOTE}?fields=slug", follow_redirects=False)
    assert old.status_code == 308
    assert old.headers["location"] == f"/v1/quotes/{NEW_QUOTE}?fields=slug"
    cite = releases.client.get(f"/v1/quotes/{OLD_QUOTE}/cite", follow_redirects=False)
    assert cite.headers["location"] == f"/v1/quotes/{NEW_QUOTE}/cite"


def test_an_unknown_key_without_redirect_is_still_404(releases: TwoReleases) -> None:
    response = releases.client.get("/v1/quotes/no-such-quote", follow_redirects=False)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_version_pins_an_item_to_an_earlier_release(releases: TwoReleases) -> None:
    client = releases.client
    old = client.get(f"/v1/quotes/{OLD_QUOTE}?version={releases.first}")
    assert old.status_code == 200
    data = old.json()["data"]
    assert data["slug"] == OLD_QUOTE
    assert data["url"] == f"http://testserver/v1/quotes/{OLD_QUOTE}"
    contingent = client.get(f"/v1/contingents/ke-217-january-2025?version={releases.first}")
    assert contingent.json()["data"]["received_by"] == "Haitian authorities"
    now = client.get(f"/v1/contingents/ke-217-january-2025?version={releases.second}")
    assert now.json()["data"]["received_by"] == "Haitian officials"


def test_the_current_version_is_served_as_usual(releases: TwoReleases) -> None:
    pinned = releases.client.get(f"/v1/quotes/{NEW_QUOTE}?version={releases.second}&fields=slug")
    assert pinned.status_code == 200
    assert set(pinned.json()["data"]) == {"object", "slug", "url"}


def test_an_unknown_version_is_a_404_problem(releases: TwoReleases) -> None:
    response = releases.client.get(f"/v1/quotes/{NEW_QUOTE}?version=ffffffffffffffff")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "No release has this version" in response.json()["detail"]
    missing = releases.client.get(f"/v1/quotes/{NEW_QUOTE}?version={releases.first}")
    assert missing.status_code == 404
    assert "did not exist" in missing.json()["detail"]


def test_an_old_version_takes_no_other_parameters(releases: TwoReleases) -> None:
    response = releases.client.get(
        f"/v1/quotes/{OLD_QUOTE}?version={releases.first}&include=speaker"
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
