"""Checks across records, after each file has parsed: evidence against its sources,
references between records, conflicts, quotes, and figures against the words of their
evidence. Every problem is placed at the line of the field it concerns."""

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from pydantic import BaseModel

from app.loader.dataset import Cited, Dataset
from app.loader.schema import (
    FILES,
    ContingentIn,
    DecisionIn,
    EventIn,
    EvidenceIn,
    MissionIn,
    NationIn,
    OfficialIn,
    OrganisationIn,
    PledgeIn,
    QuoteIn,
    StrengthIn,
)
from app.loader.yamlfile import LoadedYaml, Problem
from app.models.common import Qualifier, Quantity

# Every kind a reference may name: one per file, and the records nested in them.
RECORD_KINDS = (*(spec.kind for spec in FILES), "positions", "participations", "claims")


def _steps(fld: str | None) -> tuple[str | int, ...]:
    """A dotted field path ("evidence.0.excerpt") as YAML path steps."""
    if not fld:
        return ()
    return tuple(int(part) if part.isdigit() else part for part in fld.split("."))


@dataclass(frozen=True)
class Place:
    """Where a record is written: its file and its path inside the YAML document."""

    file: str
    yaml: LoadedYaml
    path: tuple[str | int, ...]

    def line(self, fld: str | None = None) -> int | None:
        return self.yaml.line_of(self.path + _steps(fld))

    def child(self, *steps: str | int) -> "Place":
        return Place(self.file, self.yaml, self.path + steps)


@dataclass
class Findings:
    """The problems found so far, and where each record is written so they can be placed."""

    problems: list[Problem] = field(default_factory=list)
    places: dict[tuple[str, str], Place] = field(default_factory=dict)
    # Kinds whose file could not be read: references to them cannot be checked.
    unread: set[str] = field(default_factory=set)
    # Records with a citation that was refused: what their evidence supports is not known.
    incomplete: set[tuple[str, str]] = field(default_factory=set)

    def in_file(self, file: str, line: int | None, reason: str) -> None:
        self.problems.append(Problem(file, line, None, None, _one_line(reason)))

    def place(self, kind: str, key: str, where: Place, key_field: str = "slug") -> bool:
        """Record where (kind, key) is written; False (and a problem) if it already is."""
        first = self.places.get((kind, key))
        if first is not None:
            self.problems.append(
                Problem(
                    where.file,
                    where.line(key_field),
                    f"{kind}/{key}",
                    key_field,
                    f"duplicate {key_field} {key!r} among {kind} "
                    f"(first at {first.file}:{first.line(key_field)})",
                )
            )
            return False
        self.places[(kind, key)] = where
        return True

    def add(self, kind: str, key: str, fld: str | None, reason: str) -> None:
        where = self.places[(kind, key)]
        self.problems.append(
            Problem(where.file, where.line(fld), f"{kind}/{key}", fld, _one_line(reason))
        )

    def keys(self) -> dict[str, set[str]]:
        """Every record key written in the files, valid or not, by kind (every kind listed)."""
        out: dict[str, set[str]] = {kind: set() for kind in RECORD_KINDS}
        for kind, key in self.places:
            out[kind].add(key)
        return out


def _one_line(reason: str) -> str:
    return " ".join(reason.split())


# --- Evidence ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A record that carries evidence, with the fields its evidence may say it supports."""

    kind: str
    key: str
    evidence: list[EvidenceIn]
    fields: frozenset[str]


