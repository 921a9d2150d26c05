"""The whole curated record is served: every list holds exactly the records that the
loader validated from data/, each once, and each resolves by its key.

The query tests (filters, sorts, cursors, formats) run over the article's fixed records
(`article_client`); these run over the real data, whatever its size."""

import pytest
from fastapi.testclient import TestClient

from app.resources import RESOURCES
from tests.api.helpers import data, keys, walk
from tests.api.v1.curated import curated

NAMES = [res.name for res in RESOURCES]


def _curated_keys(name: str) -> list[str]:
    records = getattr(curated(), name)
    return sorted(getattr(r, "slug", None) or r.code for r in records)


@pytest.mark.parametrize("name", NAMES)
def test_every_curated_record_is_listed_once(client: TestClient, name: str) -> None:
    expected = _curated_keys(name)
    assert expected, f"data/ holds no {name}"
    listed = keys(walk(client, f"/v1/{name}?limit=100"))
    assert len(listed) == len(set(listed)), "a record is listed twice"
    assert sorted(listed) == expected
    assert client.get(f"/v1/{name}?limit=1").json()["meta"]["total"] == len(expected)


@pytest.mark.parametrize("name", NAMES)
def test_every_curated_record_resolves_with_its_evidence(client: TestClient, name: str) -> None:
    for key in _curated_keys(name):
        item = data(client, f"/v1/{name}/{key}")
        assert item["url"].endswith(f"/v1/{name}/{key}")
        if name == "conflicts":
            assert all(side["evidence"] for side in item["claims"]), f"{name}/{key}"
        elif name != "sources":
            assert item["evidence"], f"{name}/{key} has no evidence"


def test_the_record_is_at_least_what_the_issue_asks(client: TestClient) -> None:
    """40 sources, 20 deployments over the six nations, the three resolutions, and a
    strength series of at least 10 dated points."""
    total = client.get("/v1/sources?limit=1").json()["meta"]["total"]
    assert total >= 40
    contingents = walk(client, "/v1/contingents?limit=100")
    assert len(contingents) >= 20
    nations = {c["nation"]["code"] for c in contingents}
    assert {"KE", "JM", "BZ", "BS", "GT", "SV"} <= nations
    resolutions = data(client, "/v1/decisions", kind="resolution", limit="100")
    assert {d["number"] for d in resolutions} >= {"2699", "2751", "2793"}
    dated = [
        s for s in walk(client, "/v1/strength?limit=100") if s["as_of"]["earliest_on"] is not None
    ]
    assert len({s["as_of"]["earliest_on"] for s in dated}) >= 10


def test_every_side_of_every_conflict_is_served(client: TestClient) -> None:
    """Each side in data/conflicts.yaml is served, on the record it names; a side on an
    official's position is served on the official, with the position as its `part`."""
    positions = {
        f"{o.slug}-{i}": o.slug for o in curated().officials for i, _ in enumerate(o.positions, 1)
    }
    for conflict in curated().conflicts:
        served = data(client, f"/v1/conflicts/{conflict.slug}")["claims"]
        assert len(served) == len(conflict.claims), conflict.slug
        for side, claim in zip(served, conflict.claims, strict=True):
            kind, _, key = claim.record.partition("/")
            if kind == "positions":
                assert (side["record"]["kind"], side["record"]["slug"]) == (
                    "officials",
                    positions[key],
                )
                assert side["part"] == key
                assert conflict.slug in keys(
                    data(client, f"/v1/officials/{positions[key]}")["conflicts"]
                )
            else:
                assert (side["record"]["kind"], side["record"]["slug"]) == (kind, key)
                assert side["part"] is None
            assert side["field"] == claim.field
            assert side["own"] == (claim.value is None)
            assert side["evidence"], f"{conflict.slug}: a side without evidence"
