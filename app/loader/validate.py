"""Validate a data directory: every file, every record, every reference and excerpt.

`validate_dir` reports every problem at once, each placed at a file, line, record and
field; only when there are none does it return the records, with each excerpt's offsets
found in its stored source text.
"""

import functools
import hashlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from pydantic import ValidationError

import app
from app.loader import checks, redirects
from app.loader.bulk import collector_paused
from app.loader.checks import Findings, Place
from app.loader.dataset import Cited, Dataset
from app.loader.progress import NO_PROGRESS, Progress
from app.loader.schema import (
    CONFLICTS,
    CONTINGENTS,
    DECISIONS,
    EVENTS,
    FILES,
    MISSIONS,
    NATIONS,
    OFFICIALS,
    ORGANISATIONS,
    PLEDGES,
    QUOTES,
    SOURCES,
    STRENGTH,
    FileSpec,
    RecordT,
    SourceIn,
)
from app.loader.yamlfile import LoadedYaml, Problem, YamlRefused, parse_yaml

__all__ = [
    "Cited",
    "Dataset",
    "Problem",
    "ValidationFailed",
    "dataset_version",
    "summary_lines",
    "validate_dir",
]

# What YAML 1.2 allows in a stream (tab, newlines and printable characters); anything else,
# NUL above all, is refused before parsing, at its line.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Control characters a double-quoted YAML string could still spell as escapes ("\0").
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ValidationFailed(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


class DataFiles:
    """Every file under a data directory, each read once: its hash is taken as it is read
    (for the dataset version), and its bytes are handed to whoever parses or checks it,
    then let go."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.sizes: dict[str, int] = {}
        self.errors: dict[str, OSError] = {}
        self._content: dict[str, bytes] = {}
        self._digests: dict[str, bytes] = {}
        for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
            name = path.relative_to(data_dir).as_posix()
            try:
                raw = path.read_bytes()
            except OSError as exc:
                self.errors[name] = exc
                continue
            self._content[name] = raw
            self._digests[name] = hashlib.sha256(raw).digest()
            self.sizes[name] = len(raw)

    def take(self, name: str) -> bytes | None:
        """The file's bytes (None if there is no such file), for its one reader."""
        return self._content.pop(name, None)

    def version(self) -> str:
        """A content hash of every file (names and bytes) and of the code that compiles
        them (`code_digest`), 16 hex digits; OSError if a file could not be read."""
        if self.errors:
            raise next(iter(self.errors.values()))
        digest = hashlib.sha256(code_digest())
        for name, file_digest in self._digests.items():
            digest.update(name.encode() + b"\0")
            digest.update(file_digest)
        return digest.hexdigest()[:16]


def dataset_version(data_dir: Path) -> str:
    """The version `validate_dir` gives `data_dir`'s files: a content hash of every file
    (names and bytes) and of the code that compiles them, 16 hex digits."""
    return DataFiles(data_dir).version()


@functools.cache
def code_digest(package: Path = Path(app.__file__).parent) -> bytes:
    """A hash of the package's Python source (each module's path and bytes).

    It is part of the dataset version because the code decides what the database holds:
    the stored documents, the search rows, the dumps. A release of the code that changes
    any of them therefore changes the version, so the next load of unchanged files
    re-renders everything (and ETags and `?version=` permalinks name what is served)
    instead of keeping documents an older release compiled.
    """
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.digest()


def _unreadable(raw: bytes) -> tuple[int, str] | None:
    """(line, reason) if `raw` is not UTF-8 text that YAML may contain, else None."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return line, f"not UTF-8: byte 0x{raw[exc.start]:02x} ({exc.reason})"
    bad = _NOT_PRINTABLE.search(text)
    if bad is None:
        return None
    line = text.count("\n", 0, bad.start()) + 1
    column = bad.start() - text.rfind("\n", 0, bad.start())
    return (
        line,
        f"character U+{ord(bad.group()):04X} (column {column}) is not allowed in a data file",
    )


def _strings(
    node: object, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string (keys included) in a parsed document, with its path."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*path, key), str(key)
            yield from _strings(value, (*path, key))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _strings(item, (*path, i))
    elif isinstance(node, str):
        yield path, node


def _read(files: DataFiles, name: str, rel: str, findings: Findings) -> LoadedYaml | None:
    """Parse one file, or report why it cannot be read and return None."""
    if name in files.errors:
        findings.in_file(rel, None, f"cannot read: {files.errors[name].strerror}")
        return None
    raw = files.take(name)
    if raw is None:
        path = files.data_dir / name
        findings.in_file(rel, None, "file is missing" if not path.exists() else "not a file")
        return None
    unreadable = _unreadable(raw)
    if unreadable is not None:
        findings.in_file(rel, *unreadable)
        return None
    try:
        loaded = parse_yaml(raw)
    except YamlRefused as exc:
        findings.in_file(rel, exc.line, exc.reason)
        return None
    except (OSError, RecursionError, ValueError) as exc:
        findings.in_file(rel, None, f"cannot parse: {type(exc).__name__}: {exc}")
        return None
    refused = False
    # The bytes hold no control character (checked above), so only an escape ("\0") can
    # put one in a string: without a backslash there is nothing to look for.
    for where, text in _strings(loaded.data) if b"\\" in raw else ():
        if bad := _CONTROL.search(text):
            refused = True
            findings.in_file(
                rel,
                loaded.line_of(where),
                f"control character U+{ord(bad.group()):04X} in a string is not allowed",
            )
    return None if refused else loaded


def _records(files: DataFiles, spec: FileSpec[RecordT], findings: Findings) -> list[RecordT]:
    """The valid records of one file; each record's place is noted, valid or not."""
    rel = f"{files.data_dir.name}/{spec.name}"
    records = _parse(files, rel, spec, findings)
    if records is None:
        findings.unread.add(spec.kind)
        return []
    return records


def _parse(
    files: DataFiles, rel: str, spec: FileSpec[RecordT], findings: Findings
) -> list[RecordT] | None:
    """The valid records of one file, or None if the file itself cannot be read."""
    loaded = _read(files, spec.name, rel, findings)
    if loaded is None:
        return None
    doc = loaded.data
    if not isinstance(doc, dict):
        found = "an empty file" if doc is None else f"a {type(doc).__name__}"
        findings.in_file(rel, 1, f"expected one top-level key {spec.top!r}, found {found}")
        return None
    for other in sorted(set(doc) - {spec.top}):
        findings.in_file(
            rel,
            loaded.line_of((other,)),
            f"unknown top-level key {other!r}: expected only {spec.top!r}",
        )
    if spec.top not in doc:
        if not set(doc) - {spec.top}:
            findings.in_file(rel, 1, f"expected one top-level key {spec.top!r}")
        return None
    items = doc[spec.top]
    if not isinstance(items, list):
        found = "nothing" if items is None else f"a {type(items).__name__}"
        findings.in_file(
            rel,
            loaded.line_of((spec.top,)),
            f"{spec.top}: expected a list of records, found {found}",
        )
        return None
    records: list[RecordT] = []
    lines = loaded.without_data()  # places outlive the file's parsed values
    for index, raw in enumerate(items):
        value = raw.get(spec.key_field) if isinstance(raw, dict) else None
        key = str(value) if value is not None else f"#{index + 1}"
        if not findings.place(spec.kind, key, Place(rel, lines, (spec.top, index)), spec.key_field):
            continue
        try:
            records.append(spec.model.model_validate(raw))
        except ValidationError as exc:
            for err in exc.errors():
                fld = ".".join(str(part) for part in err["loc"]) or None
                findings.add(spec.kind, key, fld, err["msg"])
    return records


def _read_source_texts(
    files: DataFiles, sources: list[SourceIn], findings: Findings
) -> dict[str, str]:
    texts: dict[str, str] = {}
    for source in sources:
        if source.text_file is None:
            continue
        name = Path(source.text_file).as_posix()
        if name in files.errors:
            findings.add(
                "sources",
                source.slug,
                "text_file",
                f"cannot read {source.text_file}: {files.errors[name].strerror}",
            )
            continue
        raw = files.take(name)
        if raw is None:
            findings.add("sources", source.slug, "text_file", f"{source.text_file} not found")
            continue
        actual = hashlib.sha256(raw).hexdigest()
        if actual != source.sha256:
            findings.add(
                "sources",
                source.slug,
                "sha256",
                f"checksum mismatch: {source.text_file} has {actual}, expected {source.sha256}",
            )
            continue
        unreadable = _unreadable(raw)
        if unreadable is not None:
            line, reason = unreadable
            findings.add(
                "sources", source.slug, "text_file", f"{source.text_file}, line {line}: {reason}"
            )
            continue
        texts[source.slug] = raw.decode("utf-8")
    return texts


@collector_paused()
def validate_dir(data_dir: Path, progress: Progress = NO_PROGRESS) -> Dataset:
    """Validate `data_dir`; raise ValidationFailed listing every problem found.

    `progress` is told of one phase, "validate", counted in bytes of the files read."""
    data_dir = data_dir.resolve()
    if not data_dir.is_dir():
        reason = "not a directory" if data_dir.exists() else "no such directory"
        raise ValidationFailed([Problem(str(data_dir), None, None, None, reason)])
    files = DataFiles(data_dir)
    total = sum(files.sizes.get(spec.name, 0) for spec in FILES)
    with progress.phase("validate", total=total, unit="bytes") as advance:
        return _validate(files, lambda name: advance(files.sizes.get(name, 0)))


def _validate(files: DataFiles, read: Callable[[str], None]) -> Dataset:
    findings = Findings()
    data_dir = files.data_dir

    def records(spec: FileSpec[RecordT]) -> list[RecordT]:
        found = _records(files, spec, findings)
        read(spec.name)
        return found

    ds = Dataset(
        version="",
        sources=records(SOURCES),
        nations=records(NATIONS),
        organisations=records(ORGANISATIONS),
        officials=records(OFFICIALS),
        missions=records(MISSIONS),
        decisions=records(DECISIONS),
        strength=records(STRENGTH),
        pledges=records(PLEDGES),
        events=records(EVENTS),
        contingents=records(CONTINGENTS),
        quotes=records(QUOTES),
        conflicts=records(CONFLICTS),
    )
    ds.source_texts = _read_source_texts(files, ds.sources, findings)
    checks.check_evidence(ds, checks.evidence_targets(ds, findings), findings)
    checks.check_references(ds, findings)
    checks.check_conflicts(ds, findings)
    checks.check_quotes(ds, findings)
    checks.check_quantities(ds, findings)
    if (data_dir / redirects.FILE_NAME).exists():
        rel = f"{data_dir.name}/{redirects.FILE_NAME}"
        loaded = _read(files, redirects.FILE_NAME, rel, findings)
        ds.redirects = redirects.read_redirects(data_dir, ds, findings, loaded)
    if not findings.problems:
        try:
            ds.version = files.version()
        except OSError as exc:
            findings.in_file(str(exc.filename or data_dir), None, f"cannot read: {exc.strerror}")
    if findings.problems:
        raise ValidationFailed(_in_file_order(data_dir, findings.problems))
    return ds


def _in_file_order(data_dir: Path, problems: list[Problem]) -> list[Problem]:
    """Problems by file (in load order), then line; the sort is stable within a line."""
    order = {f"{data_dir.name}/{spec.name}": n for n, spec in enumerate(FILES)}
    return sorted(problems, key=lambda p: (order.get(p.file, len(order)), p.line or 0))


def summary_lines(ds: Dataset) -> list[str]:
    counts = ds.counts()
    ev = ds.evidence_counts()
    width = max(len(k) for k in counts)
    lines = [f"dataset {ds.version}: valid"]
    lines += [f"  {kind:<{width}}  {n:>4}" for kind, n in counts.items()]
    lines.append(f"  excerpts verified in stored text: {ev['excerpts_verified']}")
    lines.append(f"  citations of unstored sources (unverified): {ev['citations_unverified']}")
    return lines
