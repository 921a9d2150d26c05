"""/v1/strength: the reported strength of the mission over time, as a time series."""

import csv
import io

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import assert_problem, data, keys, walk
from tests.api.v1.curated import chronological, curated


def test_the_series_is_every_figure_oldest_first(client: TestClient) -> None:
    served = walk(client, "/v1/strength?limit=7")
    assert keys(served) == chronological(curated().strength, "as_of")
    assert len(served) >= 2


def test_a_nation_s_series(client: TestClient) -> None:
    kenya = [f for f in curated().strength if f.nation == "KE"]
    served = walk(client, "/v1/strength?nation=ke&limit=100")
    assert keys(served) == chronological(kenya, "as_of")
    assert {f["nation"]["code"] for f in served} == {"KE"}


def test_the_seed_figures_keep_their_qualifier_and_participation(client: TestClient) -> None:
    over = data(client, "/v1/strength/mss-haiti-ke-police-over-600")
    assert (over["value"], over["qualifier"], over["unit"]) == (600, "more_than", "police officers")
    assert over["participation"] == "mss-haiti-ke-police"
    assert over["scope"] == "service"
    assert over["as_of"]["inferred"] is True
    assert over["evidence"][0]["verified"] is True
    # The mission's record still shows it under Kenya's police participation.
    mission = data(client, "/v1/mission")
    [police] = [p for p in mission["participations"] if p["slug"] == "mss-haiti-ke-police"]
    assert "mss-haiti-ke-police-over-600" in [f["slug"] for f in police["figures"]]


def test_scope_tells_the_whole_mission_from_one_nation(client: TestClient) -> None:
    whole = [f.slug for f in curated().strength if f.nation is None]
    assert sorted(keys(walk(client, "/v1/strength?scope=mission&limit=100"))) == sorted(whole)
    for f in walk(client, "/v1/strength?scope=mission&limit=100"):
        assert f["nation"] is None


def test_the_series_as_csv_is_ready_to_chart(client: TestClient) -> None:
    response = client.get("/v1/strength", params={"nation": "KE", "format": "csv", "limit": 100})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    expected = chronological([f for f in curated().strength if f.nation == "KE"], "as_of")
    assert [r["slug"] for r in rows] == expected
    for row in rows:
        assert row["value"].isdigit()
        assert row["qualifier"]
        assert "as_of.earliest_on" in row


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"scope": "planet"}, 422),
        ({"service": "navy"}, 422),
        ({"as_of__overlaps": "2025-13"}, 422),
        ({"value__gt": "many"}, 422),
        ({"as_of": "2025"}, 400),
    ],
)
def test_bad_queries_are_problems(client: TestClient, query: dict[str, str], status: int) -> None:
    assert_problem(client.get("/v1/strength", params=query), status)


def test_an_unknown_figure_is_a_404(client: TestClient) -> None:
    assert_problem(client.get("/v1/strength/no-such-figure"), 404)
