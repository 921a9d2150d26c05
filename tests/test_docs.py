"""The documentation site builds strictly (a broken link, an unlisted page or any warning
fails it), and its generated pages hold what the code declares: every setting with its
real default, and every problem type."""

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import PROJECT_ROOT, Settings
from app.errors import PROBLEM_TYPES

BIN = Path(sys.executable).parent
CONFIG = PROJECT_ROOT / "docs" / "mkdocs.yml"


def build_site(where: Path, config: Path = CONFIG) -> subprocess.CompletedProcess[str]:
    """`make docs`, into `where`."""
    return subprocess.run(
        [BIN / "mkdocs", "build", "--strict", "-f", config, "-d", where],
        cwd=PROJECT_ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("site")
    done = build_site(where)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stderr, done.stderr
    return where


def _text(page: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return str(value).replace(str(PROJECT_ROOT), "<repo>") or '""'


def test_every_page_is_built(site: Path) -> None:
    pages = sorted((PROJECT_ROOT / "docs" / "pages").rglob("*.md"))
    assert len(pages) >= 12
    for page in pages:
        relative = page.relative_to(PROJECT_ROOT / "docs" / "pages").with_suffix("")
        built = site / ("index.html" if relative.name == "index" else relative / "index.html")
        if relative.name == "index" and relative.parent != Path("."):
            built = site / relative.parent / "index.html"
        assert built.is_file(), built


def test_the_settings_page_lists_every_setting_with_its_default(site: Path) -> None:
    text = _text(site / "reference" / "settings" / "index.html")
    assert "<!-- generated" not in text
    for name, field in Settings.model_fields.items():
        row = re.search(rf"^{name.upper()}\n(.*)\n(.*)$", text, flags=re.M)
        assert row, f"{name.upper()} is not in the settings table"
        assert row.group(1) == _shown(field.default), name
        assert field.description, name
        assert row.group(2) == field.description.replace("`", ""), name


def test_the_problem_types_page_lists_every_type(site: Path) -> None:
    text = _text(site / "reference" / "problems" / "index.html")
    for name, (status, title, _) in PROBLEM_TYPES.items():
        assert re.search(rf"^/problems/{name}\n{status}\n{re.escape(title)}$", text, flags=re.M)


def test_a_broken_link_fails_the_build(tmp_path: Path) -> None:
    """--strict is what makes a link to a missing page an error, not a note."""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "index.md").write_text("# Home\n\nSee [nowhere](missing.md).\n")
    config = tmp_path / "mkdocs.yml"
    config.write_text(CONFIG.read_text().split("\nnav:")[0].replace("hooks:\n  - hooks.py\n", ""))
    done = build_site(tmp_path / "site", config)
    assert done.returncode != 0
    assert "missing.md" in done.stderr
