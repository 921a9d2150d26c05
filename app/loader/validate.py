"""Validate a data directory: every file, every record, every reference and excerpt.

`validate_dir` reports every problem at once; only when there are none does it return
the records, with each excerpt's offsets found in its stored source text.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from app.loader.schema import (
    FILES,
    ConflictIn,
    ContingentIn,
    EventIn,
    EvidenceIn,
    MissionIn,
    NationIn,
    OrganisationIn,
    PersonIn,
    QuoteIn,
    SourceIn,
    Strict,
)
from app.loader.yamlfile import Problem, YamlRefused, read_yaml

# Record kinds as the API names them: references in data files use these.
KIND_OF_FILE = {
    "sources.yaml": "sources",
    "nations.yaml": "nations",
    "organisations.yaml": "organisations",
    "people.yaml": "officials",
    "missions.yaml": "missions",
    "events.yaml": "events",
    "contingents.yaml": "contingents",
    "quotes.yaml": "quotes",
    "conflicts.yaml": "conflicts",
}


@dataclass(frozen=True)
class Cited:
    """A record's evidence entry after checking: offsets set when the excerpt was found."""

    source: str
    excerpt: str | None
    start: int | None
    end: int | None
    claim: str | None
    verified: bool
    supports: tuple[str, ...]


