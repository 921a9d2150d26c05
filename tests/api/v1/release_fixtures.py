"""Two real releases of a copy of the article fixture (tests/fixtures/article): its
records, then an edited copy in which a quote is renamed (with a redirect) and a
contingent field changes (so the feed shows added, changed and removed records)."""

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.loader.load import load
from app.main import create_app
from tests.conftest import ARTICLE_DIR

OLD_QUOTE, NEW_QUOTE = "nps-wishes-mss-success", "nps-wishes-the-mss-success"


@dataclass(frozen=True)
class TwoReleases:
    first: str
    second: str
    client: TestClient


def edit_copy(data: Path) -> None:
    """Rename a quote (keeping its old key as a redirect) and change a contingent."""
    for name in ("quotes.yaml", "events.yaml"):
        path = data / name
        path.write_text(path.read_text().replace(OLD_QUOTE, NEW_QUOTE))
    contingents = data / "contingents.yaml"
    contingents.write_text(
        contingents.read_text().replace(
            "received_by: Haitian authorities", "received_by: Haitian officials", 1
        )
    )
    (data / "redirects.yaml").write_text(
        "redirects:\n"
        f"  - from: quotes/{OLD_QUOTE}\n"
        f"    to: quotes/{NEW_QUOTE}\n"
        "    reason: renamed\n"
        "    note: Slug shortened.\n"
    )


def two_releases(tmp: Path, url: str) -> Iterator[TwoReleases]:
    data = tmp / "data"
    shutil.copytree(ARTICLE_DIR, data)
    first = load(data, url).version
    edit_copy(data)
    second = load(data, url)
    assert second.changed
    app = create_app(Settings(database_url=url, data_dir=data))
    with TestClient(app) as client:
        yield TwoReleases(first, second.version, client)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def releases(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TwoReleases]:
    tmp = tmp_path_factory.mktemp("releases")
    if request.param == "sqlite":
        yield from two_releases(tmp, f"sqlite:///{tmp / 'mss-facts.db'}")
        return
    from tests.conftest import _temporary_postgres_database

    admin_url = request.getfixturevalue("postgres_admin_url")
    for url in _temporary_postgres_database(admin_url):
        yield from two_releases(tmp, url)
