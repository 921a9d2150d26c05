"""SQLite: a running server follows `mss-facts load` through the atomic file swap.

One real `mss-facts serve` process over a SQLite file is polled without pause while the
loader renames a new database over the live file: every answer is one whole version, the
new version is served from the next request on (no restart), and readiness, metrics and
the list of releases all say which version is current."""

import re
import time
from pathlib import Path

import httpx

from app.loader.load import load
from tests.conftest import DATA_DIR
from tests.production.servers import changed_data, load_cli, server_env, serving
from tests.production.watch import Watcher, check

# The server notices the swap on its next request; this only bounds a stalled machine.
DEADLINE_SECONDS = 5.0


def test_a_file_swap_is_served_without_restart(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'mss-facts.db'}"
    old = load(DATA_DIR, url).version
    new_data = changed_data(tmp_path)
    with serving(server_env(url), tmp_path / "server.log") as server:
        watcher = Watcher(server).start()
        time.sleep(0.3)
        output = load_cli(url, new_data)
        returned = time.time()
        swapped = (tmp_path / "mss-facts.db").stat().st_ctime  # the rename sets it
        new = output.split()[2].rstrip(":")
        assert new != old, output
        while time.time() < returned + DEADLINE_SECONDS and not watcher.first_version_at(new):
            time.sleep(0.02)
        time.sleep(0.3)
        watcher.stop()
        check([watcher], old, new)
        first = watcher.first_version_at(new)
        assert first is not None
        print(f"\nSQLite propagation after the file swap: {first - swapped:.3f} s")

        ready = httpx.get(f"{server.base}/readyz", timeout=5).json()
        assert ready["dataset_version"] == new
        metrics = httpx.get(f"{server.base}/metrics", timeout=5).text
        assert re.search(rf'^mss_dataset_info\{{version="{new}"\}} 1\.0$', metrics, re.M)
        assert f'version="{old}"' not in metrics
        releases = httpx.get(f"{server.base}/v1/dataset", timeout=5).json()["data"]["releases"]
        current = {r["version"]: r["current"] for r in releases}
        assert current == {old: False, new: True}
    server.assert_clean_exit()
