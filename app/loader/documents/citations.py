"""What every document carries: its evidence and its conflicts, for a page of records of
one kind at once, in a fixed number of queries."""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from app.loader.documents.conflicts_of import load_conflicts
from app.loader.documents.evidence import load_evidence
from app.models.evidence import ConflictPublic, EvidencePublic
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
