"""What every document carries: its evidence and its conflicts, for a page of records of
one kind at once, in a fixed number of queries."""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from app.loader.documents.conflicts_of import load_conflicts
from app.loader.documents.evidence import load_evidence
from app.models.evidence import (
    ConflictPublic,
    CorroborationPublic,
    EvidencePublic,
    SupportPublic,
)
from app.queries.tables import Ref
from app.queries.urls import Urls


@dataclass(frozen=True)
class Citations:
    """The evidence and conflicts of a page of records of one kind, looked up by key."""

    kind: str
    evidence: dict[Ref, list[EvidencePublic]]
    conflicts: dict[Ref, list[ConflictPublic]]

    def evidence_of(self, key: str, kind: str | None = None) -> list[EvidencePublic]:
        return self.evidence.get((kind or self.kind, key), [])

    def conflicts_of(self, key: str, parts: Iterable[Ref] = ()) -> list[ConflictPublic]:
        """The record's conflicts, and those of its `parts` (records served inside it)."""
        found = {
            c.slug: c for ref in ((self.kind, key), *parts) for c in self.conflicts.get(ref, [])
        }
        return [found[slug] for slug in sorted(found)]

    def corroboration_of(self, key: str) -> CorroborationPublic:
        return corroboration(self.kind, key, self.evidence_of(key), self.conflicts_of(key))


def corroboration(
    kind: str, key: str, evidence: list[EvidencePublic], conflicts: list[ConflictPublic]
) -> CorroborationPublic:
    """Independent reports behind a record and each field its citations name, and which
    of them a conflict disputes."""
    disputed = {
        claim.field
        for conflict in conflicts
        for claim in conflict.claims
        if (claim.record.kind, claim.record.slug) == (kind, key)
    }
    by_field: dict[str, set[str]] = {}
    for e in evidence:
        for name in e.supports:
            by_field.setdefault(name, set()).add(e.origin)
    origins = {e.origin for e in evidence}
    return CorroborationPublic(
        sources=len(origins),
        citations=len(evidence),
        single_source=len(origins) == 1,
        disputed=bool(conflicts),
        fields={
            name: SupportPublic(sources=len(found), disputed=name in disputed)
            for name, found in sorted(by_field.items())
        },
    )


def load_citations(
    conn: Connection, kind: str, keys: Iterable[str], urls: Urls, also: Iterable[Ref] = ()
) -> Citations:
    """Evidence and conflicts for records `kind`/`keys`, in a fixed number of queries;
    `also` adds the evidence and conflicts of nested records (an official's positions)."""
    refs = [(kind, key) for key in keys]
    nested = list(also)
    return Citations(
        kind,
        load_evidence(conn, [*refs, *nested], urls),
        load_conflicts(conn, [*refs, *nested], urls),
    )
