"""Every setting is in the README's Settings table, with its real default; and the table
names no setting that does not exist."""

import re

from app.config import PROJECT_ROOT, Settings

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def _table() -> dict[str, str]:
    start = README.index("\n### Settings")
    end = README.find("\n#", start + 1)
    section = README[start : end if end > 0 else None]
    rows = re.findall(r"^\| `([A-Z0-9_]+)` \| `([^`]*)` \| (.+) \|$", section, flags=re.M)
    assert all(description.strip() for _, _, description in rows)
    return {name: default for name, default, _ in rows}


def _shown(value: object) -> str:
    """A default as the table writes it: booleans in lower case, the checkout as <repo>."""
    if isinstance(value, bool):
        return str(value).lower()
    text = str(value).replace(str(PROJECT_ROOT), "<repo>")
    return text or '""'


def test_every_setting_is_documented_with_its_default() -> None:
    table = _table()
    for name, field in Settings.model_fields.items():
        assert field.description, f"{name} has no description"
        assert name.upper() in table, f"{name.upper()} is missing from the README settings table"
        assert table[name.upper()] == _shown(field.default), name


def test_the_table_documents_only_real_settings() -> None:
    fields = {name.upper() for name in Settings.model_fields}
    assert set(_table()) <= fields
