"""Loading is atomic and idempotent on both backends: a refused or failed load leaves the
database exactly as it was (SQLite byte for byte with no file left beside it, PostgreSQL
row for row), loading the same files twice changes nothing, and changed files record a
new release while keeping the old one."""

import datetime as dt
import errno
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from app.config import PROJECT_ROOT
from app.db import sqlite_path
from app.loader import load as load_module
from app.loader import validate as validate_module
from app.loader.dumps import NAMES
from app.loader.load import LoadError, load
from app.loader.rows import Row
from app.loader.validate import Dataset, ValidationFailed, code_digest, validate_dir
from tests.conftest import DATA_DIR
from tests.loader.conftest import DataCopy, Snapshot, dump_database, file_digest, neighbours


@pytest.fixture
def loaded_db_url(empty_db_url: str) -> str:
    """A database per test (each backend) holding the curated data."""
    assert load(DATA_DIR, empty_db_url).changed
    return empty_db_url


def _changed(data_copy: DataCopy) -> DataCopy:
    """A valid edit, so that loading the copy has something to write."""
    data_copy.edit("events.yaml", "place: Kenya", "place: Nairobi, Kenya")
    return data_copy


def _releases(url: str) -> list[tuple[str, bool]]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT version, current FROM dataset_release ORDER BY loaded_at")
        ).all()
    engine.dispose()
    return [(version, bool(current)) for version, current in rows]


def _rows_failing_after(count: int, exc: BaseException) -> Callable[[Dataset], Iterator[Row]]:
    """A stand-in for `dataset_rows` that yields `count` real rows, then raises `exc`."""
    real = load_module.dataset_rows

    def failing(ds: Dataset) -> Iterator[Row]:
        for n, row in enumerate(real(ds)):
            if n == count:
                raise exc
            yield row

    return failing


def test_a_refused_load_leaves_the_database_as_it_was(
    loaded_db_url: str, data_copy: DataCopy
) -> None:
    data_copy.edit("contingents.yaml", "escorts: [joseph-boinnet,", "escorts: [nobody,")
    data_copy.edit("nations.yaml", "name: Jamaica", "name: Jamaica\n    flag: green")
    before = Snapshot.take(loaded_db_url)

    with pytest.raises(ValidationFailed) as info:
        load(data_copy.path, loaded_db_url)

    assert len(info.value.problems) == 2
    assert Snapshot.take(loaded_db_url) == before


DISK_FULL = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize(
    "exc",
    [DISK_FULL, RuntimeError("a bug in the row builder")],
    ids=["disk-full", "unexpected-error"],
)
def test_a_failure_in_the_middle_of_the_write_changes_nothing(
    loaded_db_url: str, data_copy: DataCopy, monkeypatch: pytest.MonkeyPatch, exc: Exception
) -> None:
    before = Snapshot.take(loaded_db_url)
    monkeypatch.setattr(load_module, "dataset_rows", _rows_failing_after(40, exc))

    with pytest.raises((LoadError, RuntimeError)) as info:
        load(_changed(data_copy).path, loaded_db_url)

    if exc is DISK_FULL:
        assert info.type is LoadError
        assert str(info.value) == "No space left on device"
    assert Snapshot.take(loaded_db_url) == before


