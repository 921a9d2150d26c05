"""Faults against a real `mss-facts serve` (uvicorn) process: a data reload under
concurrent load, PostgreSQL going away and coming back, oversized requests on the wire,
and refusing to start without a database."""

import asyncio
import socket
import sqlite3
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from app.api.middleware import MAX_TARGET_BYTES
from app.config import PROJECT_ROOT
from app.loader.load import load
from tests.conftest import DATA_DIR
from tests.production.servers import (
    BIN,
    CHANGED_SOURCE,
    changed_data,
    load_cli,
    server_env,
    serving,
)
from tests.reliability.tcp_proxy import CuttableProxy

WATCHED = [
    "/v1/sources?limit=500",
    f"/v1/sources/{CHANGED_SOURCE}",
    "/v1/search?q=kenya+times&limit=500",
    "/v1/contingents?limit=500&include=nation,mission",
]
CLIENTS = 16


@dataclass
class Answer:
    url: str
    started: float
    status: int | None
    body: bytes


async def _hammer(base: str, stop: threading.Event, answers: list[Answer]) -> None:
    limits = httpx.Limits(max_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:

        async def client(n: int) -> None:
            i = n
            while not stop.is_set():
                url = WATCHED[i % len(WATCHED)]
                i += 1
                started = time.monotonic()
                try:
                    response = await http.get(url)
                    answers.append(Answer(url, started, response.status_code, response.content))
                except httpx.TransportError as exc:
                    answers.append(Answer(url, started, None, repr(exc).encode()))

        await asyncio.gather(*(client(n) for n in range(CLIENTS)))


def test_a_reload_under_load_loses_nothing_and_mixes_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'mss-facts.db'}"
    load(DATA_DIR, url)
    new_data = changed_data(tmp_path)
    with serving(server_env(url), tmp_path / "server.log") as server:
        old = {u: httpx.get(server.base + u).content for u in WATCHED}
        stop, answers = threading.Event(), []  # type: ignore[var-annotated]
        worker = threading.Thread(
            target=lambda: asyncio.run(_hammer(server.base, stop, answers)), daemon=True
        )
        worker.start()
        time.sleep(1.0)
        load_cli(url, new_data)
        loaded_at = time.monotonic()
        time.sleep(1.0)
        stop.set()
        worker.join(60)
        new = {u: httpx.get(server.base + u).content for u in WATCHED}

    assert all(old[u] != new[u] for u in WATCHED[:2])  # the change shows in these
    failed = [a for a in answers if a.status != 200]
    assert failed == [], failed[:3]
    mixed = [a.url for a in answers if a.body not in (old[a.url], new[a.url])]
    assert mixed == []
    before = [a for a in answers if a.started < loaded_at]
    after = [a for a in answers if a.started > loaded_at + 0.05]
    assert any(a.body == old[a.url] for a in before)
    assert after
    assert all(a.body == new[a.url] for a in after)


def _get(base: str, path: str) -> httpx.Response:
    return httpx.get(base + path, timeout=15)


def test_postgres_going_away_is_503_and_recovers(fresh_postgres_url: str, tmp_path: Path) -> None:
    """The database is taken away by cutting a TCP proxy between the server and the
    machine's PostgreSQL (which itself keeps running)."""
    load(DATA_DIR, fresh_postgres_url)
    from sqlalchemy.engine import make_url

    real = make_url(fresh_postgres_url)
    proxy = CuttableProxy((real.host or "127.0.0.1", real.port or 5432)).restore()
    via_proxy = real.set(port=proxy.port).render_as_string(hide_password=False)
    env = server_env(via_proxy, reload_poll_seconds="0.5")
    try:
        with serving(env, tmp_path / "server.log") as server:
            assert _get(server.base, "/v1/nations?limit=1").status_code == 200
            assert _get(server.base, "/readyz").status_code == 200

            proxy.cut()
            statuses = []
            for n in range(2, 12):  # a new URL each time, so no cached copy can answer
                response = _get(server.base, f"/v1/nations?limit={n}")
                statuses.append(response.status_code)
                if response.status_code == 503:
                    assert response.headers["content-type"] == "application/problem+json"
                    assert int(response.headers["retry-after"]) >= 1
            assert set(statuses) == {503}, statuses
            ready = _get(server.base, "/readyz")
            assert ready.status_code == 503
            assert ready.headers["content-type"] == "application/problem+json"

            proxy.restore()
            deadline = time.monotonic() + 20
            while True:
                ok = _get(server.base, "/v1/nations?limit=20").status_code == 200
                if ok and _get(server.base, "/readyz").status_code == 200:
                    break
                assert time.monotonic() < deadline, "did not recover"
                time.sleep(0.2)
        log = (tmp_path / "server.log").read_text()
        assert "Traceback" not in log
    finally:
        proxy.cut()


def _raw(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    return data


def test_oversized_requests_on_the_wire(sqlite_url: str, tmp_path: Path) -> None:
    with serving(server_env(sqlite_url), tmp_path / "server.log") as server:
        target = b"/v1/nations?code=" + b"K" * MAX_TARGET_BYTES
        long_url = _raw(server.port, b"GET " + target + b" HTTP/1.1\r\nHost: x\r\n"
                        b"Connection: close\r\n\r\n")  # fmt: skip
        assert long_url.startswith(b"HTTP/1.1 414")
        assert b"application/problem+json" in long_url
        assert b"nosniff" in long_url
        big_header = _raw(server.port, b"GET /v1/nations HTTP/1.1\r\nHost: x\r\nX-Big: "
                          + b"x" * 1_000_000 + b"\r\nConnection: close\r\n\r\n")  # fmt: skip
        assert big_header.startswith(b"HTTP/1.1 431")
        assert b"application/problem+json" in big_header
        # Past 64 KiB the HTTP parser itself refuses the request line (400).
        huge_url = _raw(server.port, b"GET /v1/nations?code=" + b"K" * 70_000 +
                        b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")  # fmt: skip
        assert huge_url.startswith(b"HTTP/1.1 400")
        assert httpx.get(server.base + "/v1/nations/KE").status_code == 200


def _serve(database_url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "mss-facts"), "serve", "--port", "1"],
        env=server_env(database_url),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_serve_refuses_a_missing_database_without_creating_it(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "mss-facts.db"
    done = _serve(f"sqlite:///{path}")
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert str(path) in lines[0]
    assert "mss-facts load" in lines[0]
    assert "make run" in lines[0]
    assert not path.exists()
    assert not path.parent.exists()


@pytest.mark.parametrize("content", [b"this is not a database", b""])
def test_serve_refuses_a_file_that_is_no_loaded_database(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "mss-facts.db"
    path.write_bytes(content)
    done = _serve(f"sqlite:///{path}")
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert str(path) in done.stderr
    assert path.read_bytes() == content


def test_serve_refuses_an_empty_schema(tmp_path: Path) -> None:
    path = tmp_path / "mss-facts.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    done = _serve(f"sqlite:///{path}")
    assert done.returncode == 1
    assert "mss-facts load" in done.stderr
