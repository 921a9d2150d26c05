"""Files that cannot be read as data are refused with the file, the line and the reason:
malformed or unsafe YAML, bad encodings and bytes, wrong top-level keys, missing files."""

import hashlib
import re
from collections import Counter
from pathlib import Path

import pytest

from app.loader.validate import ValidationFailed, validate_dir
from tests.conftest import DATA_DIR
from tests.loader.conftest import DataCopy


def test_malformed_yaml_is_refused_at_its_line(data_copy: DataCopy) -> None:
    data_copy.edit(
        "contingents.yaml", "    nation: KE\n    ordinal: 3", "    nation: KE\n   ordinal: 3"
    )
    line = data_copy.line("contingents.yaml", "   ordinal: 3")

    [problem] = data_copy.problems()

    assert problem.startswith(f"data/contingents.yaml:{line}: -: -: malformed YAML: ")


def test_duplicate_yaml_key_is_refused_at_the_second_key(data_copy: DataCopy) -> None:
    data_copy.edit("nations.yaml", "    name: Jamaica\n", "    name: Jamaica\n    name: Jam\n")
    line = data_copy.line("nations.yaml", "name: Jam\n")

    [problem] = data_copy.problems()

    assert problem.startswith(f"data/nations.yaml:{line}: -: -: ")
    assert re.search(r"duplicate key ['\"]name['\"]", problem)


@pytest.mark.parametrize(
    ("tag", "shown"),
    [
        ("!!python/object/apply:os.system", "tag:yaml.org,2002:python/object/apply:os.system"),
        ("!!python/object/new:os.system", "tag:yaml.org,2002:python/object/new:os.system"),
        ("!!python/name:os.system", "tag:yaml.org,2002:python/name:os.system"),
        ("!shell", "!shell"),
    ],
)
def test_tags_that_construct_objects_are_refused_and_never_run(
    data_copy: DataCopy, tmp_path: Path, tag: str, shown: str
) -> None:
    marker = tmp_path / "executed"
    data_copy.edit(
        "events.yaml",
        "involves: [missions/mss-haiti, nations/US, nations/KE, officials/joe-biden]",
        f'involves: {tag} ["touch {marker}"]',
    )
    line = data_copy.line("events.yaml", tag)

    [problem] = data_copy.problems()

    assert problem.startswith(f"data/events.yaml:{line}: -: -: YAML tag ")
    assert shown in problem
    assert problem.endswith("is not allowed in data files")
    assert not marker.exists()


def test_a_file_that_is_not_utf8_is_refused_at_the_line_of_the_bad_byte(
    data_copy: DataCopy,
) -> None:
    line = data_copy.line("nations.yaml", "name: Belize")
    raw = (data_copy.path / "nations.yaml").read_bytes()
    data_copy.write("nations.yaml", raw.replace(b"name: Belize", b"name: B\xe9lize"))

    assert data_copy.problems() == [
        f"data/nations.yaml:{line}: -: -: not UTF-8: byte 0xe9 (invalid continuation byte)"
    ]


def test_a_nul_byte_is_refused_at_its_line_and_column(data_copy: DataCopy) -> None:
    data_copy.edit("nations.yaml", "name: Belize", "name: Bel\x00ize")
    line = data_copy.line("nations.yaml", "\x00")

    assert data_copy.problems() == [
        f"data/nations.yaml:{line}: -: -: "
        "character U+0000 (column 14) is not allowed in a data file"
    ]


def test_a_nul_written_as_an_escape_is_refused_at_its_line(data_copy: DataCopy) -> None:
    data_copy.edit("nations.yaml", "name: Belize", 'name: "Bel\\0ize"')
    line = data_copy.line("nations.yaml", "Bel\\0ize")

    assert data_copy.problems() == [
        f"data/nations.yaml:{line}: -: -: control character U+0000 in a string is not allowed"
    ]


