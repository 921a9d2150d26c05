"""The generated clients' and contract linters' tier: the npm packages of
clients/typescript (`make test` runs `npm ci` there when npm is installed), and the live
/openapi.json they read."""

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.config import PROJECT_ROOT, Settings
from app.loader.load import load
from app.main import create_app
from tests import tiers
from tests.conftest import DATA_DIR
from tests.production.servers import server_env, serving

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


@pytest.fixture(scope="module")
def live_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The API as its users meet it: `mss-facts serve` over a freshly loaded SQLite file."""
    where = tmp_path_factory.mktemp("live")
    url = f"sqlite:///{where / 'mss-facts.db'}"
    load(DATA_DIR, url)
    with serving(server_env(url), where / "server.log") as server:
        yield server.base
