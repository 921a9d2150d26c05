"""Shared fixtures: real databases built the real way (migrations + loader over data/).

Every test that takes `db_url` or `client` runs once per backend: SQLite always, and
PostgreSQL when one is reachable at MSS_TEST_POSTGRES_URL (else the PostgreSQL tier is
skipped and named in the summary; MSS_TEST_REQUIRE_ALL_TIERS=1 makes that a failure).
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from app.config import PROJECT_ROOT, Settings
from app.loader.load import load
from app.main import create_app
from bench.pgdb import temporary_database
from tests import tiers

pytest_plugins = ("pytester",)

DATA_DIR = PROJECT_ROOT / "data"
# The seed article and its context sources as first curated, frozen: see article_client.
ARTICLE_DIR = PROJECT_ROOT / "tests" / "fixtures" / "article"
POSTGRES_URL = os.environ.get(
    "MSS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
# The suite sends thousands of requests from one client; the rate limit has its own
# tests (tests/reliability), which turn it on explicitly.
os.environ.setdefault("RATE_LIMIT_ENABLED", "false")
# TestClient sends `Host: testserver`; the default loopback names stay allowed too, for
# the live-server tests. tests/reliability/test_hosts.py checks the real default.
os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,::1,testserver")


def _postgres_reason() -> str | None:
    """None when PostgreSQL answers, else why not."""
    try:
        engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:
        return f"PostgreSQL not reachable at {POSTGRES_URL}: {type(exc).__name__}"
    return None


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    tiers.summary(terminalreporter)


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    reason = _postgres_reason()
    if reason is not None:
        tiers.missing(
            "postgresql",
            reason,
            "install PostgreSQL (make test starts a local cluster that is down) "
            "or point MSS_TEST_POSTGRES_URL at a server",
        )
    return POSTGRES_URL


@pytest.fixture
def fresh_postgres_url(postgres_admin_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database, dropped after the test."""
    yield from _temporary_postgres_database(postgres_admin_url)


def _temporary_postgres_database(admin_url: str) -> Iterator[str]:
    with temporary_database(admin_url, "mss_test") as url:
        yield url


@pytest.fixture
def fresh_sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'mss-facts.db'}"


def _loaded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, data_dir: Path
) -> Iterator[str]:
    """A database of `data_dir` on the backend that `request` names, for one session."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'mss-facts.db'}"
        load(data_dir, url)
        yield url
        return
    admin_url = request.getfixturevalue("postgres_admin_url")
    for url in _temporary_postgres_database(admin_url):
        load(data_dir, url)
        yield url


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A database loaded with the curated data, once per backend per session (read-only)."""
    yield from _loaded(request, tmp_path_factory, DATA_DIR)


@pytest.fixture(scope="session")
def client(db_url: str) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=db_url, data_dir=DATA_DIR))
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def article_db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A database of the article's records alone (ARTICLE_DIR), once per backend."""
    yield from _loaded(request, tmp_path_factory, ARTICLE_DIR)


@pytest.fixture(scope="session")
def article_client(article_db_url: str) -> Iterator[TestClient]:
    """The API over the article's records: a small dataset that never grows, so that
    tests of filters, sorts, cursors and formats can name exactly what each query
    returns. Tests of the curated record itself use `client`."""
    app = create_app(Settings(database_url=article_db_url, data_dir=ARTICLE_DIR))
    with TestClient(app) as test_client:
        yield test_client
