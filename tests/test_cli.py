"""The `mss-facts` console script: what validate and load print, their exit status, and
that every failure is one line on stderr and leaves the database as it was."""

import errno
import hashlib
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect
from typer.testing import CliRunner, Result

from app.cli import cli
from app.config import PROJECT_ROOT, get_settings
from app.loader import load as load_module
from app.loader.rows import Row
from app.loader.validate import Dataset, summary_lines, validate_dir
from tests.conftest import DATA_DIR
from tests.loader import phases


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """DATABASE_URL pointing at a SQLite file (not yet created) in its own directory."""
    path = tmp_path / "var" / "mss-facts.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _break(data_dir: Path) -> None:
    contingents = data_dir / "contingents.yaml"
    contingents.write_text(
        contingents.read_text().replace("escorts: [joseph-boinnet,", "escorts: [nobody,", 1)
    )
    nations = data_dir / "nations.yaml"
    nations.write_text(nations.read_text().replace("name: Jamaica", "name: Jamaica\n    flag: x"))


def test_validate_prints_the_summary() -> None:
    result = _run("validate", str(DATA_DIR))

    assert result.exit_code == 0, result.stderr
    ds = validate_dir(DATA_DIR)
    assert result.stdout.splitlines() == summary_lines(ds)
    lines = result.stdout.splitlines()
    assert re.fullmatch(r"dataset [0-9a-f]{16}: valid", lines[0])
    counted = {line.split()[0]: int(line.split()[1]) for line in lines[1:-2]}
    assert counted == ds.counts()
    assert all(n > 0 for n in counted.values())
    verified = ds.evidence_counts()["excerpts_verified"]
    unverified = ds.evidence_counts()["citations_unverified"]
    assert lines[-2] == f"  excerpts verified in stored text: {verified}"
    assert lines[-1] == f"  citations of unstored sources (unverified): {unverified}"
    assert verified > 0
    assert unverified > 0
    assert result.stderr == ""


def test_validate_reports_every_problem_and_exits_1(data_dir: Path) -> None:
    _break(data_dir)

    result = _run("validate", str(data_dir))

    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 3
    assert re.fullmatch(r"data/nations\.yaml:\d+: nations/JM: flag: Extra inputs .*", lines[0])
    assert re.fullmatch(
        r"data/contingents\.yaml:\d+: contingents/ke-217-january-2025: escorts\.0: "
        r"refers to officials/nobody, which does not exist",
        lines[1],
    )
    assert lines[2] == "2 problem(s); nothing was loaded."


def test_load_then_load_again_changes_nothing(db_path: Path) -> None:
    first = _run("load", str(DATA_DIR))

    assert first.exit_code == 0, first.stderr
    assert re.fullmatch(r"loaded dataset [0-9a-f]{16}: \d+ records\n", first.stdout)
    assert phases.phases(first.stderr) == list(phases.SQLITE)
    assert phases.messages(first.stderr) == ""
    digest = _digest(db_path)

    again = _run("load", str(DATA_DIR))

    assert again.exit_code == 0, again.stderr
    assert re.fullmatch(r"dataset [0-9a-f]{16} is already loaded; nothing changed\n", again.stdout)
    assert phases.phases(again.stderr) == ["validate"]
    assert phases.messages(again.stderr) == ""
    assert _digest(db_path) == digest
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["mss-facts.db"]


