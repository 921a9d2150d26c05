"""Shared by the reliability tests: one SQLite database of the curated data."""

import pytest

from app.loader.load import load
from tests.conftest import DATA_DIR


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The curated data in a SQLite file, for tests where one backend says it all."""
    url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'mss-facts.db'}"
    load(DATA_DIR, url)
    return url
