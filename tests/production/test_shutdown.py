"""Graceful shutdown: on SIGTERM the server stops taking connections, lets the requests
it is answering finish, runs the app's shutdown and exits 0."""

import signal
import sys
import threading
import time
from pathlib import Path

import httpx

from app.loader.load import load
from tests.conftest import DATA_DIR
from tests.production.servers import server_env, serving


def test_in_flight_requests_finish_after_sigterm(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'mss-facts.db'}"
    load(DATA_DIR, url)
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "tests.production.slow_app:create_app",
        "--factory",
        "--port",
        "{port}",
        "--timeout-graceful-shutdown",
        "30",
    ]
    with serving(server_env(url), tmp_path / "server.log", command) as server:
        answers: list[httpx.Response] = []
        slow = threading.Thread(
            target=lambda: answers.append(httpx.get(f"{server.base}/test-slow", timeout=30))
        )
        slow.start()
        # Wait until the request is being answered (the in-flight gauge says so).
        deadline = time.monotonic() + 10
        while (
            "mss_http_requests_in_flight 2.0"
            not in httpx.get(f"{server.base}/metrics", timeout=5).text
        ):
            assert time.monotonic() < deadline, "the slow request never started"
            time.sleep(0.05)
        server.process.send_signal(signal.SIGTERM)
        # Shutting down: new connections are refused while the slow request is in flight...
        refused = False
        while slow.is_alive() and not refused:
            try:
                httpx.get(f"{server.base}/healthz", timeout=2)
                time.sleep(0.05)
            except httpx.TransportError:
                refused = slow.is_alive()
        assert refused, "the server took new connections until the in-flight request ended"
        # ...but the one in flight gets its whole answer.
        slow.join(30)
        assert answers, "the in-flight request got no answer"
        assert answers[0].status_code == 200
        assert answers[0].json() == {"finished": True}
        server.process.wait(30)
    server.assert_clean_exit()
