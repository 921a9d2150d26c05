"""The serving engine can only read, and every query runs under a time limit: past it
the request gets 503 with Retry-After and the worker is free for the next one."""

import sqlite3
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, OperationalError

from app.api.deps import DbDep
from app.config import Settings
from app.dataset_state import DatasetState
from app.db import is_timeout, make_engine
from app.main import create_app
from tests.api.helpers import assert_problem
from tests.conftest import DATA_DIR

# Runs for seconds on either backend unless stopped.
SLOW_QUERY = {
    "sqlite": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
    "WHERE i < 100000000) SELECT count(*) FROM n",
    "postgresql": "SELECT pg_sleep(5)",
}
WRITES = [
    "CREATE TABLE intruder (id integer)",
    "UPDATE nation SET name = 'x'",
    "DELETE FROM nation",
]


@pytest.mark.parametrize("statement", WRITES)
def test_the_serving_engine_cannot_write(db_url: str, statement: str) -> None:
    state = DatasetState(db_url, read_only=True, query_timeout_ms=5000)
    engine = state.current().engine
    try:
        with engine.connect() as conn, pytest.raises(DBAPIError) as raised:
            conn.execute(text(statement))
        message = str(raised.value.orig).lower()
        assert "readonly" in message or "read-only" in message, message
        with engine.connect() as conn:  # and nothing changed
            assert conn.execute(text("SELECT count(*) FROM nation")).scalar_one() > 0
    finally:
        state.close()


def test_a_missing_sqlite_file_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "absent.db"
    engine = make_engine(f"sqlite:///{path}", read_only=True)
    with pytest.raises(OperationalError):
        engine.connect()
    engine.dispose()
    assert not path.exists()


def test_the_time_limit_stops_a_query(db_url: str) -> None:
    engine = make_engine(db_url, read_only=True, query_timeout_ms=100)
    try:
        with engine.connect() as conn:
            with pytest.raises(DBAPIError) as raised:
                conn.execute(text(SLOW_QUERY[conn.dialect.name])).all()
            assert is_timeout(raised.value)
        # The connection went back to the pool usable: the next query runs.
        with engine.connect() as conn:
            assert conn.execute(text("SELECT 1")).scalar_one() == 1
    finally:
        engine.dispose()


def test_a_query_under_the_limit_is_not_stopped(db_url: str) -> None:
    engine = make_engine(db_url, read_only=True, query_timeout_ms=5000)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM contingent")).scalar_one() > 0
    finally:
        engine.dispose()


def _app_with_a_slow_route(db_url: str) -> FastAPI:
    app = create_app(Settings(database_url=db_url, data_dir=DATA_DIR, query_timeout_ms=100))

    @app.get("/slow")
    def slow(db: DbDep) -> dict[str, int]:
        db.execute(text(SLOW_QUERY[db.dialect.name])).all()
        return {"done": 1}

    return app


def test_a_stopped_query_is_a_503_with_retry_after(db_url: str) -> None:
    with TestClient(_app_with_a_slow_route(db_url), raise_server_exceptions=False) as c:
        for _ in range(3):  # each time, and the worker serves the next request
            response = c.get("/slow")
            body = assert_problem(response, 503)
            assert body["type"].endswith("/problems/unavailable")
            assert int(response.headers["retry-after"]) >= 1
            assert "pg_sleep" not in response.text
            assert "RECURSIVE" not in response.text
            assert c.get("/v1/nations/KE").status_code == 200


def test_sqlite_timeout_error_is_recognised() -> None:
    conn = sqlite3.connect(":memory:")
    conn.set_progress_handler(lambda: 1, 1)
    with pytest.raises(sqlite3.OperationalError) as raised:
        conn.execute(SLOW_QUERY["sqlite"]).fetchall()
    assert str(raised.value) == "interrupted"
    assert is_timeout(OperationalError("x", {}, raised.value))
