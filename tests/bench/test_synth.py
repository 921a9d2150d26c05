"""The synthetic-data generator writes a valid, varied, reproducible data directory that
the real loader and console script accept. (Its speed is measured by hand, not here.)"""

import hashlib
import re
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from app.loader.validate import validate_dir
from bench import loadmem, synth
from tests.conftest import DATA_DIR
from tests.loader.phases import SQLITE as SQLITE_PHASES

SMALL = {"officials": 50, "contingents": 50, "quotes": 50}


def _digest(directory: Path) -> dict[str, str]:
    return {
        p.relative_to(directory).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "data"
    synth.generate(out, seed=7, **SMALL)
    return out


def test_it_writes_every_data_file_and_a_stored_source(small: Path) -> None:
    assert sorted(p.name for p in small.glob("*.yaml")) == sorted(
        p.name for p in DATA_DIR.glob("*.yaml")
    )
    stored = small / synth.STORED_FILE
    assert hashlib.sha256(stored.read_bytes()).hexdigest() in (small / "sources.yaml").read_text()


def test_the_data_validates_with_the_asked_counts_and_checked_evidence(small: Path) -> None:
    ds = validate_dir(small)
    counts = ds.counts()
    assert {kind: counts[kind] for kind in SMALL} == SMALL
    evidence = ds.evidence_counts()
    assert evidence["excerpts_verified"] > 50
    assert evidence["citations_unverified"] > 50
    for items in ds.evidence.values():
        for cited in items:
            if cited.verified:
                text_ = ds.source_texts[cited.source]
                assert text_[cited.start : cited.end] == cited.excerpt


def test_the_data_has_the_variety_of_real_data(small: Path) -> None:
    ds = validate_dir(small)
    assert "NO" in {n.code for n in ds.nations}  # written plain: must stay a string
    assert {c.status for c in ds.contingents} == {"planned", "deployed", "departed", "arrived"}
    dates = [d for c in ds.contingents for d in (c.departed, c.deployed, c.arrived) if d]
    assert {d.precision for d in dates} == {"day", "month", "year", "unknown"}
    assert any(d.inferred for d in dates)
    assert len({c.personnel.qualifier for c in ds.contingents if c.personnel}) >= 4
    assert any(c.escorts for c in ds.contingents)
    assert any(q.speaker.official for q in ds.quotes)
    assert any(q.speaker.organisation for q in ds.quotes)
    assert any(p.positions for p in ds.officials)
    assert ds.conflicts
    quotes_yaml = (small / "quotes.yaml").read_text()
    assert re.search(r"date: &d\d+\n", quotes_yaml)  # dates shared by anchors ...
    assert re.search(r"date: \*d\d+\n", quotes_yaml)  # ... and aliases


def test_the_same_seed_gives_the_same_bytes(small: Path, tmp_path: Path) -> None:
    synth.generate(tmp_path / "again", seed=7, **SMALL)
    synth.generate(tmp_path / "other", seed=8, **SMALL)
    assert _digest(tmp_path / "again") == _digest(small)
    assert _digest(tmp_path / "other") != _digest(small)


def test_the_console_script_validates_and_loads_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "big.db"
    counts = ["--contingents", "50", "--quotes", "50", "--officials", "50"]
    synth.main([str(tmp_path / "data"), *counts, "--database-url", f"sqlite:///{db}"])
    printed = capsys.readouterr().out
    assert [line.split()[0] for line in printed.splitlines()] == [
        "generate",
        "validate",
        "load",
        "database",
    ]
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        contingents = conn.execute(text("SELECT count(*) FROM contingent")).scalar_one()
        quotes = conn.execute(text("SELECT count(*) FROM quote")).scalar_one()
        verified = conn.execute(text("SELECT count(*) FROM evidence WHERE verified")).scalar_one()
    engine.dispose()
    assert (contingents, quotes) == (50, 50)
    assert verified > 50


def test_it_never_writes_into_data() -> None:
    with pytest.raises(SystemExit, match="data/"):
        synth.generate(DATA_DIR / "synthetic", seed=1, **SMALL)
    assert not (DATA_DIR / "synthetic").exists()


def test_the_load_memory_benchmark_reports_every_phase_with_its_peak() -> None:
    phases = loadmem.measure(DATA_DIR)

    assert [name for name, _, _ in phases] == list(SQLITE_PHASES)
    assert all(seconds >= 0 for _, seconds, _ in phases)
    # A Python process loading anything holds tens of MiB; a phase never reads as empty.
    assert all(peak > 10 for _, _, peak in phases), phases
