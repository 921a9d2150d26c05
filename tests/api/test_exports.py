"""Whole-list exports: `GET /v1/{resource}.csv` and `.ndjson` hold every record the
filters select, in the sort asked for, across as many keyset pages as it takes, streamed;
paging parameters are refused, bad filters are the same 422 as on the list."""

import csv
import io

import orjson
import pytest
from fastapi.testclient import TestClient

from app.queries.listing import MAX_LIMIT
from app.resources import NAMES
from tests.api.helpers import assert_problem


def _all_pages(client: TestClient, url: str) -> list[dict[str, object]]:
    records: list[dict[str, object]] = []
    next_url: str | None = url
    while next_url:
        page = client.get(next_url).json()
        records += page["data"]
        next_url = page["links"]["next"]
    return records


@pytest.mark.parametrize("name", NAMES)
def test_the_ndjson_export_is_every_page_of_the_list(client: TestClient, name: str) -> None:
    response = client.get(f"/v1/{name}.ndjson")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-ndjson"
    assert response.headers["content-disposition"] == f'attachment; filename="{name}.ndjson"'
    exported = [orjson.loads(line) for line in response.content.splitlines()]
    assert exported == _all_pages(client, f"/v1/{name}?limit={MAX_LIMIT}")
    assert exported, name


def test_an_export_is_not_bounded_by_a_page(client: TestClient) -> None:
    total = client.get("/v1/sources?limit=1").json()["meta"]["total"]
    assert total > MAX_LIMIT  # more than one keyset batch
    rows = list(csv.DictReader(io.StringIO(client.get("/v1/sources.csv").text)))
    assert len(rows) == total
    assert len({row["slug"] for row in rows}) == total


def test_the_csv_export_filters_sorts_and_picks_fields_as_the_list_does(
    client: TestClient,
) -> None:
    query = "nation=KE&sort=-personnel,slug&fields=personnel,arrived"
    exported = client.get(f"/v1/contingents.csv?{query}")
    listed = client.get(f"/v1/contingents?{query}&limit={MAX_LIMIT}&format=csv")
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    assert exported.headers["content-disposition"] == 'attachment; filename="contingents.csv"'
    version = client.get("/v1/dataset").json()["data"]["version"]
    assert exported.headers["x-dataset-version"] == version
    assert exported.text == listed.text
    header = exported.text.splitlines()[0].split(",")
    assert header[0] == "slug"
    assert "arrived.text" in header
    assert "nation.code" not in header
    ke = client.get(f"/v1/contingents?nation=KE&limit={MAX_LIMIT}").json()["meta"]["total"]
    assert len(exported.text.splitlines()) == ke + 1


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("limit=10", 400),
        ("cursor=abc", 400),
        ("offset=5", 400),
        ("format=json", 400),
        ("facet=nation", 400),
        ("bogus=1", 400),
        ("personnel__gt=lots", 422),
        ("sort=nope", 422),
    ],
)
def test_bad_export_parameters_are_problems(client: TestClient, query: str, status: int) -> None:
    body = assert_problem(client.get(f"/v1/contingents.csv?{query}"), status)
    if status == 400:
        assert "sort" in body["accepted"]
        assert "limit" not in body["accepted"]


def test_an_empty_selection_is_a_header_only_csv(client: TestClient) -> None:
    response = client.get("/v1/contingents.csv?nation=ZZ")
    assert response.status_code == 200
    lines = response.text.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("slug,")
    assert client.get("/v1/contingents.ndjson?nation=ZZ").content == b""


def test_the_exports_are_documented(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for name in NAMES:
        for fmt, media in (("csv", "text/csv"), ("ndjson", "application/x-ndjson")):
            op = paths[f"/v1/{name}.{fmt}"]["get"]
            assert media in op["responses"]["200"]["content"]
            params = {p["name"] for p in op["parameters"]}
            assert {"sort", "fields"} <= params
            assert not {"limit", "cursor", "offset", "format"} & params
