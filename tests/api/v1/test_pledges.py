"""/v1/pledges, and pledges beside what each nation sent (/v1/stats)."""

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import assert_problem, data, keys, walk
from tests.api.v1.curated import chronological, curated


def test_every_pledge_in_date_order(client: TestClient) -> None:
    assert keys(walk(client, "/v1/pledges?limit=5")) == chronological(curated().pledges, "made")


def test_a_nation_s_pledges(client: TestClient) -> None:
    for code in sorted({p.nation for p in curated().pledges}):
        expected = [p.slug for p in curated().pledges if p.nation == code]
        assert sorted(keys(walk(client, f"/v1/pledges?nation={code}&limit=100"))) == sorted(
            expected
        )


def test_pledged_beside_sent_per_nation(client: TestClient) -> None:
    ds = curated()
    rows = {r["nation"]["code"]: r for r in data(client, "/v1/stats")["pledged_and_sent"]}
    sent = {c.nation for c in ds.contingents if c.status in ("departed", "arrived", "returned")}
    assert set(rows) == {p.nation for p in ds.pledges} | sent
    for code, row in rows.items():
        assert sorted(p["pledge"] for p in row["pledges"]) == sorted(
            p.slug for p in ds.pledges if p.nation == code
        )
        count = sum(
            1
            for c in ds.contingents
            if c.nation == code and c.status in ("departed", "arrived", "returned")
        )
        assert row["contingents_sent"] == count
        assert (row["sent"] is None) == (
            count == 0
            or all(
                c.personnel is None
                for c in ds.contingents
                if c.nation == code and c.status in ("departed", "arrived", "returned")
            )
        )


@pytest.mark.parametrize(
    "query", [{"kind": "promise"}, {"personnel__gte": "x"}, {"made__overlaps": "May"}]
)
def test_bad_queries_are_problems(client: TestClient, query: dict[str, str]) -> None:
    assert_problem(client.get("/v1/pledges", params=query), 422)
