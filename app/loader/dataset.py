"""A data directory after validation: its records, stored texts and checked evidence."""

from dataclasses import dataclass, field, fields
from typing import Any

from app.loader.schema import (
    ConflictIn,
    ContingentIn,
    DecisionIn,
    EventIn,
    MissionIn,
    NationIn,
    OfficialIn,
    OrganisationIn,
    PledgeIn,
    QuoteIn,
    SourceIn,
    StrengthIn,
)


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
    officials: list[OfficialIn] = field(default_factory=list)
    missions: list[MissionIn] = field(default_factory=list)
    decisions: list[DecisionIn] = field(default_factory=list)
    strength: list[StrengthIn] = field(default_factory=list)
    pledges: list[PledgeIn] = field(default_factory=list)
    events: list[EventIn] = field(default_factory=list)
    contingents: list[ContingentIn] = field(default_factory=list)
    quotes: list[QuoteIn] = field(default_factory=list)
    conflicts: list[ConflictIn] = field(default_factory=list)
    # (record kind, record key) -> checked evidence, in file order.
    evidence: dict[tuple[str, str], list[Cited]] = field(default_factory=dict)
    # Old keys of merged or renamed records (app/loader/redirects.py), as RedirectIn.
    redirects: list[Any] = field(default_factory=list)
    # The counts, once `release_records` has let the records go.
    _counts: dict[str, int] | None = field(default=None, init=False, repr=False)

    def release_records(self) -> None:
        """Let go of the parsed records, keeping the version and the counts. A load needs
        them only to write the rows (it compiles the documents from the rows), and on a
        large dataset they are most of the loader's memory."""
        self._counts = self.counts()
        for name in _RECORD_FIELDS:
            getattr(self, name).clear()

    def counts(self) -> dict[str, int]:
        if self._counts is not None:
            return dict(self._counts)
        return {
            "sources": len(self.sources),
            "nations": len(self.nations),
            "organisations": len(self.organisations),
            "officials": len(self.officials),
            "positions": sum(len(p.positions) for p in self.officials),
            "missions": len(self.missions),
            "participations": sum(len(m.participations) for m in self.missions),
            "decisions": len(self.decisions),
            "strength": len(self.strength),
            "pledges": len(self.pledges),
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


_RECORD_FIELDS = tuple(f.name for f in fields(Dataset) if f.name not in {"version", "_counts"})
