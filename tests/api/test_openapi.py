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


def test_lists_show_json_alone_and_name_their_other_formats(schema: dict[str, Any]) -> None:
    """A generated client's default response type is the JSON one: the list declares that
    body alone, names the others in its text, and the whole-list CSV and NDJSON are their
    own operations."""
    operation = schema["paths"]["/v1/contingents"]["get"]
    ok = operation["responses"]["200"]
    assert set(ok["content"]) == {"application/json"}
    assert {"Link", "X-Total-Count"} <= set(ok["headers"])
    assert "format" not in {p["name"] for p in operation["parameters"]}
    assert "`format=csv|ndjson|jsonld`" in operation["description"]
    assert "`GET /v1/contingents.csv`" in operation["description"]
    for fmt, media in (("csv", "text/csv"), ("ndjson", "application/x-ndjson")):
        export = schema["paths"][f"/v1/contingents.{fmt}"]["get"]["responses"]["200"]
        assert set(export["content"]) == {media}


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
def test_record_items_name_json_ld_in_their_text(schema: dict[str, Any], path: str) -> None:
    """Every record answers in JSON-LD too; the operation says how to ask for it, and
    declares only its JSON body."""
    operation = schema["paths"][path]["get"]
    assert set(operation["responses"]["200"]["content"]) == {"application/json"}
    assert "`format=jsonld`" in operation["description"]
    assert "`application/ld+json`" in operation["description"]


def test_every_field_of_a_record_is_required(schema: dict[str, Any]) -> None:
    """A served document carries every field of its model (null where unknown), so none is
    optional in the schema. Only the problem body and the probes leave out what does not
    apply (/healthz answers `status` alone, /readyz adds its dataset)."""
    optional = {
        f"{name}.{field}"
        for name, component in schema["components"]["schemas"].items()
        for field in component.get("properties", {})
        if field not in component.get("required", [])
    }
    assert optional == {
        "Problem.errors",
        "Problem.accepted",
        "Problem.request_id",
        "Health.dataset_version",
        "Health.dataset_loaded_at",
    }


@pytest.mark.parametrize(
    ("component", "field", "values"),
    [
        ("ContingentPublic", "status", {"planned", "deployed", "departed", "arrived", "returned"}),
        ("QuotePublic", "kind", {"speech", "statement", "interview"}),
        ("PledgePublic", "kind", {"pledge", "notification", "offer"}),
        ("StrengthPublic", "scope", {"mission", "nation", "service"}),
        ("Quantity", "qualifier", None),
        ("FuzzyDate", "precision", None),
    ],
)
def test_closed_value_sets_are_enums(
    schema: dict[str, Any], component: str, field: str, values: set[str] | None
) -> None:
    components = schema["components"]["schemas"]
    prop = components[component]["properties"][field]
    if "$ref" in prop:
        prop = components[prop["$ref"].rsplit("/", 1)[-1]]
    assert prop["type"] == "string"
    assert values is None or set(prop["enum"]) == values
    assert prop["enum"]


def test_a_link_or_its_record_is_told_apart_by_object(schema: dict[str, Any]) -> None:
    components = schema["components"]["schemas"]
    nation = components["ContingentPublic"]["properties"]["nation"]
    assert nation["discriminator"] == {
        "propertyName": "object",
        "mapping": {
            "link": "#/components/schemas/NationLink",
            "nation": "#/components/schemas/NationPublic",
        },
    }
    for name in ("NationLink", "NationPublic"):
        assert "object" in components[name]["required"]
    assert components["NationLink"]["properties"]["object"]["const"] == "link"
    assert components["NationPublic"]["properties"]["object"]["const"] == "nation"
    speaker = components["QuotePublic"]["properties"]["speaker"]
    assert set(speaker["discriminator"]["mapping"]) == {"link", "official", "organisation"}


def test_the_contingent_filter_knows_every_status(schema: dict[str, Any]) -> None:
    """The filter and the field read one declaration: a returned contingent can be asked for."""
    params = schema["paths"]["/v1/contingents"]["get"]["parameters"]
    (status,) = [p for p in params if p["name"] == "status"]
    assert "returned" in status["schema"]["pattern"]


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
