"""Helpers for API tests: walking pages, and the shape every error must have."""

from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

from app.errors import PROBLEM_TYPES
from app.resources import NAMES

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}
LEAKS = ("Traceback", "sqlalchemy", "sqlite3", "psycopg", 'File "', "SELECT ", "/work/")

LIST_ENDPOINTS = tuple(f"/v1/{name}" for name in NAMES)


def data(client: TestClient, url: str, **params: Any) -> Any:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()["data"]


def keys(items: list[dict[str, Any]]) -> list[str]:
    return [item.get("slug") or item["code"] for item in items]


def walk(client: TestClient, url: str, *, backwards: bool = False) -> list[dict[str, Any]]:
    """Every record of a list, following links.next from `url` (or links.prev)."""
    seen: list[dict[str, Any]] = []
    next_url: str | None = url
    pages = 0
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, response.text
        body = response.json()
        seen.extend(reversed(body["data"]) if backwards else body["data"])
        next_url = body["links"]["prev" if backwards else "next"]
        pages += 1
        assert pages < 1000, "pagination does not end"
    return seen


def assert_problem(response: Response, status: int) -> dict[str, Any]:
    """The response is an RFC 9457 problem with this status and no internals."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert not PROBLEM_KEYS - body.keys(), body
    assert body["status"] == status
    # The same relative `type` on every deployment and for every Host; its status and
    # title are those of the problem type it names.
    name = body["type"].removeprefix("/problems/")
    assert body["type"] == f"/problems/{name}", body["type"]
    assert PROBLEM_TYPES[name][:2] == (status, body["title"])
    assert isinstance(body["detail"], str)
    assert body["detail"]
    for leak in LEAKS:
        assert leak not in response.text, f"{leak!r} leaked into {response.text}"
    return body
