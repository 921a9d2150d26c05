"""The curated data validates, loads, and every excerpt's offsets point at its text."""

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Row, create_engine, text

from app.loader.validate import validate_dir
from tests.conftest import ARTICLE_DIR, DATA_DIR

# The article's checksum as the curation brief gives it.
ARTICLE_SHA256 = "0488a1a055f57704e885dcdf98c3d7482c5a3a3bae385051965d2501d7c65661"


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


# --- Key facts of the article, pinned ---------------------------------------------------------
# Each reads the loaded database (both backends), as the API will.


def _rows(db_url: str, sql: str, **params: object) -> list[Row[Any]]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(sql), params).all())
    finally:
        engine.dispose()


def _json(value: Any) -> Any:
    """A JSON column's value (SQLite hands raw SQL the text, PostgreSQL the value)."""
    return json.loads(value) if isinstance(value, str) else value


def _evidence(db_url: str, kind: str, key: str) -> list[Row[Any]]:
    return _rows(
        db_url,
        "SELECT source_slug, excerpt, claim, verified, supports FROM evidence "
        "WHERE record_kind = :kind AND record_key = :key ORDER BY ordinal",
        kind=kind,
        key=key,
    )


def test_the_217_officers_are_an_exact_figure_and_the_third_contingent(db_url: str) -> None:
    [row] = _rows(
        db_url,
        "SELECT personnel_value, personnel_qualifier, ordinal, status, arrival_place "
        "FROM contingent WHERE slug = 'ke-217-january-2025'",
    )
    assert tuple(row) == (
        217,
        "exact",
        3,
        "arrived",
        "Toussaint Louverture International Airport, Port-au-Prince",
    )
    excerpts = [e.excerpt for e in _evidence(db_url, "contingents", "ke-217-january-2025")]
    assert any("the third contingent of 217 Kenyan officers" in (e or "") for e in excerpts)


def test_over_600_is_stored_as_more_than_600_never_exact(db_url: str) -> None:
    [row] = _rows(
        db_url,
        "SELECT f.value, f.qualifier FROM strength f "
        "JOIN participation p ON p.slug = f.participation_slug "
        "WHERE p.nation_code = 'KE' AND p.role = 'police_contributor' "
        "AND f.slug = 'mss-haiti-ke-police-over-600'",
    )
    assert (row.value, row.qualifier) == (600, "more_than")
    [cited] = _evidence(db_url, "strength", "mss-haiti-ke-police-over-600")
    assert cited.verified
    assert "over 600" in cited.excerpt
    # Nowhere is a figure cited in "over ..." words stored as exact.
    worded = _rows(
        db_url,
        "SELECT DISTINCT f.slug, f.qualifier FROM strength f JOIN evidence e "
        "ON e.record_kind = 'strength' AND e.record_key = f.slug "
        "WHERE lower(coalesce(e.excerpt, e.claim)) LIKE '%over ' || f.value || '%'",
    )
    assert worded
    assert all(r.qualifier != "exact" for r in worded), worded


def test_june_26_keeps_its_words_and_has_no_year(db_url: str) -> None:
    [row] = _rows(
        db_url,
        "SELECT status, deployed, deployed_earliest_on, deployed_latest_on "
        "FROM contingent WHERE slug = 'ke-planned-june-26'",
    )
    assert row.status == "planned"
    assert row.deployed_earliest_on is None
    assert row.deployed_latest_on is None
    deployed = _json(row.deployed)
    assert deployed["text"] == "June 26"
    assert deployed["earliest_on"] is None
    assert deployed["latest_on"] is None
    assert deployed["precision"] == "unknown"
    assert deployed["inferred"] is False


def test_which_contingent_was_third_keeps_both_claims_with_evidence(db_url: str) -> None:
    claims = _rows(
        db_url,
        "SELECT record_kind, record_key, field FROM conflict_claim "
        "WHERE conflict_slug = 'which-contingent-was-third' ORDER BY ordinal",
    )
    assert [tuple(c) for c in claims] == [
        ("contingents", "ke-217-january-2025", "ordinal"),
        ("contingents", "ke-144-february-2025", "ordinal"),
    ]
    backing = {
        c.record_key: {
            e.source_slug
            for e in _evidence(db_url, c.record_kind, c.record_key)
            if "ordinal" in _json(e.supports)
        }
        for c in claims
    }
    assert "odrimedia-ruto-haiti-mss" in backing["ke-217-january-2025"]
    assert backing["ke-144-february-2025"] == {"k24-kenya-deploys-144"}
    ordinals = _rows(
        db_url,
        "SELECT slug, ordinal FROM contingent "
        "WHERE slug IN ('ke-217-january-2025', 'ke-144-february-2025') ORDER BY slug",
    )
    assert [tuple(r) for r in ordinals] == [
        ("ke-144-february-2025", 3),
        ("ke-217-january-2025", 3),
    ]