def _fields(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(model.model_fields) - {"evidence", "slug", "code"}


def evidence_targets(ds: Dataset, findings: Findings) -> list[Target]:
    """Every record with evidence, nested ones included; places nested records as it goes
    (a nested slug used twice is a problem, and its second use is left out)."""
    out = [Target("nations", n.code, n.evidence, _fields(NationIn)) for n in ds.nations]
    out += [
        Target("organisations", o.slug, o.evidence, _fields(OrganisationIn))
        for o in ds.organisations
    ]
    out += [Target("officials", p.slug, p.evidence, _fields(OfficialIn)) for p in ds.officials]
    out += [Target("missions", m.slug, m.evidence, _fields(MissionIn)) for m in ds.missions]
    out += [Target("events", e.slug, e.evidence, _fields(EventIn)) for e in ds.events]
    out += [
        Target("contingents", c.slug, c.evidence, _fields(ContingentIn)) for c in ds.contingents
    ]
    out += [Target("quotes", q.slug, q.evidence, _fields(QuoteIn)) for q in ds.quotes]
    out += [Target("decisions", d.slug, d.evidence, _fields(DecisionIn)) for d in ds.decisions]
    out += [Target("strength", f.slug, f.evidence, _fields(StrengthIn)) for f in ds.strength]
    out += [Target("pledges", p.slug, p.evidence, _fields(PledgeIn)) for p in ds.pledges]
    for conflict in ds.conflicts:
        parent = findings.places[("conflicts", conflict.slug)]
        for i, claim in enumerate(conflict.claims):
            if claim.evidence:
                key = f"{conflict.slug}/{i + 1}"
                if findings.place("claims", key, parent.child("claims", i)):
                    out.append(Target("claims", key, claim.evidence, frozenset({"value"})))
    for official in ds.officials:
        parent = findings.places[("officials", official.slug)]
        for i, pos in enumerate(official.positions):
            key = f"{official.slug}-{i + 1}"
            if findings.place("positions", key, parent.child("positions", i)):
                fields = frozenset({"title", "organisation", "nation", "current"})
                out.append(Target("positions", key, pos.evidence, fields))
    for mission in ds.missions:
        parent = findings.places[("missions", mission.slug)]
        for i, part in enumerate(mission.participations):
            where = parent.child("participations", i)
            if findings.place("participations", part.slug, where):
                fields = frozenset({"nation", "role", "description"})
                out.append(Target("participations", part.slug, part.evidence, fields))
    return out


def check_evidence(ds: Dataset, targets: Iterable[Target], findings: Findings) -> None:
    """Check every citation; fill `ds.evidence` with the excerpts' offsets in their texts."""
    if "sources" in findings.unread:
        return  # no citation can be checked; the sources file's problem says why
    stored = {s.slug for s in ds.sources if s.text_file is not None}
    written = findings.keys()["sources"]
    valid = {s.slug for s in ds.sources}
    for target in targets:
        checked: list[Cited] = []
        for n, item in enumerate(target.evidence):
            if item.source in written and item.source not in valid:
                continue  # an invalid source: its own problem says what is wrong with it
            cited = _check_one(ds, target, n, item, stored, written, findings)
            if cited is not None:
                checked.append(cited)
        ds.evidence[(target.kind, target.key)] = checked
        if len(checked) < len(target.evidence):
            findings.incomplete.add((target.kind, target.key))


def _check_one(
    ds: Dataset,
    target: Target,
    n: int,
    item: EvidenceIn,
    stored: set[str],
    known: set[str],
    findings: Findings,
) -> Cited | None:
    kind, key, where = target.kind, target.key, f"evidence.{n}"
    for i, name in enumerate(item.supports):
        if name not in target.fields:
            findings.add(kind, key, f"{where}.supports.{i}", f"{name!r} is not a field of {kind}")
    if item.source not in known:
        findings.add(
            kind, key, f"{where}.source", f"refers to sources/{item.source}, which does not exist"
        )
        return None
    supports = tuple(item.supports)
    if item.source not in stored:
        if item.excerpt is not None:
            findings.add(
                kind,
                key,
                f"{where}.excerpt",
                f"source {item.source!r} has no stored text to verify an excerpt: give a claim",
            )
            return None
        return Cited(item.source, None, None, None, item.claim, False, supports)
    if item.excerpt is None:
        findings.add(
            kind,
            key,
            f"{where}.claim",
            f"source {item.source!r} has stored text: give the exact excerpt, not a claim",
        )
        return None
    text = ds.source_texts.get(item.source)
    if text is None:
        return None  # the source's own problem (missing text, checksum) is already reported
    start = text.find(item.excerpt)
    if start < 0:
        findings.add(
            kind,
            key,
            f"{where}.excerpt",
            f"excerpt not found in source {item.source!r}: {_clip(item.excerpt)!r}",
        )
        return None
    return Cited(item.source, item.excerpt, start, start + len(item.excerpt), None, True, supports)


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# --- References ----------------------------------------------------------------------------


def check_references(ds: Dataset, findings: Findings) -> None:
    """Every reference names a record written in the files (an invalid record still counts
    as written: its own problem says what is wrong with it)."""
    keys = findings.keys()

    def ref(kind: str, key: str, fld: str, target: str, value: str | None) -> None:
        if target in findings.unread:
            return
        if value is not None and value not in keys[target]:
            findings.add(kind, key, fld, f"refers to {target}/{value}, which does not exist")

    def record_ref(kind: str, key: str, fld: str, value: str) -> None:
        target, _, target_key = value.partition("/")
        if target not in keys:
            findings.add(kind, key, fld, f"unknown record kind {target!r} in {value!r}")
        else:
            ref(kind, key, fld, target, target_key)

    for org in ds.organisations:
        ref("organisations", org.slug, "nation", "nations", org.nation)
    for official in ds.officials:
        ref("officials", official.slug, "nation", "nations", official.nation)
        for i, pos in enumerate(official.positions):
            organisation = f"positions.{i}.organisation"
            ref("officials", official.slug, organisation, "organisations", pos.organisation)
            ref("officials", official.slug, f"positions.{i}.nation", "nations", pos.nation)
    for m in ds.missions:
        ref("missions", m.slug, "host_nation", "nations", m.host_nation)
        ref("missions", m.slug, "lead_nation", "nations", m.lead_nation)
        ref("missions", m.slug, "authorised_by", "organisations", m.authorised_by)
        ref("missions", m.slug, "predecessor", "missions", m.predecessor)
        if m.predecessor == m.slug:
            findings.add("missions", m.slug, "predecessor", "a mission cannot succeed itself")
        partner = m.partner_organisation
        ref("missions", m.slug, "partner_organisation", "organisations", partner)
        for i, part in enumerate(m.participations):
            ref("missions", m.slug, f"participations.{i}.nation", "nations", part.nation)
    # Participations are written inside missions: those of an invalid mission are unknown.
    missions_invalid = len(keys["missions"]) != len(ds.missions)
    participation_nation = {
        part.slug: part.nation for m in ds.missions for part in m.participations
    }
    for f in ds.strength:
        ref("strength", f.slug, "mission", "missions", f.mission)
        ref("strength", f.slug, "nation", "nations", f.nation)
        if not missions_invalid:
            ref("strength", f.slug, "participation", "participations", f.participation)
        counted = participation_nation.get(f.participation or "")
        if counted is not None and counted != f.nation:
            findings.add(
                "strength",
                f.slug,
                "nation",
                f"participation {f.participation} is {counted}'s, not {f.nation}'s",
            )
        if f.service is not None and f.nation is None:
            findings.add("strength", f.slug, "service", "a service's figure names its nation")
    for d in ds.decisions:
        ref("decisions", d.slug, "mission", "missions", d.mission)
        ref("decisions", d.slug, "body", "organisations", d.body)
        for i, code in enumerate(d.vote.abstaining if d.vote else ()):
            ref("decisions", d.slug, f"vote.abstaining.{i}", "nations", code)
    for p in ds.pledges:
        ref("pledges", p.slug, "mission", "missions", p.mission)
        ref("pledges", p.slug, "nation", "nations", p.nation)
        ref("pledges", p.slug, "made_by", "officials", p.made_by)
    for c in ds.contingents:
        ref("contingents", c.slug, "mission", "missions", c.mission)
        ref("contingents", c.slug, "nation", "nations", c.nation)
        for i, escort in enumerate(c.escorts):
            ref("contingents", c.slug, f"escorts.{i}", "officials", escort)
    for q in ds.quotes:
        ref("quotes", q.slug, "speaker.official", "officials", q.speaker.official)
        ref("quotes", q.slug, "speaker.organisation", "organisations", q.speaker.organisation)
        ref("quotes", q.slug, "event", "events", q.event)
    for e in ds.events:
        for i, value in enumerate(e.involves):
            record_ref("events", e.slug, f"involves.{i}", value)
    for conflict in ds.conflicts:
        for i, claim in enumerate(conflict.claims):
            record_ref("conflicts", conflict.slug, f"claims.{i}.record", claim.record)


def check_conflicts(ds: Dataset, findings: Findings) -> None:
    """Each side of a conflict is backed by evidence of its record for the field it names,
    or, when it gives another value, by its own."""
    for conflict in ds.conflicts:
        for i, claim in enumerate(conflict.claims):
            if claim.evidence:
                continue  # another value, with its own (checked) evidence
            kind, _, key = claim.record.partition("/")
            if (kind, key) in findings.incomplete:
                continue  # a refused citation of the record's says what is wrong
            evidence = ds.evidence.get((kind, key))
            if evidence is None:
                continue  # no such (valid) record: reported by the record or the reference
            if not any(claim.field in c.supports for c in evidence):
                findings.add(
                    "conflicts",
                    conflict.slug,
                    f"claims.{i}.field",
                    f"{claim.record} has no evidence that supports {claim.field!r}",
                )


def check_quotes(ds: Dataset, findings: Findings) -> None:
    """A quote is word for word inside an excerpt that cites it."""
    for q in ds.quotes:
        excerpts = [c.excerpt for c in ds.evidence.get(("quotes", q.slug), []) if c.excerpt]
        if excerpts and not any(q.text in excerpt for excerpt in excerpts):
            findings.add("quotes", q.slug, "text", "quote text is not inside any of its excerpts")


# --- Quantities ----------------------------------------------------------------------------

# Words before a number that make it a bound or an estimate, and the qualifiers they allow.
_BOUND_WORDS: dict[str, frozenset[Qualifier]] = {
    **dict.fromkeys(
        ("over", "more than", "above", "in excess of", "upwards of"),
        frozenset({Qualifier.more_than}),
    ),
    **dict.fromkeys(
        ("at least", "no fewer than", "no less than", "a minimum of"),
        frozenset({Qualifier.at_least}),
    ),
    **dict.fromkeys(
        ("at most", "up to", "no more than", "a maximum of"), frozenset({Qualifier.at_most})
    ),
    **dict.fromkeys(
        ("fewer than", "less than", "under", "below"), frozenset({Qualifier.fewer_than})
    ),
    **dict.fromkeys(
        ("about", "around", "approximately", "roughly", "some", "close to", "an estimated"),
        frozenset({Qualifier.approximately}),
    ),
    **dict.fromkeys(
        ("nearly", "almost"),
        frozenset({Qualifier.approximately, Qualifier.fewer_than, Qualifier.at_most}),
    ),
}
_WORDS = "|".join(sorted((re.escape(w) for w in _BOUND_WORDS), key=len, reverse=True))


@functools.lru_cache(maxsize=4096)
def _bound_pattern(value: int) -> re.Pattern[str]:
    # Cached: compiling one pattern per record took longer than the rest of validation.
    number = "|".join(re.escape(form) for form in {str(value), f"{value:,}"})
    return re.compile(rf"\b({_WORDS})\s+(?:{number})(?![,.]?\d)", re.IGNORECASE)


def _bound_words(text: str, value: int) -> list[tuple[str, frozenset[Qualifier]]]:
    """Each "<bound word> <value>" in `text` ("over 600"), with the qualifiers it allows."""
    pattern = _bound_pattern(value)
    return [(m.group(0), _BOUND_WORDS[m.group(1).lower()]) for m in pattern.finditer(text)]


def _check_qualifier(
    kind: str,
    key: str,
    fld: str,
    value: int,
    qualifier: Qualifier,
    evidence: Iterable[Cited],
    findings: Findings,
) -> None:
    for cited in evidence:
        for words, allowed in _bound_words(cited.excerpt or cited.claim or "", value):
            if qualifier not in allowed:
                choices = " or ".join(sorted(allowed))
                findings.add(
                    kind,
                    key,
                    fld,
                    f'its evidence says "{words}", which is not {qualifier}: use {choices}',
                )
                return


def check_quantities(ds: Dataset, findings: Findings) -> None:
    """A number keeps the qualifier its evidence words: "over 600" is never 600 exact."""
    for fig in ds.strength:
        evidence = ds.evidence.get(("strength", fig.slug), [])
        _check_qualifier(
            "strength", fig.slug, "qualifier", fig.value, fig.qualifier, evidence, findings
        )
    counted: list[tuple[str, str, str, Quantity | None]] = [
        *(("contingents", c.slug, "personnel", c.personnel) for c in ds.contingents),
        *(("pledges", p.slug, "personnel", p.personnel) for p in ds.pledges),
        *(("decisions", d.slug, "personnel_ceiling", d.personnel_ceiling) for d in ds.decisions),
    ]
    for kind, key, fld, quantity in counted:
        if quantity is None:
            continue
        evidence = [
            cited
            for cited in ds.evidence.get((kind, key), [])
            if not cited.supports or fld in cited.supports
        ]
        _check_qualifier(
            kind, key, f"{fld}.qualifier", quantity.value, quantity.qualifier, evidence, findings
        )