@dataclass
class Dataset:
    """Everything in a data directory, validated, ready for the database."""

    version: str
    sources: list[SourceIn] = field(default_factory=list)
    source_texts: dict[str, str] = field(default_factory=dict)
    nations: list[NationIn] = field(default_factory=list)
    organisations: list[OrganisationIn] = field(default_factory=list)
    people: list[PersonIn] = field(default_factory=list)
    missions: list[MissionIn] = field(default_factory=list)
    events: list[EventIn] = field(default_factory=list)
    contingents: list[ContingentIn] = field(default_factory=list)
    quotes: list[QuoteIn] = field(default_factory=list)
    conflicts: list[ConflictIn] = field(default_factory=list)
    # (record kind, record key) -> checked evidence, in file order.
    evidence: dict[tuple[str, str], list[Cited]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {
            "sources": len(self.sources),
            "nations": len(self.nations),
            "organisations": len(self.organisations),
            "officials": len(self.people),
            "positions": sum(len(p.positions) for p in self.people),
            "missions": len(self.missions),
            "participations": sum(len(m.participations) for m in self.missions),
            "figures": sum(len(p.figures) for m in self.missions for p in m.participations),
            "contingents": len(self.contingents),
            "quotes": len(self.quotes),
            "events": len(self.events),
            "conflicts": len(self.conflicts),
        }

    def evidence_counts(self) -> dict[str, int]:
        cited = [c for items in self.evidence.values() for c in items]
        return {
            "excerpts_verified": sum(c.verified for c in cited),
            "citations_unverified": sum(not c.verified for c in cited),
        }


class ValidationFailed(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def dataset_version(data_dir: Path) -> str:
    """A content hash of every file under `data_dir` (names and bytes), 16 hex digits."""
    digest = hashlib.sha256()
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(data_dir).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def _field_path(loc: tuple[str | int, ...]) -> str:
    return ".".join(str(part) for part in loc) or "-"


def _model_fields(model: type[BaseModel]) -> set[str]:
    return set(model.model_fields) - {"evidence", "slug", "code"}


@dataclass
class _Checker:
    """Collects problems while cross-checking parsed records."""

    data_dir: Path
    problems: list[Problem] = field(default_factory=list)
    lines: dict[tuple[str, str], tuple[str, int | None]] = field(default_factory=dict)

    def add(self, kind: str, key: str | None, fld: str | None, reason: str) -> None:
        file, line = self.lines.get((kind, key or ""), (f"data/{kind}", None))
        self.problems.append(Problem(file, line, f"{kind}/{key}" if key else None, fld, reason))


def _parse_files(data_dir: Path, checker: _Checker) -> dict[str, list[Strict]]:
    parsed: dict[str, list[Strict]] = {}
    for name, (top, model, key_field) in FILES.items():
        kind = KIND_OF_FILE[name]
        rel = f"{data_dir.name}/{name}"
        parsed[name] = []
        path = data_dir / name
        if not path.is_file():
            checker.problems.append(Problem(rel, None, None, None, "file is missing"))
            continue
        try:
            loaded = read_yaml(path)
        except YamlRefused as exc:
            checker.problems.append(Problem(rel, exc.line, None, None, exc.reason))
            continue
        doc = loaded.data
        if not isinstance(doc, dict) or set(doc) != {top}:
            keys = sorted(doc) if isinstance(doc, dict) else type(doc).__name__
            checker.problems.append(
                Problem(rel, 1, None, None, f"expected one top-level key {top!r}, found {keys}")
            )
            continue
        records = doc[top]
        if not isinstance(records, list):
            checker.problems.append(
                Problem(rel, loaded.line_of((top,)), None, top, "expected a list of records")
            )
            continue
        seen: Counter[str] = Counter()
        for index, raw in enumerate(records):
            key = str(raw.get(key_field)) if isinstance(raw, dict) else f"#{index + 1}"
            line = loaded.line_of((top, index))
            seen[key] += 1
            if seen[key] > 1:
                checker.problems.append(
                    Problem(rel, line, f"{kind}/{key}", key_field, f"duplicate {key_field}")
                )
                continue
            checker.lines[(kind, key)] = (rel, line)
            try:
                parsed[name].append(model.model_validate(raw))
            except ValidationError as exc:
                for err in exc.errors():
                    loc = tuple(err["loc"])
                    checker.problems.append(
                        Problem(
                            rel,
                            loaded.line_of((top, index, *loc)) or line,
                            f"{kind}/{key}",
                            _field_path(loc),
                            err["msg"],
                        )
                    )
    return parsed


def _read_source_texts(
    data_dir: Path, sources: list[SourceIn], checker: _Checker
) -> dict[str, str]:
    texts: dict[str, str] = {}
    for source in sources:
        if source.text_file is None:
            continue
        path = data_dir / source.text_file
        if not path.is_file():
            checker.add("sources", source.slug, "text_file", f"{source.text_file} not found")
            continue
        raw = path.read_bytes()
        actual = hashlib.sha256(raw).hexdigest()
        if actual != source.sha256:
            checker.add(
                "sources",
                source.slug,
                "sha256",
                f"checksum mismatch: {source.text_file} has {actual}, expected {source.sha256}",
            )
            continue
        texts[source.slug] = raw.decode("utf-8")
    return texts


def _check_evidence(
    kind: str,
    key: str,
    items: list[EvidenceIn],
    allowed_fields: set[str],
    texts: dict[str, str],
    stored: set[str],
    known_sources: set[str],
    checker: _Checker,
) -> list[Cited]:
    cited: list[Cited] = []
    for n, item in enumerate(items):
        where = f"evidence.{n}"
        for name in item.supports:
            if name not in allowed_fields:
                checker.add(kind, key, f"{where}.supports", f"{name!r} is not a field of {kind}")
        if item.source not in known_sources:
            checker.add(kind, key, f"{where}.source", f"unknown source {item.source!r}")
            continue
        if item.source in stored:
            if item.excerpt is None:
                checker.add(
                    kind, key, where, f"source {item.source!r} has stored text: give an excerpt"
                )
                continue
            text = texts.get(item.source)
            if text is None:
                continue  # the source's own problem is already reported
            start = text.find(item.excerpt)
            if start < 0:
                checker.add(
                    kind,
                    key,
                    f"{where}.excerpt",
                    f"excerpt not found in source {item.source!r}: {item.excerpt[:60]!r}",
                )
                continue
            cited.append(
                Cited(
                    item.source,
                    item.excerpt,
                    start,
                    start + len(item.excerpt),
                    None,
                    True,
                    tuple(item.supports),
                )
            )
        else:
            if item.excerpt is not None:
                checker.add(
                    kind,
                    key,
                    f"{where}.excerpt",
                    f"source {item.source!r} has no stored text to verify an excerpt: give a claim",
                )
                continue
            cited.append(
                Cited(item.source, None, None, None, item.claim, False, tuple(item.supports))
            )
    return cited


def _cross_check(ds: Dataset, checker: _Checker) -> None:
    nations = {n.code for n in ds.nations}
    orgs = {o.slug for o in ds.organisations}
    people = {p.slug for p in ds.people}
    missions = {m.slug for m in ds.missions}
    events = {e.slug for e in ds.events}
    keys: dict[str, set[str]] = {
        "nations": nations,
        "organisations": orgs,
        "officials": people,
        "missions": missions,
        "events": events,
        "contingents": {c.slug for c in ds.contingents},
        "quotes": {q.slug for q in ds.quotes},
        "sources": {s.slug for s in ds.sources},
    }

    def ref(kind: str, key: str, fld: str, target: str, value: str | None) -> None:
        if value is not None and value not in keys[target]:
            checker.add(kind, key, fld, f"refers to {target}/{value}, which does not exist")

    for org in ds.organisations:
        ref("organisations", org.slug, "nation", "nations", org.nation)
    for person in ds.people:
        ref("officials", person.slug, "nation", "nations", person.nation)
        for i, pos in enumerate(person.positions):
            ref(
                "officials",
                person.slug,
                f"positions.{i}.organisation",
                "organisations",
                pos.organisation,
            )
            ref("officials", person.slug, f"positions.{i}.nation", "nations", pos.nation)
    for mission in ds.missions:
        ref("missions", mission.slug, "host_nation", "nations", mission.host_nation)
        ref("missions", mission.slug, "lead_nation", "nations", mission.lead_nation)
        ref("missions", mission.slug, "authorised_by", "organisations", mission.authorised_by)
        ref(
            "missions",
            mission.slug,
            "partner_organisation",
            "organisations",
            mission.partner_organisation,
        )
        for i, part in enumerate(mission.participations):
            ref("missions", mission.slug, f"participations.{i}.nation", "nations", part.nation)
    for c in ds.contingents:
        ref("contingents", c.slug, "mission", "missions", c.mission)
        ref("contingents", c.slug, "nation", "nations", c.nation)
        for i, escort in enumerate(c.escorts):
            ref("contingents", c.slug, f"escorts.{i}", "officials", escort)
    for q in ds.quotes:
        ref("quotes", q.slug, "speaker.person", "officials", q.speaker.person)
        ref("quotes", q.slug, "speaker.organisation", "organisations", q.speaker.organisation)
        ref("quotes", q.slug, "event", "events", q.event)
    for e in ds.events:
        for i, target in enumerate(e.involves):
            kind, _, key = target.partition("/")
            if kind not in keys:
                checker.add("events", e.slug, f"involves.{i}", f"unknown record kind {kind!r}")
            else:
                ref("events", e.slug, f"involves.{i}", kind, key)
    for conflict in ds.conflicts:
        for i, claim in enumerate(conflict.claims):
            kind, _, key = claim.record.partition("/")
            if kind not in keys or key not in keys[kind]:
                checker.add(
                    "conflicts",
                    conflict.slug,
                    f"claims.{i}.record",
                    f"refers to {claim.record}, which does not exist",
                )
                continue
            backing = [c for c in ds.evidence.get((kind, key), []) if claim.field in c.supports]
            if not backing:
                checker.add(
                    "conflicts",
                    conflict.slug,
                    f"claims.{i}.field",
                    f"{claim.record} has no evidence that supports {claim.field!r}",
                )

    # Every sentence of a quote must be inside the excerpts that cite it.
    for q in ds.quotes:
        excerpts = [c.excerpt for c in ds.evidence.get(("quotes", q.slug), []) if c.excerpt]
        if excerpts and not any(q.text in excerpt for excerpt in excerpts):
            checker.add("quotes", q.slug, "text", "quote text is not inside any of its excerpts")


def _evidence_targets(ds: Dataset) -> list[tuple[str, str, list[EvidenceIn], set[str]]]:
    """Every (kind, key, evidence, citable fields) in the dataset, nested records included."""
    out: list[tuple[str, str, list[EvidenceIn], set[str]]] = []
    for kind, records, model in (
        ("nations", ds.nations, NationIn),
        ("organisations", ds.organisations, OrganisationIn),
        ("officials", ds.people, PersonIn),
        ("missions", ds.missions, MissionIn),
        ("events", ds.events, EventIn),
        ("contingents", ds.contingents, ContingentIn),
        ("quotes", ds.quotes, QuoteIn),
    ):
        fields = _model_fields(model)
        for record in records:
            key = str(getattr(record, "code", None) or record.slug)  # type: ignore[attr-defined]
            out.append((kind, key, list(record.evidence), fields))  # type: ignore[attr-defined]
    for person in ds.people:
        for i, pos in enumerate(person.positions):
            out.append(
                (
                    "positions",
                    f"{person.slug}-{i + 1}",
                    list(pos.evidence),
                    {"title", "organisation", "nation", "current"},
                )
            )
    for mission in ds.missions:
        for part in mission.participations:
            out.append(
                (
                    "participations",
                    part.slug,
                    list(part.evidence),
                    {"nation", "role", "description"},
                )
            )
            for fig in part.figures:
                out.append(
                    (
                        "figures",
                        fig.slug,
                        list(fig.evidence),
                        {"value", "qualifier", "unit", "as_of"},
                    )
                )
    return out


def validate_dir(data_dir: Path) -> Dataset:
    """Validate `data_dir`; raise ValidationFailed listing every problem found."""
    data_dir = data_dir.resolve()
    checker = _Checker(data_dir)
    parsed = _parse_files(data_dir, checker)
    ds = Dataset(version=dataset_version(data_dir))
    ds.sources = parsed["sources.yaml"]  # type: ignore[assignment]
    ds.nations = parsed["nations.yaml"]  # type: ignore[assignment]
    ds.organisations = parsed["organisations.yaml"]  # type: ignore[assignment]
    ds.people = parsed["people.yaml"]  # type: ignore[assignment]
    ds.missions = parsed["missions.yaml"]  # type: ignore[assignment]
    ds.events = parsed["events.yaml"]  # type: ignore[assignment]
    ds.contingents = parsed["contingents.yaml"]  # type: ignore[assignment]
    ds.quotes = parsed["quotes.yaml"]  # type: ignore[assignment]
    ds.conflicts = parsed["conflicts.yaml"]  # type: ignore[assignment]

    ds.source_texts = _read_source_texts(data_dir, ds.sources, checker)
    stored = {s.slug for s in ds.sources if s.text_file is not None}
    known = {s.slug for s in ds.sources}

    nested: Counter[tuple[str, str]] = Counter()
    for kind, key, items, fields in _evidence_targets(ds):
        nested[(kind, key)] += 1
        if nested[(kind, key)] > 1:
            checker.add(kind, key, "slug", f"duplicate slug {key!r} among {kind}")
        ds.evidence[(kind, key)] = _check_evidence(
            kind, key, items, fields, ds.source_texts, stored, known, checker
        )
    _cross_check(ds, checker)
    if checker.problems:
        raise ValidationFailed(checker.problems)
    return ds


def summary_lines(ds: Dataset) -> list[str]:
    counts = ds.counts()
    ev = ds.evidence_counts()
    width = max(len(k) for k in counts)
    lines = [f"dataset {ds.version}: valid"]
    lines += [f"  {kind:<{width}}  {n:>4}" for kind, n in counts.items()]
    lines.append(f"  excerpts verified in stored text: {ev['excerpts_verified']}")
    lines.append(f"  citations of unstored sources (unverified): {ev['citations_unverified']}")
    return lines
