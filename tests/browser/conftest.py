"""Browser tests: the API served by uvicorn on a loaded SQLite file, a second origin
serving tests/browser/site, and Debian's chromium driven by Playwright for Python.

Chromium is the system package, which `make test` installs as root with apt-get;
Playwright's own browser downloads are never used. Without it the browser tier is skipped
and named in the summary (a failure with MSS_TEST_REQUIRE_ALL_TIERS=1)."""

import functools
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from app.config import PROJECT_ROOT
from app.loader.load import load
from tests import tiers
from tests.conftest import DATA_DIR

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SITE = Path(__file__).parent / "site"


def artifacts_dir() -> Path:
    """Where screenshots go (ignored by git); MSS_TEST_ARTIFACTS overrides it."""
    path = Path(os.environ.get("MSS_TEST_ARTIFACTS", PROJECT_ROOT / "test-artifacts"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def api_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The API, served by uvicorn over a freshly loaded database."""
    db = tmp_path_factory.mktemp("browser") / "mss-facts.db"
    load(DATA_DIR, f"sqlite:///{db}")
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DATA_DIR": str(DATA_DIR)}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "app.main:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{url}/readyz", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                if server.poll() is not None:
                    err = server.stderr.read().decode() if server.stderr else ""
                    pytest.fail(f"the API server exited: {err[-2000:]}")
                time.sleep(0.1)
        else:
            pytest.fail("the API server did not become ready")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def other_origin() -> Iterator[str]:
    """tests/browser/site on another port of localhost: a different origin than the API."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(SITE)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


# Package-scoped: Playwright's sync API keeps an event loop running in the main thread
# while it is open, and later tests run event loops of their own there.
@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    if shutil.which(CHROMIUM) is None:
        tiers.missing(
            "browser",
            f"{CHROMIUM} is missing",
            "make test installs it as root with apt-get (or apt-get install chromium)",
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()
