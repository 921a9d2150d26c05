"""The OpenAPI document is the contract: Schemathesis generates requests from it (its
examples, boundary cases and random data, valid and invalid) and checks every answer with
all of its checks - no 5xx, every status, header and content type documented, bodies
matching their schemas, valid input accepted and invalid input refused. Then it walks
the API statefully. In process on SQLite (the embedded default, so that every machine
runs it); .ci/live-checks repeats it against a live server on PostgreSQL. Hooks and
expected statuses: tests/api/schemathesis_hooks.py, schemathesis.toml.
"""

from collections.abc import Iterator

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from app.config import Settings
from app.main import create_app
from tests.api import schemathesis_hooks  # noqa: F401  (registers the hooks)
from tests.conftest import DATA_DIR

# SQLite only: the same app over PostgreSQL is fuzzed live by .ci/live-checks, and
# tests/api/test_backends.py holds the two backends' bodies identical.
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

FUZZ = settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))


# The schema does not depend on the data: read it from an app on an empty database, so
# that the operations are known when tests are collected.
schema = schemathesis.openapi.from_asgi(
    "/openapi.json", create_app(Settings(database_url="sqlite://", data_dir=DATA_DIR))
)


@pytest.fixture(scope="module")
def served(db_url: str) -> Iterator[FastAPI]:
    """The app on the curated data, with its lifespan run (its dataset open)."""
    app = create_app(Settings(database_url=db_url, data_dir=DATA_DIR))
    with TestClient(app):
        yield app


@schema.parametrize()
@FUZZ
def test_every_operation_keeps_its_contract(case: schemathesis.Case, served: FastAPI) -> None:
    case.call_and_validate(app=served)


def test_stateful_walks_keep_the_contract(served: FastAPI) -> None:
    machine = schemathesis.openapi.from_asgi("/openapi.json", served).as_state_machine()
    machine.run(
        settings=settings(
            max_examples=15,
            stateful_step_count=4,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
    )
