"""The generated clients' and contract linters' tier: the npm packages of
clients/typescript (`make test` runs `npm ci` there when npm is installed), and the live
/openapi.json they read."""

import shutil
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.config import PROJECT_ROOT, Settings
from app.main import create_app
from tests import tiers

CLIENT = PROJECT_ROOT / "clients" / "typescript"
BIN = CLIENT / "node_modules" / ".bin"
TOOLS = ("tsc", "openapi-typescript", "redocly", "spectral")


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    absent = [tool for tool in TOOLS if not (BIN / tool).exists()]
    if absent:
        if shutil.which("npm") is None:
            tiers.missing(
                "typescript",
                "npm is not installed",
                "install Node.js and npm (apt-get install npm), then make test runs npm ci",
            )
        tiers.missing(
            "typescript",
            f"clients/typescript/node_modules has no {', '.join(absent)}",
            "make test runs npm ci there (or run `npm ci` in clients/typescript)",
        )
    with TestClient(create_app(Settings(database_url="sqlite://"))) as client:
        schema: dict[str, Any] = client.get("/openapi.json").json()
    return schema
