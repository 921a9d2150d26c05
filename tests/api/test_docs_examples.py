"""Every curl example in the docs' API guide (docs/pages/api/), on their front page and in
the README runs against the app and does what the docs say: the status it states (200
unless `# -> NNN` says otherwise), and the jq filter after it finds what it names. So the
documentation cannot rot."""

import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from app.config import PROJECT_ROOT
from tests import tiers

PAGES = PROJECT_ROOT / "docs" / "pages"
DOCUMENTS = (
    PROJECT_ROOT / "README.md",
    PAGES / "index.md",
    *sorted((PAGES / "api").glob("*.md")),
    PAGES / "reference" / "problems.md",
)
BASE = "http://127.0.0.1:8000"


def _api_section() -> str:
    """Every document whose examples run, one after the other."""
    return "\n".join(path.read_text(encoding="utf-8") for path in DOCUMENTS)


def _endpoint_table() -> str:
    return (PAGES / "api" / "index.md").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Example:
    line: str
    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    jq: tuple[str, ...]
    status: int


def _parse(line: str) -> Example:
    status = 200
    if m := re.search(r"#\s*->\s*(\d{3})", line):
        status = int(m.group(1))
    lex = shlex.shlex(line, posix=True, punctuation_chars="|")
    lex.whitespace_split = True
    lex.commenters = "#"
    tokens = list(lex)
    pipe = tokens.index("|") if "|" in tokens else len(tokens)
    curl, jq = tokens[:pipe], tokens[pipe + 1 :]
    assert curl[0] == "curl"
    method, headers, url = "GET", [], None
    args = iter(curl[1:])
    for arg in args:
        if arg == "-H":
            name, _, value = next(args).partition(":")
            headers.append((name.strip(), value.strip()))
        elif arg in ("-I", "-sI"):
            method = "HEAD"
        elif arg in ("-s", "-S", "-i", "-si", "-sS"):
            continue
        elif arg == "-o":  # a download: its status and a body are checked
            next(args)
        elif arg.startswith("http"):
            url = arg
        else:
            raise AssertionError(f"curl option the README test does not know: {arg}")
    assert url is not None, line
    assert url.startswith(BASE), line
    assert not jq or jq[0] == "jq", line
    return Example(line, method, url, tuple(headers), tuple(jq[1:]), status)


def _examples() -> list[Example]:
    section = _api_section()
    lines = re.findall(r"`(curl [^`]+)`", section)
    for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S):
        lines += [line for line in block.splitlines() if line.startswith("curl ")]
    return [_parse(line) for line in lines]


EXAMPLES = _examples()


def test_the_api_guide_has_examples() -> None:
    assert len(EXAMPLES) >= 40


def test_every_endpoint_in_the_table_has_an_example() -> None:
    templates = re.findall(r"^\| `GET ([^`?]+)[^`]*` \|", _endpoint_table(), flags=re.M)
    assert len(templates) >= 20
    paths = {urlsplit(e.url).path for e in EXAMPLES}
    for template in templates:
        pattern = re.sub(r"\\\{[a-z]+\\\}", "[^/]+", re.escape(template)) + "$"
        assert any(re.match(pattern, p) for p in paths), template


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.line[:90])
def test_docs_example(client: TestClient, example: Example) -> None:
    target = example.url.removeprefix(BASE)
    response = client.request(example.method, target, headers=dict(example.headers))
    assert response.status_code == example.status, response.text
    if example.method == "HEAD":
        assert response.content == b""
        return
    if not example.jq:
        assert response.content
        return
    jq = shutil.which("jq")
    if jq is None:
        tiers.missing("jq", "jq is not installed", "make test installs it as root with apt-get")
    done = subprocess.run(
        [jq, *example.jq], input=response.content, capture_output=True, timeout=30, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    out = done.stdout.decode().strip()
    assert out, example.line
    assert "null" not in out.splitlines()[:1], f"{example.line} printed null first: {out[:200]}"
