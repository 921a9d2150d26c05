"""The YAML reader: which scalars become what, which tags and constructs it refuses, and
the line it gives for any path into the data, with libyaml and without."""

import datetime as dt
from pathlib import Path

import pytest

from app.loader import yamlfile
from app.loader.yamlfile import LoadedYaml, YamlRefused, parse_yaml
from tests.conftest import DATA_DIR


def _read(tmp_path: Path, text: str) -> LoadedYaml:
    path = tmp_path / "file.yaml"
    path.write_text(text, encoding="utf-8")
    return parse_yaml(path.read_bytes())


def _refused(tmp_path: Path, text: str) -> YamlRefused:
    with pytest.raises(YamlRefused) as info:
        _read(tmp_path, text)
    return info.value


@pytest.fixture(params=["libyaml", "python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test runs with libyaml's parser and with PyYAML's pure-Python one."""
    if request.param == "libyaml":
        if not yamlfile.LIBYAML:
            pytest.fail("PyYAML was installed without libyaml")
    else:
        monkeypatch.setattr(yamlfile, "LIBYAML", False)
    return str(request.param)


@pytest.mark.usefixtures("parser")
@pytest.mark.parametrize(
    ("scalar", "expected"),
    [
        # YAML 1.1 booleans stay strings: NO is Norway's code, not False.
        ("NO", "NO"),
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("OFF", "OFF"),
        ("Y", "Y"),
        ("n", "n"),
        ("true", True),
        ("False", False),
        ("TRUE", True),
        ("null", None),
        ("~", None),
        ("", None),
        ("'null'", "null"),
        ("42", 42),
        ("-7", -7),
        ("1_000", 1000),
        ("0x1F", 31),
        ("0o17", 15),
        ("017", 17),
        ("'42'", "42"),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        ("12:30", "12:30"),  # no sexagesimal numbers
        ("2025-01-17", dt.date(2025, 1, 17)),
        ("2025-1-7", "2025-1-7"),
        ("'2025-01-17'", "2025-01-17"),
        ("2025-01-17 10:30:00", dt.datetime(2025, 1, 17, 10, 30)),
        ("!!str 5", "5"),
        ("!!int '5'", 5),
        ("!!float 2", 2.0),
        ("!!bool true", True),
        ("!!null ''", None),
        ("!!timestamp 2025-01-17", dt.date(2025, 1, 17)),
        ("! 5", "5"),
    ],
)
def test_scalars_follow_the_yaml_core_schema(tmp_path: Path, scalar: str, expected: object) -> None:
    value = _read(tmp_path, f"key: {scalar}\n").data["key"]
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.usefixtures("parser")
def test_keys_are_the_strings_as_written(tmp_path: Path) -> None:
    assert list(_read(tmp_path, "1: a\ntrue: b\nNO: c\n").data) == ["1", "true", "NO"]


@pytest.mark.usefixtures("parser")
@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("a: 1\nb: !!set {x, y}\n", 2, "YAML tag 'tag:yaml.org,2002:set' is not allowed"),
        ("a: !!binary aGk=\n", 1, "YAML tag 'tag:yaml.org,2002:binary' is not allowed"),
        ("a:\n  - !!omap [x: 1]\n", 2, "YAML tag 'tag:yaml.org,2002:omap' is not allowed"),
        ("a: !local x\n", 1, "YAML tag '!local' is not allowed"),
        ("a: !!python/name:os.system\n", 1, "YAML tag 'tag:yaml.org,2002:python/name:os."),
        ("!!python/object/new:os.system {a: 1}\n", 1, "YAML tag 'tag:yaml.org,2002:python/"),
        ("a: !!int x\n", 1, "'x' is not a valid int"),
        ("a: !!bool yes\n", 1, "'yes' is not a valid bool"),
        ("a: 2025-02-30\n", 1, "invalid date '2025-02-30'"),
        ("a: 1\nb:\n  c: 2\n  c: 3\n", 4, "duplicate key 'c' (first at line 3)"),
        ("a: 1\n'a': 2\n", 2, "duplicate key 'a' (first at line 1)"),
        ("base: &b {x: 1}\nother:\n  <<: *b\n", 3, "merge keys (<<) are not allowed"),
        ("? [1, 2]\n: x\n", 1, "mapping keys must be plain strings"),
        ("a: *nowhere\n", 1, "alias *nowhere names no anchor defined before it"),
        ("a: &x\n  b: *x\n", 2, "alias *x refers to a node that contains it"),
        ("a: 1\nb: [1, 2\nc: 3\n", 3, "malformed YAML: "),
        ("a: 1\n---\nb: 2\n", 2, "malformed YAML: expected a single document"),
    ],
)
def test_what_a_data_file_may_not_contain_is_refused_at_its_line(
    tmp_path: Path, text: str, line: int, reason: str
) -> None:
    refused = _refused(tmp_path, text)
    assert (refused.line, refused.reason[: len(reason)]) == (line, reason)


@pytest.mark.usefixtures("parser")
def test_an_alias_bomb_is_refused(tmp_path: Path) -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 7)]
    refused = _refused(tmp_path, "\n".join(levels) + "\n")
    assert refused.reason == "aliases repeat too much content"


@pytest.mark.usefixtures("parser")
def test_line_of_points_at_the_deepest_node_that_exists(tmp_path: Path) -> None:
    loaded = _read(
        tmp_path,
        "items:\n"  # 1
        "  - slug: a\n"  # 2
        "    date: &d\n"  # 3
        "      text: June\n"  # 4
        "      earliest_on: 2025-06-01\n"  # 5
        "    tags: [x, y]\n"  # 6
        "  - slug: b\n"  # 7
        "    date: *d\n"  # 8
        "    tags:\n"  # 9
        "      - z\n",  # 10
    )
    assert loaded.data["items"][1]["date"] is loaded.data["items"][0]["date"]
    assert loaded.line_of(()) is None
    assert loaded.line_of(("items",)) == 1
    assert loaded.line_of(("items", 0)) == 2
    assert loaded.line_of(("items", 0, "date", "earliest_on")) == 5
    assert loaded.line_of(("items", 0, "tags", 1)) == 6
    assert loaded.line_of(("items", 1)) == 7
    assert loaded.line_of(("items", 1, "date")) == 8
    # Inside aliased content: where that content is written.
    assert loaded.line_of(("items", 1, "date", "earliest_on")) == 5
    assert loaded.line_of(("items", 1, "tags", 0)) == 10
    # Paths that leave the data stop at the last node that exists.
    assert loaded.line_of(("items", 1, "nope", "deeper")) == 7
    assert loaded.line_of(("items", 5)) == 1
    assert loaded.line_of(("items", 0, "slug", 0)) == 2


def _paths(value: object, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _paths(item, (*prefix, index))
    return out


@pytest.mark.parametrize("name", sorted(p.name for p in DATA_DIR.glob("*.yaml")))
def test_both_parsers_read_the_curated_data_alike(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = parse_yaml((DATA_DIR / name).read_bytes())
    monkeypatch.setattr(yamlfile, "LIBYAML", False)
    slow = parse_yaml((DATA_DIR / name).read_bytes())
    assert fast.data == slow.data
    paths = _paths(fast.data)
    assert [fast.line_of(p) for p in paths] == [slow.line_of(p) for p in paths]
    assert len(paths) > 10
