"""Conflicts: each side with its record's value for the field and its own evidence."""

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy.engine import Connection

from app.loader.documents.evidence import load_evidence
from app.loader.documents.links import quantity, record_links
from app.models.common import FuzzyDate
from app.models.evidence import (
    ClaimValue,
    ConflictClaimPublic,
    ConflictPublic,
)
from app.queries.officials import POSITION
from app.queries.tables import CLAIM, CONFLICT, Ref, Row, fetch_in
from app.queries.urls import Urls


def _field_value(row: Row, fld: str) -> ClaimValue:
    """A record's value for a data-file field, read from its table row."""
    if f"{fld}_value" in row:
        return quantity(row, fld)
    for column in (fld, f"{fld}_code", f"{fld}_slug"):
        if column in row:
            value = row[column]
            if isinstance(value, dict) and "precision" in value:
                return FuzzyDate.model_validate(value)
            if isinstance(value, dict):
                return value  # an amount or a vote, as stored
            if isinstance(value, (bool, int, str)) or value is None:
                return value
            return str(value)
    return None


def _claim_ref(claim: Row) -> Ref:
    return ("claims", f"{claim['conflict_slug']}/{claim['ordinal']}")


def _parts(conn: Connection, refs: Iterable[Ref]) -> dict[Ref, tuple[Ref, Row]]:
    """Records served inside another (an official's positions): each with its parent's
    ref and its own row."""
    keys = [key for kind, key in refs if kind == "positions"]
    return {
        ("positions", r["slug"]): (("officials", r["official_slug"]), r)
        for r in fetch_in(conn, [POSITION], POSITION.c.slug, keys)
    }


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
    # A side that gives another value cites its own evidence, kept as kind "claims".
    others = {_claim_ref(c) for c in claims if c["value"] is not None}
    evidence = load_evidence(conn, claim_refs | others, urls)
    parts = _parts(conn, claim_refs)
    targets = record_links(conn, claim_refs | {parent for parent, _ in parts.values()}, urls)
    values: dict[Ref, Row] = {ref: row for ref, (_, row) in parts.items()}
    from app.resources import BY_NAME  # the registry imports this package

    for kind in sorted({k for k, _ in claim_refs if k in BY_NAME}):
        res = BY_NAME[kind]
        keys = [key for k, key in claim_refs if k == kind]
        for row in fetch_in(conn, [res.spec.table], res.key_column, keys):
            values[(kind, row[res.key_column.name])] = row
    sides: dict[str, list[ConflictClaimPublic]] = defaultdict(list)
    for c in claims:
        ref = (c["record_kind"], c["record_key"])
        record, part = ref, None
        if ref in parts:
            record, part = parts[ref][0], c["record_key"]
        if record not in targets:
            continue
        fld = c["field"]
        if c["value"] is not None:
            side = ConflictClaimPublic(
                record=targets[record],
                part=part,
                field=fld,
                value=c["value"],
                own=False,
                evidence=evidence.get(_claim_ref(c), []),
            )
        else:
            side = ConflictClaimPublic(
                record=targets[record],
                part=part,
                field=fld,
                value=_field_value(values.get(ref, {}), fld),
                own=True,
                evidence=[e for e in evidence.get(ref, []) if fld in e.supports],
            )
        sides[c["conflict_slug"]].append(side)
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
