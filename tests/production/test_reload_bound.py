"""SQLite: a server reloaded many times holds no more than it did at the start.

Each load renames a new file over the live one; the engine on the old file is
disposed once the requests using it end, so its connections close and the unlinked file's
space is freed. One real `mss-facts serve` process is read without pause through 20
loads; afterwards it holds no deleted database file and about as many descriptors as
before (bench/soak.py prints the same figures over 200 loads)."""

import time
from pathlib import Path

from app.loader.load import load
from bench.soak import deleted_files, open_files
from tests.conftest import DATA_DIR
from tests.production.servers import (
    NEW_PUBLISHER,
    OLD_PUBLISHER,
    changed_data,
    server_env,
    serving,
)
from tests.production.watch import PATHS, Watcher

LOADS = 20
# Sockets of the test's own clients come and go; a leak is four descriptors a load.
SLACK = 3


def test_twenty_reloads_leave_no_deleted_file_open(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'mss-facts.db'}"
    old = load(DATA_DIR, url).version
    dirs = {old: DATA_DIR}
    new_data = changed_data(tmp_path)
    with serving(server_env(url), tmp_path / "server.log") as server:
        pid = server.process.pid
        watcher = Watcher(server).start()
        time.sleep(0.5)  # the pool holds the connections the readers need
        start = len(open_files(pid))
        new = old
        for n in range(LOADS):
            source = new_data if n % 2 == 0 else DATA_DIR
            new = load(source, url).version  # in process: the same swap, no start-up
            dirs[new] = source
            time.sleep(0.2)  # a few requests on the new file, some that began on the old
        time.sleep(0.5)
        watcher.stop()
        time.sleep(0.2)
        held = [f for f in deleted_files(pid) if "mss-facts.db" in f]
        end = len(open_files(pid))
    server.assert_clean_exit()
    assert len(dirs) == 2, dirs
    # Every answer is one whole version (the versions alternate, so no "never goes back").
    assert not watcher.errors, watcher.errors[:3]
    answers = [s for s in watcher.seen if s.path == PATHS[0]]
    assert {s.status for s in watcher.seen} == {200}
    assert {s.version for s in answers} == set(dirs)
    for seen in answers:
        expected = NEW_PUBLISHER if dirs[seen.version or ""] == new_data else OLD_PUBLISHER
        assert seen.publisher == expected, seen
    assert held == [], held
    assert end <= start + SLACK, (start, end)
