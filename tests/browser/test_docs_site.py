"""The documentation site as a reader opens it: built strictly, its front page renders
with its navigation and search box, every nav link opens a page, and a screenshot of the
front page goes to the artefacts directory."""

import functools
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import artifacts_dir
from tests.test_docs import build_site

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("docs-site")
    done = build_site(where)
    assert done.returncode == 0, done.stdout + done.stderr
    return where


@pytest.fixture(scope="module")
def site_url(site: Path) -> Iterator[str]:
    """The built site over HTTP, as a static host serves it (search needs that)."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_the_front_page_renders_with_its_navigation(
    browser: Browser, site: Path, site_url: str
) -> None:
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(site_url)
    assert tab.title().startswith("MSS Facts API")
    assert tab.locator("h1").first.inner_text().rstrip("¶") == "MSS Facts API"
    assert "make run" in tab.inner_text("article")
    nav = tab.locator("nav.md-nav--primary a.md-nav__link[href]")
    targets = {link.get_attribute("href") for link in nav.all()}
    assert len(targets) >= 10
    for href in targets:
        assert href is not None
        page = (site / "index.html").parent / href.split("#")[0]
        assert (page / "index.html" if page.is_dir() else page).is_file(), href
    tab.screenshot(path=str(artifacts_dir() / "docs-front-page.png"))
    tab.keyboard.press("s")  # Material's shortcut opens the search box
    tab.locator("input.md-search__input").press_sequentially("Datasette")
    tab.wait_for_selector(".md-search-result__item", timeout=10_000)
    assert errors == []
