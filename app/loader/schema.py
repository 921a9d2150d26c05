"""The file format of data/: one pydantic model per record kind, strict about keys.

These describe what curators write, not what the API serves. Models are strict: a
quoted "217" is not a number and "yes" is not a boolean, so a typo cannot change a fact's
type silently.
"""

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from app.models.common import MAX_COUNT, Count, Day, FuzzyDate, Qualifier, Quantity

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=120)]
NationCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=False)]
# "kind/key" references between records, e.g. "contingents/ke-217-january-2025".
RecordRef = Annotated[str, StringConstraints(pattern=r"^[a-z]+/[A-Za-z0-9-]+$")]

ItemT = TypeVar("ItemT")


def _no_repeats(items: list[ItemT]) -> list[ItemT]:
    seen: set[object] = set()
    for item in items:
        if item in seen:
            raise ValueError(f"{item!r} is listed twice")
        seen.add(item)
    return items


# A list in which an item may appear once: escorts, involved records, conflict claims.
Distinct = AfterValidator(_no_repeats)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


RecordT = TypeVar("RecordT", bound=Strict)


class EvidenceIn(Strict):
    """A citation: an exact `excerpt` of a stored source, or the `claim` of any other."""

    source: Slug
    excerpt: Text | None = None
    claim: Text | None = None
    supports: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _excerpt_or_claim(self) -> "EvidenceIn":
        if (self.excerpt is None) == (self.claim is None):
            raise ValueError("give exactly one of excerpt (stored source) or claim")
        return self


Evidence = Annotated[list[EvidenceIn], Field(min_length=1)]


class SourceIn(Strict):
    slug: Slug
    title: Text | None
    title_note: Text | None = None
    publisher: Text
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
    kind: Literal[
        "news_article", "news_agency_report", "photo_caption", "video_report", "statement"
    ]
    published: FuzzyDate
    retrieved_on: Day | None = None
    text_file: str | None = None
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = None

    @field_validator("text_file")
    @classmethod
    def _under_sources(cls, value: str | None) -> str | None:
        if value is not None:
            path = PurePosixPath(value)
            if path.is_absolute() or ".." in path.parts or path.parts[:1] != ("sources",):
                raise ValueError("text_file must be a path under sources/")
        return value

    @model_validator(mode="after")
    def _text_and_checksum(self) -> "SourceIn":
        if (self.text_file is None) != (self.sha256 is None):
            raise ValueError("text_file and sha256 go together")
        return self


class NationIn(Strict):
    code: NationCode
    name: Text
    evidence: Evidence


class OrganisationIn(Strict):
    slug: Slug
    name: Text
    acronym: Text | None = None
    nation: NationCode | None = None
    evidence: Evidence


class PositionIn(Strict):
    title: Text
    organisation: Slug | None = None
    nation: NationCode | None = None
    current: bool
    evidence: Evidence


class OfficialIn(Strict):
    slug: Slug
    name: Text
    nation: NationCode | None = None
    positions: list[PositionIn] = Field(default_factory=list)
    evidence: Evidence


class FigureIn(Strict):
    slug: Slug
    value: Count
    # Strict mode would demand an enum instance; the YAML gives its name.
    qualifier: Annotated[Qualifier, Field(strict=False)]
    unit: Text
    as_of: FuzzyDate
    evidence: Evidence


Role = Literal[
    "lead",
    "police_contributor",
    "personnel_contributor",
    "military_contributor",
    "supporter",
    "host",
]


class ParticipationIn(Strict):
    slug: Slug
    nation: NationCode
    role: Role
    description: Text | None = None
    figures: list[FigureIn] = Field(default_factory=list)
    evidence: Evidence


class MissionIn(Strict):
    slug: Slug
    name: Text
    acronym: Text | None = None
    purpose: Text | None = None
    host_nation: NationCode | None = None
    lead_nation: NationCode | None = None
    authorised_by: Slug | None = None
    partner_organisation: Slug | None = None
    participations: list[ParticipationIn] = Field(default_factory=list)
    evidence: Evidence


ContingentStatus = Literal["planned", "deployed", "departed", "arrived"]


class ContingentIn(Strict):
    slug: Slug
    mission: Slug
    nation: NationCode
    ordinal: Annotated[int, Field(ge=1, le=MAX_COUNT)] | None = None
    personnel: Quantity | None = None
    status: ContingentStatus
    departed: FuzzyDate | None = None
    deployed: FuzzyDate | None = None
    arrived: FuzzyDate | None = None
    arrival_place: Text | None = None
    received_by: Text | None = None
    escorts: Annotated[list[Slug], Distinct] = Field(default_factory=list)
    evidence: Evidence

    @model_validator(mode="after")
    def _status_matches_dates(self) -> "ContingentIn":
        if self.status == "arrived" and self.arrived is None:
            raise ValueError("status arrived needs an arrived date")
        if self.status == "planned" and self.arrived is not None:
            raise ValueError("a planned contingent cannot have arrived")
        return self


class SpeakerIn(Strict):
    official: Slug | None = None
    organisation: Slug | None = None

    @model_validator(mode="after")
    def _one(self) -> "SpeakerIn":
        if (self.official is None) == (self.organisation is None):
            raise ValueError("a speaker is exactly one of official or organisation")
        return self


class QuoteIn(Strict):
    slug: Slug
    text: Text
    speaker: SpeakerIn
    venue: Text | None = None
    event: Slug | None = None
    date: FuzzyDate
    occasion: Text | None = None
    kind: Literal["speech", "statement", "interview"]
    evidence: Evidence


class EventIn(Strict):
    slug: Slug
    kind: Literal[
        "request",
        "authorisation",
        "departure",
        "arrival",
        "deployment",
        "planned_deployment",
        "speech",
        "statement",
    ]
    title: Text
    description: Text | None = None
    date: FuzzyDate
    place: Text | None = None
    involves: Annotated[list[RecordRef], Distinct] = Field(default_factory=list)
    evidence: Evidence


class ConflictClaimIn(Strict):
    record: RecordRef
    field: Text


class ConflictIn(Strict):
    slug: Slug
    description: Text
    claims: Annotated[list[ConflictClaimIn], Field(min_length=2), Distinct]


@dataclass(frozen=True)
class FileSpec(Generic[RecordT]):
    """One data file, named for the kind of record it holds as the API (and references
    between records) name it: `<kind>.yaml`, with one top-level key, `<kind>`, holding
    the records, each checked by `model` and keyed by its `key_field`."""

    kind: str
    model: type[RecordT]
    key_field: str = "slug"

    @property
    def name(self) -> str:
        return f"{self.kind}.yaml"

    @property
    def top(self) -> str:
        return self.kind


SOURCES = FileSpec("sources", SourceIn)
NATIONS = FileSpec("nations", NationIn, "code")
ORGANISATIONS = FileSpec("organisations", OrganisationIn)
OFFICIALS = FileSpec("officials", OfficialIn)
MISSIONS = FileSpec("missions", MissionIn)
EVENTS = FileSpec("events", EventIn)
CONTINGENTS = FileSpec("contingents", ContingentIn)
QUOTES = FileSpec("quotes", QuoteIn)
CONFLICTS = FileSpec("conflicts", ConflictIn)

# Every data file, in load order.
FILES: tuple[FileSpec[Any], ...] = (
    SOURCES,
    NATIONS,
    ORGANISATIONS,
    OFFICIALS,
    MISSIONS,
    EVENTS,
    CONTINGENTS,
    QUOTES,
    CONFLICTS,
)
