"""The curator commands: facts with one source, what a source supports, the conflicts,
and adding a source."""

import shutil
from pathlib import Path

from typer.testing import CliRunner

from app.cli import cli
from app.loader.curation import single_source
from app.loader.validate import validate_dir
from tests.conftest import DATA_DIR

runner = CliRunner()


def test_single_source_lists_what_one_report_backs() -> None:
    result = runner.invoke(cli, ["curate", "single-source", str(DATA_DIR)])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    expected = single_source(validate_dir(DATA_DIR))
    assert lines == [s.line() for s in expected]
    for line in lines:
        assert line.split("\t")[1] == "1"


def test_supports_lists_each_record_a_source_backs() -> None:
    result = runner.invoke(cli, ["curate", "supports", "k24-kenya-deploys-144", str(DATA_DIR)])
    assert result.exit_code == 0, result.stderr
    assert "contingents/ke-144-february-2025\tordinal, personnel, nation" in result.stdout


def test_supports_refuses_an_unknown_source() -> None:
    result = runner.invoke(cli, ["curate", "supports", "no-such-source", str(DATA_DIR)])
    assert result.exit_code == 1
    assert "no source has slug 'no-such-source'" in result.stderr


def test_conflicts_lists_every_side() -> None:
    result = runner.invoke(cli, ["curate", "conflicts", str(DATA_DIR)])
    assert result.exit_code == 0, result.stderr
    ds = validate_dir(DATA_DIR)
    for conflict in ds.conflicts:
        assert f"{conflict.slug}\t" in result.stdout
        for claim in conflict.claims:
            assert f"  {claim.record} {claim.field}\t" in result.stdout


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


ARGS = ["--url", "https://example.org/new-page", "--publisher", "Example (AP)",
        "--language", "en", "--wire", "AP", "--wire-story", "ap-example-story",
        "--published", "2025-02-06"]  # fmt: skip


def test_add_source_appends_a_valid_record(tmp_path: Path) -> None:
    data_dir = _copy(tmp_path)
    before = (data_dir / "sources.yaml").read_text(encoding="utf-8")
    result = runner.invoke(
        cli, ["curate", "add-source", "--slug", "example-new", *ARGS, str(data_dir)]
    )
    assert result.exit_code == 0, result.stderr
    after = (data_dir / "sources.yaml").read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))
    [added] = [s for s in validate_dir(data_dir).sources if s.slug == "example-new"]
    assert (added.url, added.wire, added.wire_story) == (
        "https://example.org/new-page",
        "AP",
        "ap-example-story",
    )
    assert added.published.earliest_on is not None
    assert added.published.earliest_on.isoformat() == "2025-02-06"


def test_add_source_refuses_a_known_url_and_bad_fields(tmp_path: Path) -> None:
    data_dir = _copy(tmp_path)
    before = (data_dir / "sources.yaml").read_bytes()
    known = validate_dir(data_dir).sources[0]
    cases = [
        (["--slug", "dup-url", "--url", known.url, "--publisher", "X", "--language", "en"],
         "is already source"),
        (["--slug", known.slug, *ARGS], "exists"),
        (["--slug", "bad-lang", *ARGS[:4], "--language", "English"], "language"),
        (["--slug", "bad-day", *ARGS[:-1], "2025-02-30"], "not a day"),
        (["--slug", "story-no-wire", "--url", "https://example.org/x", "--publisher", "X",
          "--language", "en", "--wire-story", "ap-1"], "give its wire too"),
    ]  # fmt: skip
    for args, reason in cases:
        result = runner.invoke(cli, ["curate", "add-source", *args, str(data_dir)])
        assert result.exit_code == 1, args
        assert reason in result.stderr, (args, result.stderr)
        assert (data_dir / "sources.yaml").read_bytes() == before


def test_every_command_refuses_an_invalid_data_directory(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-dir")
    for args in (["single-source"], ["supports", "k24-kenya-deploys-144"], ["conflicts"]):
        result = runner.invoke(cli, ["curate", *args, missing])
        assert result.exit_code == 1, args
        assert "no such directory" in result.stderr
