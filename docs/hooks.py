"""MkDocs hooks: the pages' generated parts, made from the code at every build so that
they cannot drift from it. A page asks for one with a marker line:

    <!-- generated: settings -->   every setting, its default and what it does
    <!-- generated: problems -->   every problem type a response can carry
"""

from collections.abc import Callable
from typing import Any

from app.config import PROJECT_ROOT, Settings
from app.errors import PROBLEM_TYPES


def _shown(value: object) -> str:
    """A default as the table writes it: booleans in lower case, the checkout as <repo>."""
    if isinstance(value, bool):
        return str(value).lower()
    text = str(value).replace(str(PROJECT_ROOT), "<repo>")
    return text or '""'


def settings_table() -> str:
    rows = [
        f"| `{name.upper()}` | `{_shown(field.default)}` | {field.description} |"
        for name, field in Settings.model_fields.items()
    ]
    return "\n".join(["| Setting | Default | What it does |", "| --- | --- | --- |", *rows])


def problems_table() -> str:
    rows = [
        f"| `/problems/{name}` | {status} | {title} | {text} |"
        for name, (status, title, text) in PROBLEM_TYPES.items()
    ]
    return "\n".join(["| `type` | Status | Title | When |", "| --- | --- | --- | --- |", *rows])


GENERATED: dict[str, Callable[[], str]] = {
    "<!-- generated: settings -->": settings_table,
    "<!-- generated: problems -->": problems_table,
}


def on_page_markdown(markdown: str, **_: Any) -> str:
    for marker, make in GENERATED.items():
        if marker in markdown:
            markdown = markdown.replace(marker, make())
    return markdown
