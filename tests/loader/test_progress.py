"""Progress of a load: nothing by default (library callers), one plain line per phase
for logs, a bar per phase on a terminal. The console script's output is in
tests/test_cli.py."""

import io
import re
from pathlib import Path

import pytest
from rich.console import Console
from sqlalchemy import create_engine, func, select

from app.loader.dumps import dataset_tables
from app.loader.load import load
from app.loader.progress import Bars, Lines
from app.models import metadata
from tests.conftest import DATA_DIR
from tests.loader import phases
from tests.loader.conftest import DataCopy


def test_a_library_load_prints_nothing(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    assert load(DATA_DIR, f"sqlite:///{tmp_path / 'mss-facts.db'}").changed

    assert capfd.readouterr() == ("", "")


def test_plain_lines_name_each_phase_with_its_time(tmp_path: Path, data_copy: DataCopy) -> None:
    url = f"sqlite:///{tmp_path / 'mss-facts.db'}"
    out = io.StringIO()

    load(DATA_DIR, url, Lines("load", out))
    first = out.getvalue().splitlines()
    data_copy.edit("events.yaml", "place: Kenya", "place: Nairobi, Kenya")
    load(data_copy.path, url, Lines("load", out))
    second = out.getvalue().splitlines()[len(first) :]

    for lines in (first, second):
        assert all(phases.parse(line) for line in lines), lines
        assert phases.phases("\n".join(lines)) == list(phases.SQLITE)


def test_bars_on_a_terminal_show_every_phase_finished(tmp_path: Path) -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100, color_system=None)

    with Bars(console) as bars:
        load(DATA_DIR, f"sqlite:///{tmp_path / 'mss-facts.db'}", bars)

    # The last frame: one finished line per phase, with its counts where they are known.
    last = screen.getvalue().split("\x1b[2K")[-1]
    finished = re.findall(r"✓ ([a-z ]+?) +━+ *([^\n]*?) +(\d+\.\d\d) s", last)
    assert [name for name, _, _ in finished] == list(phases.SQLITE)
    steps = {name: counted for name, counted, _ in finished}
    assert re.fullmatch(r"(\d+\.\d) kB/\1 kB", steps["validate"]), steps["validate"]
    # The rows are counted as written (their number is not known beforehand).
    rows = re.fullmatch(r"([\d,]+) rows", steps["rows"])
    assert rows is not None, steps["rows"]
    assert int(rows.group(1).replace(",", "")) == _rows_in(tmp_path / "mss-facts.db")
    assert steps["checks"] == "2/2"
    assert steps["search index"] == ""


def _rows_in(path: Path) -> int:
    """The rows `dataset_rows` gives, as stored: the dataset's tables (redirects come
    with the release, not from the rows) and its search documents."""
    tables = [t for t in dataset_tables() if t.name != "record_redirect"]
    tables.append(metadata.tables["search_document"])
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        total = sum(conn.execute(select(func.count()).select_from(t)).scalar_one() for t in tables)
    engine.dispose()
    return total
