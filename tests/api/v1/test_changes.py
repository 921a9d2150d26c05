"""/v1/changes between two real releases: added, changed (field level), removed."""

from tests.api.v1.release_fixtures import NEW_QUOTE, OLD_QUOTE, TwoReleases, releases

__all__ = ["releases"]


def test_the_feed_lists_added_changed_and_removed(releases: TwoReleases) -> None:
    response = releases.client.get(f"/v1/changes?since={releases.first}")
    assert response.status_code == 200
    feed = response.json()["data"]
    assert (feed["since"], feed["until"]) == (releases.first, releases.second)
    assert [(a["resource"], a["key"]) for a in feed["added"]] == [("quotes", NEW_QUOTE)]
    assert feed["removed"] == [
        {
            "resource": "quotes",
            "key": OLD_QUOTE,
            "removed": True,
            "merged_into": f"http://testserver/v1/quotes/{NEW_QUOTE}",
        }
    ]
    changed = {(c["resource"], c["key"]): c["changes"] for c in feed["changed"]}
    assert changed[("contingents", "ke-217-january-2025")] == [
        {"field": "received_by", "old": "Haitian authorities", "new": "Haitian officials"}
    ]
    [quotes] = [
        c
        for c in changed[("events", "nps-statement-additional-deployments")]
        if c["field"] == "quotes"
    ]
    assert quotes["old"][0]["url"] == f"http://testserver/v1/quotes/{OLD_QUOTE}"
    assert quotes["new"][0]["url"] == f"http://testserver/v1/quotes/{NEW_QUOTE}"


def test_the_feed_runs_backwards_too(releases: TwoReleases) -> None:
    feed = releases.client.get(
        f"/v1/changes?since={releases.second}&until={releases.first}"
    ).json()["data"]
    assert [a["key"] for a in feed["added"]] == [OLD_QUOTE]
    assert [r["key"] for r in feed["removed"]] == [NEW_QUOTE]


def test_since_defaults_to_the_release_before(releases: TwoReleases) -> None:
    feed = releases.client.get("/v1/changes").json()["data"]
    assert (feed["since"], feed["until"]) == (releases.first, releases.second)


def test_since_is_checked(releases: TwoReleases) -> None:
    client = releases.client
    assert client.get("/v1/changes?since=nothex").status_code == 422
    unknown = client.get("/v1/changes?since=ffffffffffffffff")
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/problem+json"
    assert client.get(f"/v1/changes?since={releases.first}&bogus=1").status_code == 400


def test_a_release_compared_with_itself_has_no_changes(releases: TwoReleases) -> None:
    feed = releases.client.get(f"/v1/changes?since={releases.second}").json()["data"]
    assert feed["added"] == feed["changed"] == feed["removed"] == []
