"""The curated data validates, loads, and every excerpt's offsets point at its text."""

from pathlib import Path

from sqlalchemy import create_engine, text

from app.loader.validate import validate_dir
from tests.conftest import DATA_DIR


def test_curated_data_validates() -> None:
    ds = validate_dir(DATA_DIR)
    counts = ds.counts()
    assert counts["contingents"] >= 4
    assert ds.evidence_counts()["excerpts_verified"] > 0


def test_primary_source_is_stored_byte_for_byte() -> None:
    stored = (DATA_DIR / "sources" / "odrimedia-ruto-haiti-mss.txt").read_bytes()
    shared = Path(__file__).resolve().parents[3] / "shared" / "sources"
    original = shared / "odrimedia-ruto-haiti-mss.txt"
    if original.exists():
        assert stored == original.read_bytes()
    assert "’".encode() in stored
    assert not stored.endswith(b"\n")


def test_loaded_offsets_point_at_excerpts(db_url: str) -> None:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                'SELECT e.excerpt, e.start, e."end", s.text FROM evidence e '
                "JOIN source s ON s.slug = e.source_slug WHERE e.verified"
            )
        ).all()
        unverified = conn.execute(
            text("SELECT count(*) FROM evidence WHERE NOT verified AND excerpt IS NOT NULL")
        ).scalar_one()
    engine.dispose()
    assert rows
    for excerpt, start, end, source_text in rows:
        assert source_text[start:end] == excerpt
    assert unverified == 0
