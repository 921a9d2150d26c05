"""Properties of the list machinery, on a synthetic dataset big enough to matter
(bench/synth.py: 300 contingents through the real loader), on both backends: for any
valid filters, sort and page size, walking the cursor pages gives records that all match
the filters, in the stated order (nulls last either way, slug breaking ties), each once,
as many as the total says, the same as one big page, and the same walking back."""

import datetime as dt
import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.config import Settings
from app.loader.load import load
from app.main import create_app
from bench import synth
from tests.conftest import DATA_DIR, _temporary_postgres_database

NATIONS = ("KE", "BR", "MX", "JM", "BS", "BZ", "GT", "SV", "HT", "XX")
STATUSES = ("planned", "deployed", "departed", "arrived")
SORTS = ("slug", "nation", "status", "ordinal", "personnel", "arrived_on", "deployed_on")

Record = dict[str, Any]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def synthetic(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    data = tmp_path_factory.mktemp("synth") / "data"
    synth.generate(data, seed=11, contingents=300, quotes=40, officials=40)
    if request.param == "sqlite":
        urls: Iterator[str] = iter([f"sqlite:///{Path(data).parent / 'synth.db'}"])
    else:
        urls = _temporary_postgres_database(request.getfixturevalue("postgres_admin_url"))
    for url in urls:
        load(data, url)
        app = create_app(Settings(database_url=url, data_dir=DATA_DIR))
        with TestClient(app) as client:
            yield client


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _bounds(record: Record, field: str) -> tuple[dt.date | None, dt.date | None]:
    fuzzy = record[field]
    if fuzzy is None:
        return None, None
    return _date(fuzzy["earliest_on"]), _date(fuzzy["latest_on"])


def _sort_value(record: Record, key: str) -> Any:
    if key == "nation":
        return record["nation"]["code"]
    if key == "personnel":
        return record["personnel"]["value"] if record["personnel"] else None
    if key in ("arrived_on", "deployed_on"):
        bounds = _bounds(record, key.removesuffix("_on"))
        return None if bounds == (None, None) else bounds
    return record[key]


def _compare(sort: list[str], a: Record, b: Record) -> int:
    """The API's order: each key in turn, nulls last in both directions."""
    for token in sort:
        key, descending = token.removeprefix("-"), token.startswith("-")
        x, y = _sort_value(a, key), _sort_value(b, key)
        if x == y:
            continue
        if x is None or y is None:
            return 1 if x is None else -1
        if isinstance(x, tuple):  # a date interval: each bound in turn, null bound last
            for xi, yi in zip(x, y, strict=True):
                if xi != yi:
                    if xi is None or yi is None:
                        return 1 if xi is None else -1
                    return (1 if xi > yi else -1) * (-1 if descending else 1)
            continue
        return (1 if x > y else -1) * (-1 if descending else 1)
    return 0


@st.composite
def queries(draw: st.DrawFn) -> dict[str, str]:
    params: dict[str, str] = {}
    if draw(st.booleans()):
        params["nation"] = ",".join(draw(st.sets(st.sampled_from(NATIONS), min_size=1, max_size=4)))
    if draw(st.booleans()):
        params["status"] = ",".join(draw(st.sets(st.sampled_from(STATUSES), min_size=1)))
    if draw(st.booleans()):
        params["personnel__gte"] = str(draw(st.integers(0, 1200)))
    if draw(st.booleans()):
        params["personnel__lt"] = str(draw(st.integers(0, 1200)))
    if draw(st.booleans()):
        params["ordinal"] = ",".join(map(str, draw(st.sets(st.integers(1, 8), min_size=1))))
    if draw(st.booleans()):
        year = draw(st.integers(2024, 2026))
        month = draw(st.one_of(st.none(), st.integers(1, 12)))
        params["arrived_on__overlaps"] = f"{year}" if month is None else f"{year}-{month:02d}"
    keys = draw(st.lists(st.sampled_from(SORTS), unique=True, min_size=0, max_size=4))
    if keys:
        params["sort"] = ",".join(("-" if draw(st.booleans()) else "") + k for k in keys)
    params["limit"] = str(draw(st.integers(1, 40)))
    return params


def _period(raw: str) -> tuple[dt.date, dt.date]:
    if len(raw) == 4:
        return dt.date(int(raw), 1, 1), dt.date(int(raw), 12, 31)
    first = dt.date(int(raw[:4]), int(raw[5:7]), 1)
    nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def _matches(record: Record, params: dict[str, str]) -> bool:
    personnel = record["personnel"]["value"] if record["personnel"] else None
    checks = []
    if "nation" in params:
        checks.append(record["nation"]["code"] in params["nation"].split(","))
    if "status" in params:
        checks.append(record["status"] in params["status"].split(","))
    if "personnel__gte" in params:
        checks.append(personnel is not None and personnel >= int(params["personnel__gte"]))
    if "personnel__lt" in params:
        checks.append(personnel is not None and personnel < int(params["personnel__lt"]))
    if "ordinal" in params:
        checks.append(record["ordinal"] in {int(v) for v in params["ordinal"].split(",")})
    if "arrived_on__overlaps" in params:
        start, end = _period(params["arrived_on__overlaps"])
        earliest, latest = _bounds(record, "arrived")
        checks.append(
            (earliest is not None or latest is not None)
            and (earliest is None or earliest <= end)
            and (latest is None or latest >= start)
        )
    return all(checks)


def _walk(client: TestClient, params: dict[str, str]) -> list[dict[str, Any]]:
    """Every page, following `next_cursor` from the first."""
    pages: list[dict[str, Any]] = []
    query = dict(params)
    for _ in range(400):
        response = client.get("/v1/contingents", params=query)
        assert response.status_code == 200, response.text
        pages.append(response.json())
        cursor = pages[-1]["meta"]["next_cursor"]
        if cursor is None:
            return pages
        query = {**params, "cursor": cursor}
    raise AssertionError("the pages never ended")


def _walk_back(client: TestClient, params: dict[str, str], cursor: str | None) -> list[Record]:
    """The records before a page, following `prev_cursor` back to the start."""
    records: list[Record] = []
    for _ in range(400):
        if cursor is None:
            return records
        body = client.get("/v1/contingents", params={**params, "cursor": cursor}).json()
        records = body["data"] + records
        cursor = body["meta"]["prev_cursor"]
    raise AssertionError("the pages never ended")


@given(params=queries())
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_cursor_pages_match_filter_and_order(synthetic: TestClient, params: dict[str, str]) -> None:
    pages = _walk(synthetic, params)
    sort = pages[0]["meta"]["sort"]
    records = [r for page in pages for r in page["data"]]
    slugs = [r["slug"] for r in records]
    assert len(slugs) == len(set(slugs)), "a record came twice"
    assert len(records) == pages[0]["meta"]["total"]
    assert all(_matches(r, params) for r in records)
    ordered = sorted(records, key=functools.cmp_to_key(functools.partial(_compare, sort)))
    assert slugs == [r["slug"] for r in ordered]
    whole = synthetic.get("/v1/contingents", params={**params, "limit": "500"}).json()["data"]
    assert [r["slug"] for r in whole] == slugs
    # And back: from the last page, the prev cursors retrace every record before it.
    before = _walk_back(synthetic, params, pages[-1]["meta"]["prev_cursor"])
    assert [r["slug"] for r in before + pages[-1]["data"]] == slugs


@given(params=queries(), offset=st.integers(0, 320))
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_offset_pages_are_slices_of_the_whole(
    synthetic: TestClient, params: dict[str, str], offset: int
) -> None:
    whole = synthetic.get("/v1/contingents", params={**params, "limit": "500"}).json()["data"]
    page = synthetic.get("/v1/contingents", params={**params, "offset": str(offset)}).json()
    limit = int(params["limit"])
    assert [r["slug"] for r in page["data"]] == [r["slug"] for r in whole[offset : offset + limit]]
    assert page["meta"]["total"] == len(whole)