def test_a_nul_byte_in_a_stored_source_text_is_refused(data_copy: DataCopy) -> None:
    """Even with a matching checksum: PostgreSQL cannot store it and no article has it."""
    text_path = data_copy.path / "sources" / "odrimedia-ruto-haiti-mss.txt"
    raw = text_path.read_bytes() + b"\x00"
    text_path.write_bytes(raw)
    old = "0488a1a055f57704e885dcdf98c3d7482c5a3a3bae385051965d2501d7c65661"
    data_copy.edit("sources.yaml", old, hashlib.sha256(raw).hexdigest())
    line = data_copy.line("sources.yaml", "text_file:")
    last_line = raw.count(b"\n") + 1

    [problem] = data_copy.problems()

    assert problem.startswith(
        f"data/sources.yaml:{line}: sources/odrimedia-ruto-haiti-mss: text_file: "
        f"sources/odrimedia-ruto-haiti-mss.txt, line {last_line}: character U+0000 "
    )


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        ("", 1, "expected one top-level key 'conflicts', found an empty file"),
        ("- a\n- b\n", 1, "expected one top-level key 'conflicts', found a list"),
        ("conflict: []\n", 1, "unknown top-level key 'conflict': expected only 'conflicts'"),
        (
            "conflicts: []\nextras: []\n",
            2,
            "unknown top-level key 'extras': expected only 'conflicts'",
        ),
        ("conflicts:\n", 1, "conflicts: expected a list of records, found nothing"),
        ("conflicts: {a: 1}\n", 1, "conflicts: expected a list of records, found a dict"),
    ],
)
def test_a_file_without_its_one_top_level_list_is_refused(
    data_copy: DataCopy, content: str, line: int, reason: str
) -> None:
    data_copy.write("conflicts.yaml", content)

    assert data_copy.problems() == [f"data/conflicts.yaml:{line}: -: -: {reason}"]


def test_a_missing_file_is_refused(data_copy: DataCopy) -> None:
    (data_copy.path / "conflicts.yaml").unlink()

    assert data_copy.problems() == ["data/conflicts.yaml: -: -: file is missing"]


def test_a_missing_source_text_is_refused(data_copy: DataCopy) -> None:
    (data_copy.path / "sources" / "odrimedia-ruto-haiti-mss.txt").unlink()
    line = data_copy.line("sources.yaml", "text_file:")

    assert data_copy.problems() == [
        f"data/sources.yaml:{line}: sources/odrimedia-ruto-haiti-mss: text_file: "
        "sources/odrimedia-ruto-haiti-mss.txt not found"
    ]


def test_a_changed_byte_in_a_stored_source_is_a_checksum_mismatch(data_copy: DataCopy) -> None:
    text_path = data_copy.path / "sources" / "odrimedia-ruto-haiti-mss.txt"
    raw = bytearray(text_path.read_bytes())
    index = raw.index(b"217")
    raw[index] = ord("3")
    text_path.write_bytes(bytes(raw))
    actual = hashlib.sha256(bytes(raw)).hexdigest()
    line = data_copy.line("sources.yaml", "sha256:")

    assert data_copy.problems() == [
        f"data/sources.yaml:{line}: sources/odrimedia-ruto-haiti-mss: sha256: checksum "
        f"mismatch: sources/odrimedia-ruto-haiti-mss.txt has {actual}, expected "
        "0488a1a055f57704e885dcdf98c3d7482c5a3a3bae385051965d2501d7c65661"
    ]


def test_a_directory_that_does_not_exist_is_one_problem(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed) as info:
        validate_dir(tmp_path / "nowhere")

    assert [str(p) for p in info.value.problems] == [
        f"{tmp_path / 'nowhere'}: -: -: no such directory"
    ]


def test_every_problem_in_every_file_is_reported_at_once(data_copy: DataCopy) -> None:
    data_copy.edit("nations.yaml", "    name: Jamaica\n", "    name: Jamaica\n    flag: green\n")
    data_copy.edit("contingents.yaml", "escorts: [joseph-boinnet,", "escorts: [nobody,")
    data_copy.edit("conflicts.yaml", "        field: ordinal", "        field: colour")
    (data_copy.path / "quotes.yaml").unlink()

    problems = data_copy.problems()

    flag_line = data_copy.line("nations.yaml", "flag: green")
    escort_line = data_copy.line("contingents.yaml", "escorts: [nobody,")
    field_line = data_copy.line("conflicts.yaml", "field: colour")
    assert problems == [
        f"data/nations.yaml:{flag_line}: nations/JM: flag: Extra inputs are not permitted",
        f"data/contingents.yaml:{escort_line}: contingents/ke-217-january-2025: escorts.0: "
        "refers to officials/nobody, which does not exist",
        "data/quotes.yaml: -: -: file is missing",
        f"data/conflicts.yaml:{field_line}: conflicts/which-contingent-was-third: "
        "claims.0.field: contingents/ke-217-january-2025 has no evidence that supports 'colour'",
    ]


def test_validation_reads_each_file_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """One read per file feeds the YAML parser, the stored-text checks and the version."""
    reads: Counter[str] = Counter()
    original = Path.read_bytes

    def counting(self: Path) -> bytes:
        reads[self.relative_to(DATA_DIR.resolve()).as_posix()] += 1
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    validate_dir(DATA_DIR)
    files = {p.relative_to(DATA_DIR).as_posix() for p in DATA_DIR.rglob("*") if p.is_file()}
    assert set(reads) == files
    assert set(reads.values()) == {1}
