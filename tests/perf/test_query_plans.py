"""Every list filter and sort is served by an index: each request below runs against a
synthetic dataset (bench/synth.py through the real loader) on SQLite, every statement it
issues is put through EXPLAIN QUERY PLAN, and a plan that reads a whole large table, or
reads it and then sorts it, fails the test. (How fast that is, is measured in bench/.)"""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.api.query import filter_params
from app.config import Settings
from app.loader.load import load
from app.main import create_app
from app.queries import search
from app.queries.listing import ListSpec
from app.resources import RESOURCES
from bench import synth

# Tables that grow with the data; the others hold a few dozen rows at most.
LARGE = {
    "contingent",
    "contingent_escort",
    "quote",
    "official",
    "position",
    "organisation",
    "event",
    "event_involvement",
    "evidence",
    "source",
    "conflict",
    "conflict_claim",
    "search_document",
}
LISTS: list[tuple[str, ListSpec]] = [
    *((res.name, res.spec) for res in RESOURCES),
    ("search", search.SPEC),
]
_FULL_SCAN = re.compile(r"^SCAN (\w+)$")
_INDEX_SCAN = re.compile(r"^SCAN (\w+) USING (?:COVERING )?INDEX")


@pytest.fixture(scope="module")
def plans_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    work = tmp_path_factory.mktemp("plans")
    synth.generate(work / "data", seed=3, officials=300, contingents=600, quotes=600)
    url = f"sqlite:///{work / 'synth.db'}"
    load(work / "data", url)
    settings = Settings(database_url=url, response_cache_bytes=0, rate_limit_enabled=False)
    with TestClient(create_app(settings)) as client:
        yield client


def _statements(client: TestClient, url: str) -> list[tuple[str, Any]]:
    engine: Engine = client.app.state.dataset.current().engine  # type: ignore[attr-defined]
    seen: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, params))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        response = client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    assert response.status_code == 200, (url, response.text[:300])
    return seen


def _problems(client: TestClient, url: str, *, sorted_list: bool = False) -> list[str]:
    """What is wrong with the plans of every statement `url` runs."""
    engine: Engine = client.app.state.dataset.current().engine  # type: ignore[attr-defined]
    problems = []
    with engine.connect() as conn:
        for statement, params in _statements(client, url):
            plan = [
                row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)
            ]
            short = " ".join(statement.split())[:120]
            counting = short.startswith("SELECT count(*)") and "WHERE 1 = 1" in short
            for line in plan:
                if (m := _FULL_SCAN.match(line)) and m[1] in LARGE:
                    problems.append(f"full scan of {m[1]}: {short}")
                if (m := _INDEX_SCAN.match(line)) and m[1] in LARGE and not counting:
                    if any("TEMP B-TREE FOR ORDER BY" in p for p in plan):
                        problems.append(f"reads all of {m[1]}, then sorts: {short}")
                    if any("CORRELATED" in p for p in plan):
                        problems.append(f"a subquery per row of {m[1]}: {short}")
            page = "LIMIT" in statement and "_sort0" in statement
            if sorted_list and page and any("TEMP B-TREE FOR ORDER BY" in p for p in plan):
                problems.append(f"sort not from an index: {short} {plan}")
    return problems


def _base(resource: str) -> str:
    return "/v1/search?q=kenya&" if resource == "search" else f"/v1/{resource}?"


def _filter_cases() -> list[Any]:
    return [
        pytest.param(resource, name, f.example, id=f"{resource}-{name}")
        for resource, spec in LISTS
        for f in spec.filters
        for name, _op in filter_params(f)
    ]


def _sort_cases() -> list[Any]:
    return [
        pytest.param(
            resource, token, getattr(spec.table, "name", "") in LARGE, id=f"{resource}-{token}"
        )
        for resource, spec in LISTS
        for s in spec.sorts
        for token in (s.name, f"-{s.name}")
    ]


@pytest.mark.parametrize(("resource", "param", "value"), _filter_cases())
def test_every_filter_uses_an_index(
    plans_client: TestClient, resource: str, param: str, value: str
) -> None:
    assert _problems(plans_client, f"{_base(resource)}{param}={value}") == []


@pytest.mark.parametrize(("resource", "token", "large"), _sort_cases())
def test_every_sort_uses_an_index(
    plans_client: TestClient, resource: str, token: str, large: bool
) -> None:
    """On a large table the order comes from an index, not a sort of every row (search
    ranks its hits, which the full-text index finds, so it sorts only those)."""
    url = f"{_base(resource)}sort={token}&limit=5"
    assert _problems(plans_client, url, sorted_list=large) == []
    # The next page, read by keyset cursor, must not scan or sort either.
    link = plans_client.get(url).json()["links"]["next"]
    if link is not None:  # (a list of three missions has no second page of five)
        path = link.split("://", 1)[1].split("/", 1)[1]
        assert _problems(plans_client, "/" + path, sorted_list=large) == []


def test_the_default_lists_use_indexes(plans_client: TestClient) -> None:
    for resource, _spec in LISTS:
        assert _problems(plans_client, _base(resource).rstrip("?&")) == [], resource


def test_the_plan_checks_can_fail(plans_client: TestClient) -> None:
    """A query that must scan is reported (the rules above are not vacuous)."""
    engine: Engine = plans_client.app.state.dataset.current().engine  # type: ignore[attr-defined]
    with engine.connect() as conn:
        plan = [
            row[3]
            for row in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT * FROM contingent WHERE received_by = 'x'"
            )
        ]
    assert any(_FULL_SCAN.match(line) for line in plan)


def test_synthetic_data_is_used(plans_client: TestClient) -> None:
    total = plans_client.get("/v1/contingents?limit=1").json()["meta"]["total"]
    assert total >= 600
