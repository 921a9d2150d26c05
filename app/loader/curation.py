"""What curators ask of a validated data directory: the facts that rest on one report,
what a source supports, the conflicts and their sides, and adding a source record."""

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from app.loader.dataset import Dataset
from app.loader.schema import SOURCES, SourceIn


@dataclass(frozen=True)
class Support:
    """A record, or one field of it, and the independent reports behind it."""

    record: str  # kind/key
    field: str | None  # None: the record as a whole
    origins: tuple[str, ...]  # wire story or source slug, each once

    def line(self) -> str:
        where = self.record + (f" {self.field}" if self.field else "")
        return f"{where}\t{len(self.origins)}\t{', '.join(self.origins)}"


def origins(ds: Dataset) -> dict[str, str]:
    """Each source's independent origin: its wire story, else itself."""
    return {s.slug: s.wire_story or s.slug for s in ds.sources}


def supports(ds: Dataset) -> Iterator[Support]:
    """Every record with evidence and every field its citations name, with their origins."""
    origin_of = origins(ds)
    for (kind, key), cited in ds.evidence.items():
        whole = tuple(sorted({origin_of.get(c.source, c.source) for c in cited}))
        yield Support(f"{kind}/{key}", None, whole)
        by_field: dict[str, set[str]] = defaultdict(set)
        for c in cited:
            for name in c.supports:
                by_field[name].add(origin_of.get(c.source, c.source))
        for name in sorted(by_field):
            yield Support(f"{kind}/{key}", name, tuple(sorted(by_field[name])))


def single_source(ds: Dataset) -> list[Support]:
    """The records and fields that only one independent report backs."""
    return [s for s in supports(ds) if len(s.origins) == 1]


def cited_by(ds: Dataset, source: str) -> list[tuple[str, list[str]]]:
    """(kind/key, fields) of every citation of `source`, in file order."""
    out = []
    for (kind, key), cited in ds.evidence.items():
        for c in cited:
            if c.source == source:
                out.append((f"{kind}/{key}", list(c.supports)))
    return out


def conflict_lines(ds: Dataset) -> Iterator[str]:
    """Each conflict, then each of its sides: the record's own value or another one."""
    for conflict in ds.conflicts:
        yield f"{conflict.slug}\t{' '.join(conflict.description.split())}"
        for claim in conflict.claims:
            if claim.value is None:
                yield f"  {claim.record} {claim.field}\t(the record's own value)"
            else:
                cited = ", ".join(e.source for e in claim.evidence)
                yield f"  {claim.record} {claim.field}\t{claim.value!r}\t{cited}"


_ISO_DAY = re.compile(r"^(\s*(?:earliest|latest)_on: )'(\d{4}-\d{2}-\d{2})'$", re.MULTILINE)


class SourceRefused(ValueError):
    pass


def add_source(data_dir: Path, ds: Dataset, record: dict[str, object]) -> str:
    """Append `record` to the sources file, once it is a valid source whose slug and URL
    are new; the file's text is kept as it is and the record added at its end."""
    source = SourceIn.model_validate(record)
    if any(s.slug == source.slug for s in ds.sources):
        raise SourceRefused(f"a source with slug {source.slug!r} exists")
    same = [s.slug for s in ds.sources if s.url == source.url]
    if same:
        raise SourceRefused(f"{source.url} is already source {same[0]!r}")
    dumped = source.model_dump(mode="json")
    order = ("slug", "title", "publisher", "url", "kind", "language", "wire", "wire_story")
    data: dict[str, object] = {k: dumped[k] for k in order if k == "title" or dumped[k]}
    data["published"] = {
        k: v for k, v in dumped["published"].items() if k not in ("inferred", "inference_reason")
    }
    text = yaml.safe_dump([data], allow_unicode=True, sort_keys=False, width=88)
    text = _ISO_DAY.sub(r"\1\2", text)  # days unquoted, as curators write them
    block = "\n" + "".join(f"  {line}\n" for line in text.splitlines())
    path = data_dir / SOURCES.name
    original = path.read_text(encoding="utf-8")
    path.write_text(original.rstrip("\n") + "\n" + block, encoding="utf-8")
    return source.slug


def published(day: dt.date | None) -> dict[str, object]:
    """A publication date the page shows (one day), or unknown."""
    if day is None:
        return {"text": None, "earliest_on": None, "latest_on": None, "precision": "unknown"}
    return {
        "text": day.isoformat(),
        "earliest_on": day.isoformat(),
        "latest_on": day.isoformat(),
        "precision": "day",
    }
