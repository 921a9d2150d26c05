"""JSON, CSV and NDJSON for every list; Accept negotiation and 406."""

import csv
import io
import json
from typing import get_args

import pytest
from fastapi.testclient import TestClient

from app.models.common import BreakdownKey
from tests.api.helpers import LIST_ENDPOINTS, assert_problem

LISTS = [*LIST_ENDPOINTS, "/v1/search?q=kenya"]


def _with(url: str, extra: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{extra}"


@pytest.mark.parametrize("url", LISTS)
def test_csv_for_every_list(article_client: TestClient, url: str) -> None:
    as_json = article_client.get(url).json()
    response = article_client.get(_with(url, "format=csv"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    name = url.split("?")[0].rsplit("/", 1)[-1]
    assert response.headers["content-disposition"] == f'attachment; filename="{name}.csv"'
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == len(as_json["data"])
    assert response.headers["x-total-count"] == str(as_json["meta"]["total"])
    key = "code" if url.startswith("/v1/nations") else "slug"
    assert [r[key] for r in rows] == [d[key] for d in as_json["data"]]


@pytest.mark.parametrize("url", LISTS)
def test_ndjson_for_every_list(article_client: TestClient, url: str) -> None:
    as_json = article_client.get(url).json()
    response = article_client.get(url, headers={"accept": "application/x-ndjson"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-ndjson"
    lines = response.text.splitlines()
    assert [json.loads(line) for line in lines] == as_json["data"]


def test_csv_flattens_objects_and_encodes_lists(article_client: TestClient) -> None:
    response = article_client.get(
        "/v1/contingents", params={"format": "csv", "fields": "nation,personnel,escorts"}
    )
    reader = csv.DictReader(io.StringIO(response.text))
    assert reader.fieldnames == [
        "slug",
        "url",
        "nation.code",
        "nation.name",
        "nation.url",
        "personnel.value",
        "personnel.qualifier",
        "personnel.unit",
        *(f"personnel.breakdown.{key}" for key in get_args(BreakdownKey)),
        "escorts",
    ]
    rows = list(reader)
    row = rows[0]
    assert row["nation.code"] == "KE"
    assert row["personnel.qualifier"] == "exact"
    # The 144 of February 2025: 120 men and 24 women, a column each; no other part given.
    (broken_down,) = [r for r in rows if r["personnel.breakdown.women"]]
    assert (broken_down["personnel.breakdown.men"], broken_down["personnel.breakdown.women"]) == (
        "120",
        "24",
    )
    assert broken_down["personnel.breakdown.police"] == ""
    assert next(e["slug"] for e in json.loads(row["escorts"])) == "joseph-boinnet"


def test_csv_pages_like_json(article_client: TestClient) -> None:
    response = article_client.get("/v1/events", params={"format": "csv", "limit": 2})
    assert len(list(csv.DictReader(io.StringIO(response.text)))) == 2
    assert 'rel="next"' in response.headers["link"]
    assert "format=csv" in response.headers["link"]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/json"),
        ("", "application/json"),
        ("*/*", "application/json"),
        ("application/*", "application/json"),
        ("application/json", "application/json"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/json"),
        ("text/csv", "text/csv"),
        ("text/*", "text/csv"),
        ("text/csv, */*", "text/csv"),
        ("application/json;q=0.5, text/csv", "text/csv"),
        ("text/csv;q=0.2, application/x-ndjson;q=0.9", "application/x-ndjson"),
        ("application/ndjson", "application/x-ndjson"),
        ("application/json, text/csv;q=0", "application/json"),
        ("TEXT/CSV", "text/csv"),
    ],
)
def test_accept_negotiation(article_client: TestClient, accept: str | None, expected: str) -> None:
    headers = {} if accept is None else {"accept": accept}
    response = article_client.get("/v1/contingents", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == expected


@pytest.mark.parametrize(
    "accept", ["text/html", "application/xml", "image/png", "text/csv;q=0, application/json;q=0"]
)
def test_unservable_accept_is_406(article_client: TestClient, accept: str) -> None:
    body = assert_problem(article_client.get("/v1/contingents", headers={"accept": accept}), 406)
    assert "text/csv" in body["detail"]


def test_format_parameter_wins_over_accept(article_client: TestClient) -> None:
    response = article_client.get("/v1/contingents?format=ndjson", headers={"accept": "text/html"})
    assert response.headers["content-type"] == "application/x-ndjson"


def test_items_are_json_only(article_client: TestClient) -> None:
    url = "/v1/contingents/ke-217-january-2025"
    assert article_client.get(url, headers={"accept": "*/*"}).status_code == 200
    assert_problem(article_client.get(url, headers={"accept": "text/csv"}), 406)
    assert_problem(article_client.get(url, params={"format": "csv"}), 422)
    assert article_client.get(url, params={"format": "json"}).status_code == 200