# Record kind -> (table, key column): every record the API serves, nested ones included.
RECORD_TABLES = {
    "nations": ("nation", "code"),
    "organisations": ("organisation", "slug"),
    "officials": ("official", "slug"),
    "positions": ("position", "slug"),
    "missions": ("mission", "slug"),
    "participations": ("participation", "slug"),
    "strength": ("strength", "slug"),
    "decisions": ("decision", "slug"),
    "pledges": ("pledge", "slug"),
    "contingents": ("contingent", "slug"),
    "quotes": ("quote", "slug"),
    "events": ("event", "slug"),
}
# Sides of a conflict that give another value cite their own evidence.
CLAIM_KEYS = "SELECT conflict_slug, ordinal FROM conflict_claim WHERE value IS NOT NULL"


@pytest.mark.parametrize("kind", sorted(RECORD_TABLES))
def test_every_record_of_every_kind_has_evidence(db_url: str, kind: str) -> None:
    table, key = RECORD_TABLES[kind]
    records = _rows(db_url, f'SELECT "{key}" FROM "{table}"')
    without = _rows(
        db_url,
        f'SELECT t."{key}" FROM "{table}" t WHERE NOT EXISTS (SELECT 1 FROM evidence e '
        f'WHERE e.record_kind = :kind AND e.record_key = t."{key}")',
        kind=kind,
    )
    assert records
    assert without == []


def test_no_evidence_points_at_a_record_that_does_not_exist(db_url: str) -> None:
    keys = {
        (kind, row[0])
        for kind, (table, key) in RECORD_TABLES.items()
        for row in _rows(db_url, f'SELECT "{key}" FROM "{table}"')
    }
    keys |= {("claims", f"{r[0]}/{r[1]}") for r in _rows(db_url, CLAIM_KEYS)}
    cited = {tuple(r) for r in _rows(db_url, "SELECT record_kind, record_key FROM evidence")}
    assert cited <= keys


def test_the_stored_article_is_the_file_byte_for_byte(db_url: str) -> None:
    raw = (DATA_DIR / "sources" / "odrimedia-ruto-haiti-mss.txt").read_bytes()
    [row] = _rows(
        db_url,
        "SELECT text, sha256, text_stored FROM source WHERE slug = 'odrimedia-ruto-haiti-mss'",
    )
    assert row.text.encode("utf-8") == raw
    assert row.sha256 == hashlib.sha256(raw).hexdigest() == ARTICLE_SHA256
    assert row.text_stored
    unstored = _rows(db_url, "SELECT slug FROM source WHERE text IS NULL AND NOT text_stored")
    assert len(unstored) == len(_rows(db_url, "SELECT slug FROM source")) - 1


# --- The seed article's facts stay exactly as they are --------------------------------------


def _kept(seed: Any, real: Any, where: str) -> list[str]:
    """Where `real` does not keep what `seed` states: every value the seed gives is in the
    curated record unchanged (a list keeps its items, in order, at its head; a field
    the seed leaves unset may have been filled from later sources)."""
    if isinstance(seed, dict):
        return [
            p
            for k, v in seed.items()
            if v not in (None, [], {})
            for p in (
                _kept(v, real.get(k), f"{where}.{k}")
                if isinstance(real, dict)
                else [f"{where}: not an object"]
            )
        ]
    if isinstance(seed, list):
        if not isinstance(real, list) or len(real) < len(seed):
            return [f"{where}: {len(seed)} items in the seed, fewer now"]
        return [p for i, v in enumerate(seed) for p in _kept(v, real[i], f"{where}.{i}")]
    return [] if seed == real else [f"{where}: {seed!r} is now {real!r}"]


def test_the_seed_articles_records_stay_exactly_as_they_are() -> None:
    seed, real = validate_dir(ARTICLE_DIR), validate_dir(DATA_DIR)
    checked, problems = 0, []
    for kind in seed.counts():
        if kind in ("positions", "participations"):
            continue  # checked inside their officials and missions
        by_key = {getattr(r, "slug", None) or r.code: r for r in getattr(real, kind)}
        for record in getattr(seed, kind):
            key = getattr(record, "slug", None) or record.code
            if key not in by_key:
                problems.append(f"{kind}/{key}: gone")
                continue
            checked += 1
            problems += _kept(
                record.model_dump(mode="json"),
                by_key[key].model_dump(mode="json"),
                f"{kind}/{key}",
            )
    assert checked == sum(
        v for k, v in seed.counts().items() if k not in ("positions", "participations")
    )
    assert problems == []
