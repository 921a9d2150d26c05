"""Two replicas over one PostgreSQL database follow a load without a restart.

Two `mss-facts serve` processes on their own ports share a throwaway database. They
answer identically (bodies and ETags); then `mss-facts load` of changed data commits a
new dataset version while both are polled without pause: every answer is one whole
version, and both serve the new one within RELOAD_POLL_SECONDS (plus scheduling slack on
a busy machine). The propagation time measured is printed (`pytest -s`)."""

import re
import threading
import time
from pathlib import Path

import httpx

from app.dataset_state import read_release
from app.db import make_engine
from app.loader.load import load
from tests.conftest import DATA_DIR, _temporary_postgres_database
from tests.production.servers import changed_data, load_cli, server_env, serving
from tests.production.watch import Watcher, check

POLL_SECONDS = 2.0  # the default RELOAD_POLL_SECONDS, set explicitly so the bound is known
SLACK_SECONDS = 3.0
SAME = [
    "/v1",
    "/v1/dataset",
    "/v1/mission",
    "/v1/contingents?facet=status,nation",
    "/v1/nations/ke",
    "/v1/search?q=kenya",
    "/v1/events?limit=2",
    "/v1/contingents?format=csv",
    "/v1/officials/nobody",
    "/readyz",
]


def _watch_commit(url: str, version: str, seen: list[float], stop: threading.Event) -> None:
    """Note when the database itself first shows a version other than `version`: the
    commit, give or take one 10 ms poll."""
    engine = make_engine(url)
    try:
        while not stop.is_set():
            if read_release(engine)[0] not in (version, None):
                seen.append(time.time())
                return
            time.sleep(0.01)
    finally:
        engine.dispose()


def _dataset_info(base: str) -> str | None:
    text = httpx.get(f"{base}/metrics", timeout=5).text
    match = re.search(r'^mss_dataset_info\{version="([0-9a-f]+)"\} 1\.0$', text, re.M)
    return match.group(1) if match else None


def test_two_replicas_serve_one_version_and_follow_a_load(
    postgres_admin_url: str, tmp_path: Path
) -> None:
    for url in _temporary_postgres_database(postgres_admin_url):
        old = load(DATA_DIR, url).version
        new_data = changed_data(tmp_path)
        # Behind a load balancer replicas share one public address, so their links match.
        env = server_env(
            url, reload_poll_seconds=str(POLL_SECONDS), public_base_url="https://api.example.org"
        )
        with (
            serving(env, tmp_path / "a.log") as a,
            serving(env, tmp_path / "b.log") as b,
        ):
            # As a load balancer forwards them: one Host, whichever replica answers.
            headers = {"X-Request-ID": "replica-check", "Host": "api.example.org"}
            for path in SAME:
                ra = httpx.get(a.base + path, headers=headers, timeout=10)
                rb = httpx.get(b.base + path, headers=headers, timeout=10)
                assert ra.status_code == rb.status_code, path
                assert ra.content == rb.content, path
                assert ra.headers.get("etag") == rb.headers.get("etag"), path
            assert _dataset_info(a.base) == _dataset_info(b.base) == old

            watchers = [Watcher(a).start(), Watcher(b).start()]
            committed: list[float] = []
            stop = threading.Event()
            db_watch = threading.Thread(target=_watch_commit, args=(url, old, committed, stop))
            db_watch.start()
            time.sleep(0.5)
            output = load_cli(url, new_data)
            returned = time.time()
            stop.set()
            db_watch.join(10)
            assert committed, "the database never showed the new version"
            new = output.split()[2].rstrip(":")
            assert output.startswith("loaded dataset "), output
            assert new != old
            deadline = returned + POLL_SECONDS + SLACK_SECONDS
            while time.time() < deadline and not all(w.first_version_at(new) for w in watchers):
                time.sleep(0.05)
            time.sleep(0.5)  # keep polling a little after the switch: no flapping back
            for watcher in watchers:
                watcher.stop()

            check(watchers, old, new)
            # From the commit to each replica's first answer with the new version.
            delays = [(w.first_version_at(new) or float("inf")) - committed[0] for w in watchers]
            print(
                f"\nreplica propagation after the load's commit: "
                f"{', '.join(f'{d:.3f} s' for d in delays)} (bound {POLL_SECONDS} s)"
            )
            assert max(delays) <= POLL_SECONDS + SLACK_SECONDS, delays
            # Each process's own view (metrics, caches) has moved on too, without restart.
            assert _dataset_info(a.base) == _dataset_info(b.base) == new
            for server in (a, b):
                ready = httpx.get(f"{server.base}/readyz", timeout=5).json()
                assert ready["dataset_version"] == new
        a.assert_clean_exit()
        b.assert_clean_exit()