def test_load_into_postgresql_reports_its_phases(
    fresh_postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", fresh_postgres_url)
    get_settings.cache_clear()
    try:
        first = _run("load", str(DATA_DIR))
        again = _run("load", str(DATA_DIR))
    finally:
        get_settings.cache_clear()

    assert first.exit_code == 0, first.stderr
    assert phases.phases(first.stderr) == list(phases.POSTGRES)
    assert phases.messages(first.stderr) == ""
    assert again.exit_code == 0, again.stderr
    assert "nothing changed" in again.stdout
    # The schema is checked (and upgraded if need be) in the load's transaction.
    assert phases.phases(again.stderr) == ["validate", "schema"]


def test_load_of_bad_files_leaves_the_database_byte_for_byte(db_path: Path, data_dir: Path) -> None:
    assert _run("load", str(DATA_DIR)).exit_code == 0
    digest = _digest(db_path)
    _break(data_dir)

    result = _run("load", str(data_dir))

    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "2 problem(s); the database is unchanged."
    assert phases.phases(result.stderr) == []
    assert _digest(db_path) == digest
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["mss-facts.db"]


@pytest.mark.parametrize(
    ("exc", "message"),
    [
        (
            OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)),
            "load failed: No space left on device; the database is unchanged.",
        ),
        (
            RuntimeError("row builder broke\nsecond line of detail"),
            "load failed: RuntimeError: row builder broke; the database is unchanged.",
        ),
    ],
    ids=["disk-full", "unexpected-error"],
)
def test_a_failure_during_the_build_is_one_line_and_exit_1(
    db_path: Path,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    exc: Exception,
    message: str,
) -> None:
    assert _run("load", str(DATA_DIR)).exit_code == 0
    digest = _digest(db_path)
    events = data_dir / "events.yaml"
    events.write_text(events.read_text().replace("place: Kenya", "place: Nairobi, Kenya"))
    real_rows = load_module.dataset_rows

    def failing_rows(ds: Dataset) -> Iterator[Row]:
        for n, row in enumerate(real_rows(ds)):
            if n == 30:
                raise exc
            yield row

    monkeypatch.setattr(load_module, "dataset_rows", failing_rows)

    result = _run("load", str(data_dir))

    assert result.exit_code == 1
    assert result.stdout == ""
    # The phases done before the failure, not the one that failed.
    assert phases.phases(result.stderr) == ["validate", "schema"]
    assert phases.messages(result.stderr) == message + "\n"
    assert _digest(db_path) == digest
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["mss-facts.db"]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_load_into_an_unreachable_postgresql_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/test"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        result = _run("load", str(DATA_DIR))
    finally:
        get_settings.cache_clear()

    assert result.exit_code == 1
    assert phases.phases(result.stderr) == ["validate"]
    [line] = phases.messages(result.stderr).splitlines()
    assert line.startswith("load failed: database error: connection failed: ")
    assert line.endswith("; the database is unchanged.")


def test_load_refuses_to_replace_a_file_that_is_not_a_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# notes\n")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{readme}")
    get_settings.cache_clear()
    try:
        result = _run("load", str(DATA_DIR))
    finally:
        get_settings.cache_clear()

    assert result.exit_code == 1
    assert phases.messages(result.stderr) == (
        f"load failed: {readme} is not a SQLite database; refusing to replace it; "
        "the database is unchanged.\n"
    )
    assert readme.read_text() == "# notes\n"


def _without_write_permission() -> list[str]:
    """A command prefix under which directory permissions bind, even for root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot drop the permission override")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search,-fowner"]


def test_load_into_an_unwritable_directory_is_one_clear_line(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)
    script = Path(sys.executable).with_name("mss-facts")
    try:
        done = subprocess.run(
            [*_without_write_permission(), str(script), "load", str(DATA_DIR)],
            env={**os.environ, "DATABASE_URL": f"sqlite:///{locked / 'mss-facts.db'}"},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 1
        assert done.stdout == ""
        assert phases.messages(done.stderr) == (
            f"load failed: cannot write in directory {locked}: Permission denied; "
            "the database is unchanged.\n"
        )
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(stat.S_IRWXU)


def test_a_yaml_tag_is_refused_by_load_and_nothing_runs(
    db_path: Path, data_dir: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "executed"
    events = data_dir / "events.yaml"
    events.write_text(
        events.read_text().replace(
            "involves: [missions/mss-haiti, nations/US, nations/KE, officials/joe-biden]",
            f'involves: !!python/object/apply:os.system ["touch {marker}"]',
        )
    )

    result = _run("load", str(data_dir))

    assert result.exit_code == 1
    assert "YAML tag" in result.stderr
    assert not marker.exists()
    assert not db_path.exists()


def test_migrate_up_and_down(db_path: Path) -> None:
    url = f"sqlite:///{db_path}"
    db_path.parent.mkdir()

    assert _run("migrate").exit_code == 0
    engine = create_engine(url)
    with engine.connect() as conn:
        assert "contingent" in inspect(conn).get_table_names()
    engine.dispose()

    assert _run("migrate", "--down").exit_code == 0
    engine = create_engine(url)
    with engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
    engine.dispose()


def test_the_console_script_is_installed_and_runs() -> None:
    done = subprocess.run(
        [str(Path(sys.executable).with_name("mss-facts")), "validate"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].endswith(": valid")
