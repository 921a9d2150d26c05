"""What every served record carries, loaded for a whole page at once: evidence, conflicts,
the events that involve it, and the names behind links.

Each function takes many keys and issues a fixed number of queries (IN lists, chunked),
never one per record. Related lists are ordered in Python on explicit keys so both
backends give the same order.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

from sqlalchemy import ColumnElement, Table, func, select
from sqlalchemy.engine import Connection

from app.models import (
    Conflict,
    ConflictClaim,
    Contingent,
    Event,
    EventInvolvement,
    Evidence,
    Mission,
    Nation,
    Organisation,
    Person,
    Quote,
    Source,
)
from app.models.common import FuzzyDate, Quantity
from app.models.evidence import (
    ClaimValue,
    ConflictClaimPublic,
    ConflictPublic,
    EvidencePublic,
)
from app.models.links import Link, NationLink, RecordKind, RecordLink

Ref = tuple[str, str]  # (record kind, record key)
Row = Mapping[Any, Any]  # a result row by column name
K = TypeVar("K")

_CHUNK = 500


def table(model: Any) -> Table:
    return model.__table__  # type: ignore[no-any-return]


EVIDENCE = table(Evidence)
SOURCE = table(Source)
CONFLICT = table(Conflict)
CLAIM = table(ConflictClaim)
EVENT = table(Event)
INVOLVEMENT = table(EventInvolvement)
NATION = table(Nation)
PERSON = table(Person)
ORGANISATION = table(Organisation)
MISSION = table(Mission)
CONTINGENT = table(Contingent)
QUOTE = table(Quote)


@dataclass(frozen=True)
class Urls:
    """Absolute URLs of records, from the public base URL (no trailing slash)."""

    base: str

    def record(self, kind: str, key: str) -> str:
        return f"{self.base}/v1/{kind}/{quote(key, safe='')}"

    def path(self, path: str) -> str:
        return f"{self.base}{path}"

    def filtered(self, kind: str, **params: str) -> str:
        """The URL of a list of `kind` filtered by `params`."""
        return f"{self.base}/v1/{kind}?{urlencode(params)}"


def chunks(items: Sequence[K], size: int = _CHUNK) -> Iterator[Sequence[K]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def fetch_in(
    conn: Connection,
    columns: Sequence[Any],
    key: ColumnElement[Any],
    keys: Iterable[str],
    *where: ColumnElement[bool],
) -> list[Row]:
    """Rows whose `key` is among `keys`, read in chunks."""
    wanted = sorted(set(keys))
    rows: list[Row] = []
    for part in chunks(wanted):
        stmt = select(*columns).where(key.in_(part), *where)
        rows.extend(conn.execute(stmt).mappings().all())
    return rows


def count_by(
    conn: Connection, key: ColumnElement[Any], keys: Iterable[str], *where: ColumnElement[bool]
) -> dict[str, int]:
    """How many rows have each of `keys` in `key` (absent keys have none)."""
    counts: dict[str, int] = {}
    for part in chunks(sorted(set(keys))):
        stmt = select(key, func.count()).where(key.in_(part), *where).group_by(key)
        counts.update({k: int(n) for k, n in conn.execute(stmt).all()})
    return counts


def date_key(earliest: dt.date | None, latest: dt.date | None, slug: str) -> tuple[Any, ...]:
    """Chronological order with unknown dates last, narrower intervals first, then slug."""
    return (earliest is None, earliest or dt.date.min, latest is None, latest or dt.date.min, slug)


# --- links ----------------------------------------------------------------------------


def nation_links(
    conn: Connection, codes: Iterable[str | None], urls: Urls
) -> dict[str, NationLink]:
    wanted = {c for c in codes if c}
    rows = fetch_in(conn, [NATION.c.code, NATION.c.name], NATION.c.code, wanted)
    return {
        r["code"]: NationLink(code=r["code"], name=r["name"], url=urls.record("nations", r["code"]))
        for r in rows
    }


# Kind -> (table, key column, name column or None).
_NAMES: dict[str, tuple[Table, str, str | None]] = {
    "nations": (NATION, "code", "name"),
    "officials": (PERSON, "slug", "name"),
    "organisations": (ORGANISATION, "slug", "name"),
    "missions": (MISSION, "slug", "name"),
    "events": (EVENT, "slug", "title"),
    "contingents": (CONTINGENT, "slug", None),
    "quotes": (QUOTE, "slug", None),
    "sources": (SOURCE, "slug", "title"),
    "conflicts": (CONFLICT, "slug", None),
}


def record_names(conn: Connection, kind: str, keys: Iterable[str]) -> dict[str, str | None]:
    """Display names of existing records of `kind` (None for kinds without a name)."""
    tbl, key_col, name_col = _NAMES[kind]
    columns = [tbl.c[key_col]] + ([tbl.c[name_col]] if name_col else [])
    rows = fetch_in(conn, columns, tbl.c[key_col], keys)
    return {r[key_col]: (r[name_col] if name_col else None) for r in rows}


def links(conn: Connection, kind: str, keys: Iterable[str | None], urls: Urls) -> dict[str, Link]:
    names = record_names(conn, kind, (k for k in keys if k))
    return {k: Link(slug=k, name=n, url=urls.record(kind, k)) for k, n in names.items()}


def record_links(conn: Connection, refs: Iterable[Ref], urls: Urls) -> dict[Ref, RecordLink]:
    """Links to records of any kind; refs to records that do not exist are left out."""
    by_kind: dict[str, set[str]] = defaultdict(set)
    for kind, key in refs:
        if kind in _NAMES:
            by_kind[kind].add(key)
    out: dict[Ref, RecordLink] = {}
    for kind, keys in by_kind.items():
        kind_literal: RecordKind = kind  # type: ignore[assignment]
        for key, name in record_names(conn, kind, keys).items():
            out[(kind, key)] = RecordLink(
                kind=kind_literal, slug=key, name=name, url=urls.record(kind, key)
            )
    return out


# --- evidence -------------------------------------------------------------------------


def load_evidence(
    conn: Connection, refs: Iterable[Ref], urls: Urls
) -> dict[Ref, list[EvidencePublic]]:
    """Every citation of every ref, in file order."""
    by_kind: dict[str, set[str]] = defaultdict(set)
    for kind, key in refs:
        by_kind[kind].add(key)
    out: dict[Ref, list[EvidencePublic]] = defaultdict(list)
    cols = [
        EVIDENCE.c.record_kind,
        EVIDENCE.c.record_key,
        EVIDENCE.c.ordinal,
        EVIDENCE.c.source_slug,
        EVIDENCE.c.excerpt,
        EVIDENCE.c.start,
        EVIDENCE.c.end,
        EVIDENCE.c.claim,
        EVIDENCE.c.verified,
        EVIDENCE.c.supports,
        SOURCE.c.url,
    ]
    rows: list[Row] = []
    for kind, keys in by_kind.items():
        for part in chunks(sorted(keys)):
            stmt = (
                select(*cols)
                .join(SOURCE, SOURCE.c.slug == EVIDENCE.c.source_slug)
                .where(EVIDENCE.c.record_kind == kind, EVIDENCE.c.record_key.in_(part))
            )
            rows.extend(conn.execute(stmt).mappings().all())
    rows.sort(key=lambda r: (r["record_kind"], r["record_key"], r["ordinal"]))
    for r in rows:
        out[(r["record_kind"], r["record_key"])].append(
            EvidencePublic(
                source=r["source_slug"],
                source_url=r["url"],
                source_api_url=urls.record("sources", r["source_slug"]),
                excerpt=r["excerpt"],
                start=r["start"],
                end=r["end"],
                claim=r["claim"],
                verified=bool(r["verified"]),
                supports=list(r["supports"] or []),
            )
        )
    return out


# --- conflicts ------------------------------------------------------------------------

# Kind -> (table, key column), for reading a claimed field's value.
_CLAIM_TABLES: dict[str, tuple[Table, str]] = {
    kind: (tbl, key_col) for kind, (tbl, key_col, _) in _NAMES.items()
}


def _field_value(row: Row, fld: str) -> ClaimValue:
    """A record's value for a data-file field, read from its table row."""
    if f"{fld}_value" in row:
        if row[f"{fld}_value"] is None:
            return None
        return Quantity(
            value=row[f"{fld}_value"],
            qualifier=row[f"{fld}_qualifier"],
            unit=row[f"{fld}_unit"],
            breakdown=row.get(f"{fld}_breakdown"),
        )
    for column in (fld, f"{fld}_code", f"{fld}_slug"):
        if column in row:
            value = row[column]
            if isinstance(value, dict):
                return FuzzyDate.model_validate(value)
            if isinstance(value, (bool, int, str)) or value is None:
                return value
            return str(value)
    return None


