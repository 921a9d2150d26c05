"""Helpers for the reliability tests: apps built with chosen settings, and real uvicorn
processes on free ports of 127.0.0.1."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from app.config import PROJECT_ROOT, Settings
from app.loader.load import load
from app.main import create_app
from tests.conftest import DATA_DIR


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def make_client(db_url: str, **settings: object) -> TestClient:
    values: dict[str, object] = {"database_url": db_url, "data_dir": DATA_DIR, **settings}
    return TestClient(create_app(Settings(**values)), raise_server_exceptions=False)  # type: ignore[arg-type]


@contextmanager
def live_server(env: dict[str, str], log: Path) -> Iterator[str]:
    """`mss-facts serve` (uvicorn, the real HTTP stack) on a free port; yields its base URL."""
    port = free_port()
    full_env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "RATE_LIMIT_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
        **env,
    }
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory",
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            cwd=PROJECT_ROOT,
            env=full_env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"server did not start: {log.read_text()[-2000:]}")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The curated data in a SQLite file, for tests where one backend says it all."""
    url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'mss-facts.db'}"
    load(DATA_DIR, url)
    return url
