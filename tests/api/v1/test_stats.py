"""/v1/stats: counts, and sums that keep their qualifiers; and the sum rule itself."""

import pytest
from fastapi.testclient import TestClient

from app.loader.documents.stats import Addend, add
from app.models.common import Qualifier
from tests.api.helpers import assert_problem, data

Q = Qualifier
UNKNOWN = Addend(None, None, None)


def _a(value: int, qualifier: Qualifier, unit: str = "officers") -> Addend:
    return Addend(value, qualifier, unit)


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ([_a(217, Q.exact), _a(144, Q.exact)], (361, Q.exact)),
        ([_a(600, Q.more_than), UNKNOWN], (600, Q.more_than)),
        ([_a(600, Q.more_than)], (600, Q.more_than)),
        ([_a(217, Q.exact), UNKNOWN], (217, Q.at_least)),
        ([_a(100, Q.exact), _a(600, Q.more_than)], (700, Q.more_than)),
        ([_a(100, Q.at_least), _a(600, Q.more_than)], (700, Q.more_than)),
        ([_a(100, Q.at_least), _a(5, Q.exact)], (105, Q.at_least)),
        ([_a(100, Q.approximately), _a(5, Q.exact)], (105, Q.approximately)),
        ([_a(100, Q.approximately), _a(600, Q.more_than)], (600, Q.more_than)),
        ([_a(100, Q.approximately), UNKNOWN], None),
        ([_a(10, Q.at_most), _a(5, Q.fewer_than)], (15, Q.fewer_than)),
        ([_a(10, Q.at_most), _a(5, Q.exact)], (5, Q.at_least)),
        ([_a(10, Q.at_most), UNKNOWN], None),
        ([UNKNOWN, UNKNOWN], None),
        ([], None),
    ],
)
def test_sums_keep_their_bounds(parts: list[Addend], expected: tuple[int, Q] | None) -> None:
    total = add(parts)
    if expected is None:
        assert total is None
    else:
        assert total is not None
        assert (total.value, total.qualifier) == expected
        assert total.unreported == sum(p.value is None for p in parts)


def test_mixed_units_are_personnel() -> None:
    total = add([_a(1, Q.exact, "officers"), _a(2, Q.exact, "soldiers")])
    assert total is not None
    assert total.unit == "personnel"


def test_personnel_by_nation_and_role(article_client: TestClient) -> None:
    s = data(article_client, "/v1/stats")
    assert s["personnel_total"] == {
        "value": 700,
        "qualifier": "more_than",
        "unit": "police officers",
        "figures": 1,
        "unreported": 5,
    }
    by_nation = {n["nation"]["code"]: n for n in s["personnel_by_nation"]}
    assert set(by_nation) == {"KE", "JM", "BS", "BZ", "GT", "SV"}
    assert by_nation["KE"]["total"]["qualifier"] == "more_than"
    assert by_nation["KE"]["figures"][0]["as_of"]["earliest_on"] == "2025-02-04"
    assert by_nation["JM"]["total"] is None
    by_role = {r["role"]: r for r in s["personnel_by_role"]}
    assert by_role["military_contributor"]["nations"] == 4
    assert by_role["military_contributor"]["total"] is None
    assert by_role["police_contributor"]["total"]["value"] == 700


def test_contingents_and_counts(article_client: TestClient) -> None:
    s = data(article_client, "/v1/stats")
    status = {g["value"]: g for g in s["contingents_by_status"]}
    assert status["arrived"]["personnel"]["value"] == 217
    assert status["planned"]["contingents"] == 2
    assert status["planned"]["personnel"] is None
    [kenya] = s["contingents_by_nation"]
    assert kenya["personnel"] == {
        "value": 361,
        "qualifier": "at_least",
        "unit": "officers",
        "figures": 2,
        "unreported": 2,
    }
    assert s["counts"]["contingents"] == 4
    assert s["counts"]["citations"] >= s["counts"]["citations_verified"] > 0


def test_stats_for_one_mission(article_client: TestClient) -> None:
    assert data(article_client, "/v1/stats", mission="mss-haiti") == data(
        article_client, "/v1/stats"
    )
    assert_problem(article_client.get("/v1/stats", params={"mission": "unknown"}), 404)
    assert_problem(article_client.get("/v1/stats", params={"mission": "Not A Slug"}), 422)
