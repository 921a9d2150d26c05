"""Corroboration: how many independent reports back each record and field, copies of one
agency story counted once, and whether a conflict disputes it."""

from fastapi.testclient import TestClient

from app.loader.curation import origins
from app.resources import RESOURCES
from tests.api.helpers import walk
from tests.api.v1.curated import curated

KINDS = [r.name for r in RESOURCES if "corroboration" in r.model.model_fields]


def test_every_record_counts_its_independent_reports(client: TestClient) -> None:
    ds = curated()
    origin_of = origins(ds)
    disputed = {
        (kind, key, claim.field)
        for c in ds.conflicts
        for claim in c.claims
        for kind, _, key in [claim.record.partition("/")]
    }
    checked = 0
    for kind in KINDS:
        for record in walk(client, f"/v1/{kind}?limit=100"):
            key = record.get("slug") or record["code"]
            cited = ds.evidence[(kind, key)]
            got = record["corroboration"]
            assert got["sources"] == len({origin_of[c.source] for c in cited}), (kind, key)
            assert got["citations"] == len(cited)
            assert got["single_source"] is (got["sources"] == 1)
            for name, support in got["fields"].items():
                backing = {origin_of[c.source] for c in cited if name in c.supports}
                assert support["sources"] == len(backing), (kind, key, name)
                assert support["disputed"] is ((kind, key, name) in disputed)
            checked += 1
    assert checked == sum(1 for kind, _ in ds.evidence if kind in KINDS)


def test_copies_of_one_wire_story_count_once() -> None:
    ds = curated()
    copies = {}
    for s in ds.sources:
        if s.wire_story:
            copies.setdefault(s.wire_story, []).append(s.slug)
    origin_of = origins(ds)
    for story, slugs in copies.items():
        assert {origin_of[s] for s in slugs} == {story}


def test_a_disputed_field_says_so(client: TestClient) -> None:
    record = walk(client, "/v1/contingents?limit=100")
    third = next(r for r in record if r["slug"] == "ke-144-february-2025")
    assert third["corroboration"]["disputed"] is True
    assert third["corroboration"]["fields"]["ordinal"]["disputed"] is True
    assert third["corroboration"]["fields"]["nation"]["disputed"] is False