def conflict_slugs(conn: Connection, refs: Iterable[Ref]) -> dict[Ref, set[str]]:
    """For each ref, the slugs of the conflicts it takes part in."""
    by_kind: dict[str, set[str]] = defaultdict(set)
    for kind, key in refs:
        by_kind[kind].add(key)
    out: dict[Ref, set[str]] = defaultdict(set)
    for kind, keys in by_kind.items():
        rows = fetch_in(
            conn,
            [CLAIM.c.conflict_slug, CLAIM.c.record_key],
            CLAIM.c.record_key,
            keys,
            CLAIM.c.record_kind == kind,
        )
        for r in rows:
            out[(kind, r["record_key"])].add(r["conflict_slug"])
    return out


def build_conflicts(
    conn: Connection, slugs: Iterable[str], urls: Urls
) -> dict[str, ConflictPublic]:
    """Conflicts by slug, each side with its record's value and its own evidence."""
    conflicts = {
        r["slug"]: r["description"]
        for r in fetch_in(conn, [CONFLICT.c.slug, CONFLICT.c.description], CONFLICT.c.slug, slugs)
    }
    if not conflicts:
        return {}
    claims = sorted(
        fetch_in(conn, [CLAIM], CLAIM.c.conflict_slug, conflicts),
        key=lambda r: (r["conflict_slug"], r["ordinal"]),
    )
    claim_refs = {(c["record_kind"], c["record_key"]) for c in claims}
    evidence = load_evidence(conn, claim_refs, urls)
    targets = record_links(conn, claim_refs, urls)
    values: dict[Ref, Row] = {}
    for kind in sorted({k for k, _ in claim_refs if k in _CLAIM_TABLES}):
        tbl, key_col = _CLAIM_TABLES[kind]
        keys = [key for k, key in claim_refs if k == kind]
        for row in fetch_in(conn, [tbl], tbl.c[key_col], keys):
            values[(kind, row[key_col])] = row
    sides: dict[str, list[ConflictClaimPublic]] = defaultdict(list)
    for c in claims:
        ref = (c["record_kind"], c["record_key"])
        if ref not in targets:
            continue
        fld = c["field"]
        sides[c["conflict_slug"]].append(
            ConflictClaimPublic(
                record=targets[ref],
                field=fld,
                value=_field_value(values.get(ref, {}), fld),
                evidence=[e for e in evidence.get(ref, []) if fld in e.supports],
            )
        )
    return {
        slug: ConflictPublic(
            slug=slug,
            url=urls.record("conflicts", slug),
            description=description,
            claims=sides.get(slug, []),
        )
        for slug, description in conflicts.items()
    }


