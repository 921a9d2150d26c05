"""/v1/decisions: resolutions with their votes, national approvals, rulings, agreements."""

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import assert_problem, data, keys, walk
from tests.api.v1.curated import chronological, curated


def test_every_decision_in_date_order(client: TestClient) -> None:
    assert keys(walk(client, "/v1/decisions?limit=5")) == chronological(curated().decisions, "date")


def test_each_resolution_with_its_vote_as_curated(client: TestClient) -> None:
    resolutions = [d for d in curated().decisions if d.kind == "resolution"]
    assert resolutions
    for d in resolutions:
        served = data(client, f"/v1/decisions/{d.slug}")
        assert served["number"] == d.number
        assert served["date"]["earliest_on"] == (
            d.date.earliest_on and d.date.earliest_on.isoformat()
        )
        if d.vote is None:
            assert served["vote"] is None
            continue
        vote = served["vote"]
        assert (vote["in_favour"], vote["against"], vote["abstentions"]) == (
            d.vote.in_favour,
            d.vote.against,
            d.vote.abstentions,
        )
        assert [n["code"] for n in vote["abstaining"]] == d.vote.abstaining
        assert vote["unanimous"] is d.vote.unanimous


def test_abstained_finds_the_votes_a_nation_abstained_in(client: TestClient) -> None:
    abstainers = {c for d in curated().decisions if d.vote for c in d.vote.abstaining}
    for code in sorted(abstainers):
        expected = [d.slug for d in curated().decisions if d.vote and code in d.vote.abstaining]
        served = keys(walk(client, f"/v1/decisions?abstained={code.lower()}&limit=100"))
        assert sorted(served) == sorted(expected)


def test_unanimous_filter(client: TestClient) -> None:
    expected = [d.slug for d in curated().decisions if d.vote and d.vote.unanimous]
    served = keys(walk(client, "/v1/decisions?unanimous=true&limit=100"))
    assert sorted(served) == sorted(expected)


@pytest.mark.parametrize(
    "query",
    [{"kind": "decree"}, {"unanimous": "maybe"}, {"date__overlaps": "2023-02-30"}],
)
def test_bad_queries_are_problems(client: TestClient, query: dict[str, str]) -> None:
    assert_problem(client.get("/v1/decisions", params=query), 422)


def test_an_unknown_decision_is_a_404(client: TestClient) -> None:
    assert_problem(client.get("/v1/decisions/no-such-decision"), 404)