def test_a_failure_on_a_new_postgresql_database_leaves_it_empty(
    fresh_postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The schema upgrade is in the load's transaction: it is rolled back with the rows."""
    monkeypatch.setattr(load_module, "dataset_rows", _rows_failing_after(10, DISK_FULL))

    with pytest.raises(LoadError):
        load(DATA_DIR, fresh_postgres_url)

    assert dump_database(fresh_postgres_url) == {}


@pytest.mark.parametrize(
    ("target", "exc"),
    [
        ("_check_sqlite", LoadError("foreign_key_check failed: 1 dangling row(s)")),
        ("_fsync", DISK_FULL),
    ],
    ids=["check-fails", "disk-full-at-fsync"],
)
def test_a_sqlite_build_that_fails_after_writing_leaves_the_live_file_alone(
    tmp_path: Path,
    data_copy: DataCopy,
    monkeypatch: pytest.MonkeyPatch,
    target: str,
    exc: Exception,
) -> None:
    url = f"sqlite:///{tmp_path / 'db' / 'mss-facts.db'}"
    load(DATA_DIR, url)
    before = Snapshot.take(url)

    def fail(*_args: object) -> None:
        raise exc

    monkeypatch.setattr(load_module, target, fail)
    with pytest.raises(LoadError):
        load(_changed(data_copy).path, url)

    assert Snapshot.take(url) == before


def test_a_failed_first_load_creates_no_sqlite_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = tmp_path / "mss-facts.db"
    monkeypatch.setattr(load_module, "dataset_rows", _rows_failing_after(5, DISK_FULL))

    with pytest.raises(LoadError):
        load(DATA_DIR, f"sqlite:///{live}")

    assert list(tmp_path.iterdir()) == []


def test_a_file_that_is_not_a_sqlite_database_is_never_replaced(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n")

    with pytest.raises(LoadError) as info:
        load(DATA_DIR, f"sqlite:///{notes}")

    assert str(info.value) == f"{notes} is not a SQLite database; refusing to replace it"
    assert notes.read_text() == "not a database\n"
    assert neighbours(notes) == {"notes.txt"}


def test_loading_the_same_files_twice_changes_nothing(loaded_db_url: str) -> None:
    before = Snapshot.take(loaded_db_url)
    rows_before = dump_database(loaded_db_url)

    result = load(DATA_DIR, loaded_db_url)

    assert not result.changed
    assert Snapshot.take(loaded_db_url) == before
    assert dump_database(loaded_db_url) == rows_before
    assert len(_releases(loaded_db_url)) == 1


def test_changed_files_record_a_new_release_and_keep_the_old_one(
    loaded_db_url: str, data_copy: DataCopy
) -> None:
    [(old_version, _)] = _releases(loaded_db_url)

    result = load(_changed(data_copy).path, loaded_db_url)

    assert result.changed
    assert result.version != old_version
    assert _releases(loaded_db_url) == [(old_version, False), (result.version, True)]
    engine = create_engine(loaded_db_url)
    with engine.connect() as conn:
        place = conn.execute(
            text("SELECT place FROM event WHERE slug = 'ke-217-departs-kenya'")
        ).scalar_one()
    engine.dispose()
    assert place == "Nairobi, Kenya"


def test_going_back_to_earlier_files_keeps_one_row_per_version(
    loaded_db_url: str, data_copy: DataCopy
) -> None:
    [(first, _)] = _releases(loaded_db_url)
    second = load(_changed(data_copy).path, loaded_db_url).version

    again = load(DATA_DIR, loaded_db_url)

    assert again.changed
    assert again.version == first
    assert sorted(_releases(loaded_db_url)) == sorted([(second, False), (first, True)])


def test_a_sqlite_database_behind_the_latest_migration_is_rebuilt(tmp_path: Path) -> None:
    """Unchanged files are not a reason to keep serving an old schema."""
    url = f"sqlite:///{tmp_path / 'mss-facts.db'}"
    load(DATA_DIR, url)
    path = sqlite_path(url)
    assert path is not None
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'older'"))
    engine.dispose()
    stale = file_digest(path)

    assert load(DATA_DIR, url).changed

    assert file_digest(path) != stale
    engine = create_engine(url)
    with engine.connect() as conn:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    engine.dispose()
    assert revision != "older"
    assert load(DATA_DIR, url).changed is False


def test_a_new_release_of_the_code_re_renders_unchanged_files(
    loaded_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stored documents are the code's output as much as the files': with other code,
    the same files are a new version, loaded again (so that no ETag or `?version=` still
    names documents an older release compiled)."""
    [(old_version, _)] = _releases(loaded_db_url)
    monkeypatch.setattr(validate_module, "code_digest", lambda: b"another release")

    result = load(DATA_DIR, loaded_db_url)

    assert result.changed
    assert result.version != old_version
    assert _releases(loaded_db_url) == [(old_version, False), (result.version, True)]
    assert load(DATA_DIR, loaded_db_url).changed is False


def test_the_code_digest_follows_every_module(tmp_path: Path) -> None:
    package = tmp_path / "app"
    (package / "loader").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    module = package / "loader" / "documents.py"
    module.write_text("SHAPE = 1\n")
    first = code_digest.__wrapped__(package)

    module.write_text("SHAPE = 2\n")
    edited = code_digest.__wrapped__(package)
    module.rename(package / "loader" / "moved.py")
    moved = code_digest.__wrapped__(package)
    (package / "notes.txt").write_text("not code")

    assert len({first, edited, moved}) == 3
    assert code_digest.__wrapped__(package) == moved


_KILLED_MID_BUILD = """
import os, signal, sys
from pathlib import Path
from app.loader import load as loader

# Die the hard way (no cleanup runs) once the new file is written, before the rename.
loader._fsync = lambda path: os.kill(os.getpid(), signal.SIGKILL)
loader.load(Path(sys.argv[1]), sys.argv[2])
"""


def test_a_loader_killed_mid_build_leaves_the_live_file_and_its_leftover_is_cleared(
    tmp_path: Path, data_copy: DataCopy
) -> None:
    live = tmp_path / "db" / "mss-facts.db"
    url = f"sqlite:///{live}"
    load(DATA_DIR, url)
    before = file_digest(live)

    killed = subprocess.Popen(
        [sys.executable, "-c", _KILLED_MID_BUILD, str(_changed(data_copy).path), url],
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, stderr = killed.communicate(timeout=120)

    assert killed.returncode == -signal.SIGKILL, stderr
    assert file_digest(live) == before
    assert neighbours(live) == {"mss-facts.db", f".mss-facts.db.{killed.pid}.building"}

    assert load(data_copy.path, url).changed
    assert neighbours(live) == {"mss-facts.db"}


def test_a_build_file_of_a_running_loader_is_left_alone(tmp_path: Path) -> None:
    live = tmp_path / "mss-facts.db"
    running = tmp_path / f".mss-facts.db.{os.getppid()}.building"
    running.write_bytes(b"")

    load(DATA_DIR, f"sqlite:///{live}")

    assert neighbours(live) == {"mss-facts.db", running.name}


def _dump_digests(url: str) -> dict[str, str]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT name, sha256 FROM dataset_dump")).all()
    engine.dispose()
    return {row.name: row.sha256 for row in rows}


def test_a_large_sqlite_load_builds_the_same_dumps_beside_the_snapshots(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The dumps record their load's time: both loads happen at one moment.
    moment = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    monkeypatch.setattr(load_module, "now", lambda: moment)
    alone = f"sqlite:///{tmp_path / 'alone.db'}"
    load(DATA_DIR, alone)
    # As if the curated data were large: the SQLite dump in a thread, the CSV in a worker.
    monkeypatch.setattr(load_module, "PARALLEL_FROM", 0)
    parallel = f"sqlite:///{tmp_path / 'parallel.db'}"
    load(DATA_DIR, parallel)

    digests = _dump_digests(parallel)
    assert sorted(digests) == sorted(name for name, _ in NAMES.values())
    assert len(digests) == 5
    assert digests == _dump_digests(alone)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alone.db", "parallel.db"]


def test_a_dataset_keeps_its_version_and_counts_after_its_records_go() -> None:
    """What a load reads of the dataset once the rows are written (it lets the parsed
    records go there, `Dataset.release_records`)."""
    ds = validate_dir(DATA_DIR)
    version, counts = ds.version, ds.counts()
    assert counts["contingents"] > 0
    assert ds.evidence

    ds.release_records()

    assert (ds.version, ds.counts()) == (version, counts)
    records = (ds.contingents, ds.officials, ds.quotes, ds.sources, ds.redirects)
    assert [len(r) for r in records] == [0, 0, 0, 0, 0]
    assert (ds.evidence, ds.source_texts) == ({}, {})


def test_a_load_lets_the_records_go_only_after_writing_every_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows are all there: releasing the records after the write loses nothing."""
    released: list[int] = []
    original = Dataset.release_records

    def release(self: Dataset) -> None:
        released.append(len(self.contingents))
        original(self)

    monkeypatch.setattr(Dataset, "release_records", release)
    url = f"sqlite:///{tmp_path / 'mss-facts.db'}"
    result = load(DATA_DIR, url)

    engine = create_engine(url)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT count(*) FROM contingent")).scalar()
    engine.dispose()
    assert released == [result.counts["contingents"]] == [stored]