def load_conflicts(
    conn: Connection, refs: Iterable[Ref], urls: Urls
) -> dict[Ref, list[ConflictPublic]]:
    """The conflicts each ref takes part in, side by side, in slug order."""
    membership = conflict_slugs(conn, refs)
    if not membership:
        return {}
    built = build_conflicts(conn, {s for slugs in membership.values() for s in slugs}, urls)
    return {
        ref: [built[s] for s in sorted(slugs) if s in built] for ref, slugs in membership.items()
    }


@dataclass(frozen=True)
class Citations:
    """The evidence and conflicts of a page of records of one kind, looked up by key."""

    kind: str
    evidence: dict[Ref, list[EvidencePublic]]
    conflicts: dict[Ref, list[ConflictPublic]]

    def evidence_of(self, key: str, kind: str | None = None) -> list[EvidencePublic]:
        return self.evidence.get((kind or self.kind, key), [])

    def conflicts_of(self, key: str) -> list[ConflictPublic]:
        return self.conflicts.get((self.kind, key), [])


def load_citations(
    conn: Connection, kind: str, keys: Iterable[str], urls: Urls, also: Iterable[Ref] = ()
) -> Citations:
    """Evidence and conflicts for records `kind`/`keys`, in a fixed number of queries;
    `also` adds the evidence of nested records (e.g. an official's positions)."""
    refs = [(kind, key) for key in keys]
    return Citations(
        kind,
        load_evidence(conn, [*refs, *also], urls),
        load_conflicts(conn, refs, urls),
    )


# --- events ---------------------------------------------------------------------------


def events_involving(
    conn: Connection, kind: str, keys: Iterable[str], urls: Urls
) -> dict[str, list[Link]]:
    """For each key, links to the events that involve it, in chronological order."""
    rows = fetch_in(
        conn,
        [
            INVOLVEMENT.c.record_key,
            EVENT.c.slug,
            EVENT.c.title,
            EVENT.c.date_earliest_on,
            EVENT.c.date_latest_on,
        ],
        INVOLVEMENT.c.record_key,
        keys,
        INVOLVEMENT.c.record_kind == kind,
        INVOLVEMENT.c.event_slug == EVENT.c.slug,
    )
    rows = sorted(
        rows, key=lambda r: date_key(r["date_earliest_on"], r["date_latest_on"], r["slug"])
    )
    out: dict[str, list[Link]] = defaultdict(list)
    for r in rows:
        out[r["record_key"]].append(
            Link(slug=r["slug"], name=r["title"], url=urls.record("events", r["slug"]))
        )
    return out
