"""A request is labelled with the version its own transaction reads, not the last poll;
an engine a reload replaced is disposed once no request holds it."""

import os
import time
from pathlib import Path
from types import SimpleNamespace

import anyio
from sqlalchemy import event
from sqlalchemy.engine import Engine
from starlette.types import Message, Receive, Scope, Send

from app.api.snapshot import DatasetSnapshot
from app.dataset_state import DatasetState, release_of
from app.loader.load import load
from tests.conftest import DATA_DIR
from tests.production.servers import changed_data


def test_a_request_sees_a_load_before_the_next_poll(
    fresh_postgres_url: str, tmp_path: Path
) -> None:
    url = fresh_postgres_url
    old = load(DATA_DIR, url).version
    state = DatasetState(url, poll_seconds=300)
    try:
        handed_out = state.current()
        assert handed_out.version == old
        new = load(changed_data(tmp_path), url).version
        assert state.current().version == old  # the poll is minutes away
        with handed_out.engine.connect() as conn, conn.begin():
            pinned = state.pin(conn, handed_out)
        assert pinned.version == new
        assert pinned.loaded_at is not None
        assert handed_out.loaded_at is not None
        assert pinned.loaded_at > handed_out.loaded_at
        assert state.current().version == new  # the process moved on with it
    finally:
        state.close()


def test_the_poll_interval_bounds_a_process_view(fresh_postgres_url: str, tmp_path: Path) -> None:
    url = fresh_postgres_url
    old = load(DATA_DIR, url).version
    state = DatasetState(url, poll_seconds=0.01)
    try:
        assert state.current().version == old
        new = load(changed_data(tmp_path), url).version
        assert state.current().version == new
    finally:
        state.close()


def _deleted_open(path: Path) -> list[str]:
    """This process's descriptors on `path` after it was unlinked (renamed over)."""
    fd_dir = Path("/proc/self/fd")
    found = []
    for fd in os.listdir(fd_dir):
        try:
            target = os.readlink(fd_dir / fd)
        except OSError:
            continue
        if target.startswith(str(path)) and target.endswith(" (deleted)"):
            found.append(target)
    return found


def _disposals(engine: Engine) -> list[Engine]:
    seen: list[Engine] = []
    event.listen(engine, "engine_disposed", seen.append)
    return seen


def test_a_leased_engine_is_disposed_when_its_last_lease_ends(
    fresh_sqlite_url: str, tmp_path: Path
) -> None:
    url = fresh_sqlite_url
    path = tmp_path / "mss-facts.db"
    old = load(DATA_DIR, url).version
    state = DatasetState(url, read_only=True)
    try:
        first = state.acquire()
        second = state.acquire()
        disposed = _disposals(first.engine)
        with first.engine.connect() as conn:  # pooled: holds the file open
            assert release_of(conn)[0] == old
        new = load(changed_data(tmp_path), url).version

        with state.lease() as fresh:  # the swap is noticed: a new engine, the new file
            assert fresh.version == new
            assert fresh.engine is not first.engine
        assert not disposed  # two requests still hold the old engine
        assert _deleted_open(path)
        with first.engine.connect() as conn:  # ... and can still read the old file
            assert release_of(conn)[0] == old

        state.release(first)
        assert not disposed
        state.release(second)
        assert disposed == [first.engine]
        assert _deleted_open(path) == []
    finally:
        state.close()


def test_an_engine_no_request_holds_is_disposed_at_the_swap(
    fresh_sqlite_url: str, tmp_path: Path
) -> None:
    url = fresh_sqlite_url
    load(DATA_DIR, url)
    state = DatasetState(url, read_only=True)
    try:
        with state.lease() as before, before.engine.connect():
            pass
        disposed = _disposals(before.engine)
        load(changed_data(tmp_path), url)
        assert state.acquire_nowait() is None  # opening the new file is not for the loop
        assert disposed == []
        assert state.current().engine is not before.engine
        assert disposed == [before.engine]
        assert state.acquire_nowait() is not None
        assert _deleted_open(tmp_path / "mss-facts.db") == []
    finally:
        state.close()


def test_close_disposes_engines_still_leased(fresh_sqlite_url: str, tmp_path: Path) -> None:
    url = fresh_sqlite_url
    load(DATA_DIR, url)
    state = DatasetState(url, read_only=True)
    held = state.acquire()
    disposed = _disposals(held.engine)
    load(changed_data(tmp_path), url)
    current = state.current()
    disposed_too = _disposals(current.engine)
    state.close()
    assert disposed == [held.engine]
    assert disposed_too == [current.engine]


def test_postgresql_keeps_one_engine_through_loads(fresh_postgres_url: str, tmp_path: Path) -> None:
    url = fresh_postgres_url
    load(DATA_DIR, url)
    state = DatasetState(url, poll_seconds=0.01)
    try:
        with state.lease() as before:
            disposed = _disposals(before.engine)
            new = load(changed_data(tmp_path), url).version
            time.sleep(0.02)
            with state.lease() as after:
                assert after.version == new
                assert after.engine is before.engine
        assert disposed == []
    finally:
        state.close()


def test_the_middleware_holds_the_lease_until_the_body_is_sent(
    fresh_sqlite_url: str, tmp_path: Path
) -> None:
    url = fresh_sqlite_url
    load(DATA_DIR, url)
    new_data = changed_data(tmp_path)
    state = DatasetState(url, read_only=True)
    seen: dict[str, object] = {}

    async def route(scope: Scope, receive: Receive, send: Send) -> None:
        snapshot = scope["state"]["snapshot"]
        seen["disposed"] = disposed = _disposals(snapshot.engine)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        load(new_data, url)
        assert state.current().engine is not snapshot.engine  # swapped mid-body
        await send({"type": "http.response.body", "body": b"a", "more_body": True})
        seen["mid_body"] = list(disposed)
        await send({"type": "http.response.body", "body": b"b"})

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        pass

    scope = {
        "type": "http",
        "method": "GET",
        "path": "/v1/dataset",
        "app": SimpleNamespace(state=SimpleNamespace(dataset=state)),
    }
    try:
        anyio.run(DatasetSnapshot(route), scope, receive, send)
        assert seen["mid_body"] == []
        assert len(seen["disposed"]) == 1  # type: ignore[arg-type]
    finally:
        state.close()
