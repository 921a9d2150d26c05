"""A request is labelled with the version its own transaction reads, not the last poll."""

from pathlib import Path

from app.dataset_state import DatasetState
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
