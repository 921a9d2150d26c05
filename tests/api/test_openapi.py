"""The OpenAPI 3.1 document describes every operation fully, and /docs serves it."""

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    with TestClient(create_app(Settings(database_url="sqlite://"))) as c:
        body: dict[str, Any] = c.get("/openapi.json").json()
    return body


def _operations(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{method.upper()} {path}", op)
        for path, item in schema["paths"].items()
        for method, op in item.items()
    ]


def test_version_and_info(schema: dict[str, Any]) -> None:
    assert schema["openapi"].startswith("3.1")
    assert schema["info"]["title"] == "MSS Facts API"
    assert "problem+json" in schema["info"]["description"]


def test_every_operation_is_documented(schema: dict[str, Any]) -> None:
    ids = []
    for name, op in _operations(schema):
        assert op.get("operationId"), name
        ids.append(op["operationId"])
        assert op.get("summary"), name
        assert "\n" not in op["summary"], name
        assert op.get("description"), name
        content = op["responses"]["200"]["content"]
        if "application/json" in content:
            assert "$ref" in content["application/json"]["schema"], f"{name}: no named model"
        else:  # a file (a dump, a whole-list export): one media type, its body a string
            assert re.match(r"GET /v1/(dumps/latest\.|[a-z]+\.(csv|ndjson)$)", name), name
            assert [c["schema"]["type"] for c in content.values()] == ["string"], name
        errors = {code: r for code, r in op["responses"].items() if code[0] in "45"}
        assert errors, name
        for code, response in errors.items():
            assert response["content"] == {
                "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
            }, (name, code)
    assert len(ids) == len(set(ids))
    assert {"list_contingents", "get_contingent", "search", "get_stats"} <= set(ids)


def test_every_parameter_has_a_description_and_a_bound(schema: dict[str, Any]) -> None:
    for name, op in _operations(schema):
        for param in op.get("parameters", []):
            where = (name, param["name"])
            assert param.get("description"), where
            s = param["schema"]
            if s.get("type") == "string" and "enum" not in s:
                assert s.get("maxLength") or s.get("pattern"), where
            if s.get("type") == "integer":
                assert "maximum" in s, where
            if param["name"] not in ("cursor",) and param["in"] == "query":
                assert "example" in param or "examples" in param, where


def test_filter_operators_are_visible(schema: dict[str, Any]) -> None:
    params = {p["name"]: p for p in schema["paths"]["/v1/contingents"]["get"]["parameters"]}
    for op in ("gt", "gte", "lt", "lte"):
        assert params[f"personnel__{op}"]["x-filter"] == {"field": "personnel", "op": op}
    assert "arrived_on__overlaps" in params["arrived_on__gte"]["description"]
    assert params["arrived_on__overlaps"]["schema"]["pattern"]
    assert params["limit"]["schema"]["maximum"] == 500
    assert "nulls sort last" in params["sort"]["description"]


def test_lists_document_csv_ndjson_and_headers(schema: dict[str, Any]) -> None:
    ok = schema["paths"]["/v1/contingents"]["get"]["responses"]["200"]
    assert {"application/json", "text/csv", "application/x-ndjson"} <= set(ok["content"])
    assert {"Link", "X-Total-Count"} <= set(ok["headers"])


RECORD_ITEMS = [
    "/v1/mission",
    "/v1/missions/{slug}",
    "/v1/contingents/{slug}",
    "/v1/nations/{code}",
    "/v1/officials/{slug}",
    "/v1/organisations/{slug}",
    "/v1/quotes/{slug}",
    "/v1/events/{slug}",
    "/v1/sources/{slug}",
    "/v1/conflicts/{slug}",
]


@pytest.mark.parametrize("path", RECORD_ITEMS)
def test_record_items_document_json_ld(schema: dict[str, Any], path: str) -> None:
    """Every record answers in JSON-LD too, so its schema must say so."""
    operation = schema["paths"][path]["get"]
    assert "application/ld+json" in operation["responses"]["200"]["content"]
    (fmt,) = [p for p in operation["parameters"] if p["name"] == "format"]
    assert fmt["schema"]["enum"] == ["json", "jsonld"]


def test_no_untyped_schemas(schema: dict[str, Any]) -> None:
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    for name, component in schema["components"]["schemas"].items():
        for field, prop in component.get("properties", {}).items():
            assert prop != {}, f"{name}.{field} is untyped"


def test_docs_page(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    assert "swagger" in response.text.lower()
    assert "/openapi.json" in response.text
