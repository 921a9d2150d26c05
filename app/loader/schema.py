"""The file format of data/: one pydantic model per record kind, strict about keys.

These describe what curators write, not what the API serves. Models are strict: a
quoted "217" is not a number and "yes" is not a boolean, so a typo cannot change a fact's
type silently.
"""

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Annotated, Any, Generic, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from app.models.common import MAX_COUNT, Count, Day, FuzzyDate, Money, Qualifier, Quantity
from app.models.contingent import ContingentStatus
from app.models.decision import DECISION_KINDS
from app.models.event import EVENT_KINDS
from app.models.mission import Role
from app.models.pledge import PLEDGE_KINDS
from app.models.quote import QuoteKind
from app.models.source import SourceKind
from app.models.strength import SERVICES

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


def one_of(choices: tuple[str, ...]) -> AfterValidator:
    """Refuses a string outside a closed set that is declared once, in app.models, beside
    the public model that serves it: `Annotated[str, one_of(KINDS)]`."""

    def check(value: str) -> str:
        if value not in choices:
            raise ValueError(f"{value!r} is not one of {', '.join(choices)}")
        return value

    return AfterValidator(check)


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
    kind: SourceKind
    # BCP 47 language tag of the page: en, fr, es, sw ...
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")]
    # The news agency whose story the page carries (AP, AFP, Reuters ...), if any.
    wire: Text | None = None
    # One id shared by every outlet's copy of one agency story: copies count once.
    wire_story: Slug | None = None
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
        if self.wire_story is not None and self.wire is None:
            raise ValueError("wire_story names a copy of an agency story: give its wire too")
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
    started: FuzzyDate | None = None
    ended: FuzzyDate | None = None
    evidence: Evidence


class OfficialIn(Strict):
    slug: Slug
    name: Text
    nation: NationCode | None = None
    positions: list[PositionIn] = Field(default_factory=list)
    evidence: Evidence


class StrengthIn(Strict):
    """A reported number of personnel, as of a day: the whole mission's (no nation), one
    nation's, or one service's. A figure about a nation's part in the mission names that
    participation, and its mission's record shows it there."""

    slug: Slug
    mission: Slug
    nation: NationCode | None = None
    participation: Slug | None = None
    service: Annotated[str, one_of(SERVICES)] | None = None
    value: Count
    # Strict mode would demand an enum instance; the YAML gives its name.
    qualifier: Annotated[Qualifier, Field(strict=False)]
    unit: Text
    basis: Text | None = None
    as_of: FuzzyDate
    evidence: Evidence


class ParticipationIn(Strict):
    slug: Slug
    nation: NationCode
    role: Role
    description: Text | None = None
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
    predecessor: Slug | None = None
    authorised: FuzzyDate | None = None
    authorisation_ended: FuzzyDate | None = None
    participations: list[ParticipationIn] = Field(default_factory=list)
    evidence: Evidence


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
    returned: FuzzyDate | None = None
    departure_place: Text | None = None
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
        if self.status == "returned" and self.returned is None:
            raise ValueError("status returned needs a returned date")
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
    kind: QuoteKind
    evidence: Evidence


EventKind = Annotated[str, one_of(EVENT_KINDS)]


class EventIn(Strict):
    slug: Slug
    kind: EventKind
    title: Text
    description: Text | None = None
    date: FuzzyDate
    place: Text | None = None
    amount: Money | None = None
    involves: Annotated[list[RecordRef], Distinct] = Field(default_factory=list)
    evidence: Evidence


class PledgeIn(Strict):
    """A promise, offer or formal notification of personnel for a mission."""

    slug: Slug
    mission: Slug
    nation: NationCode
    kind: Annotated[str, one_of(PLEDGE_KINDS)]
    personnel: Quantity | None = None
    made: FuzzyDate
    made_by: Slug | None = None
    description: Text | None = None
    evidence: Evidence


class VoteIn(Strict):
    in_favour: Annotated[int, Field(ge=0, le=1000)] | None = None
    against: Annotated[int, Field(ge=0, le=1000)] | None = None
    abstentions: Annotated[int, Field(ge=0, le=1000)] | None = None
    abstaining: Annotated[list[NationCode], Distinct] = Field(default_factory=list)
    unanimous: bool

    @model_validator(mode="after")
    def _consistent(self) -> "VoteIn":
        if (
            self.abstentions is not None
            and self.abstaining
            and (len(self.abstaining) != self.abstentions)
        ):
            raise ValueError("abstaining names a different number of nations than abstentions")
        if self.unanimous and (self.against or self.abstentions):
            raise ValueError("a unanimous vote has no votes against and no abstentions")
        return self


DecisionKind = Annotated[str, one_of(DECISION_KINDS)]


class DecisionIn(Strict):
    """A formal decision about a mission: a Security Council resolution, a government's or
    parliament's approval, a court's order or ruling, an agreement between states."""

    slug: Slug
    mission: Slug
    kind: DecisionKind
    title: Text
    body: Slug | None = None
    number: Text | None = None
    date: FuzzyDate
    vote: VoteIn | None = None
    authorises: Text | None = None
    duration: Text | None = None
    until: FuzzyDate | None = None
    personnel_ceiling: Quantity | None = None
    evidence: Evidence


def _plain(value: Any) -> Any:
    """A YAML value as JSON holds it: days as ISO strings, inside lists and mappings too."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class ConflictClaimIn(Strict):
    """One side: a record's own value for a field (with that record's evidence for it), or,
    with `value` and `evidence`, another value that other sources give for the same field."""

    record: RecordRef
    field: Text
    value: Annotated[Any, BeforeValidator(_plain)] = None
    evidence: list[EvidenceIn] = Field(default_factory=list)

    @model_validator(mode="after")
    def _value_with_evidence(self) -> "ConflictClaimIn":
        if (self.value is None) != (not self.evidence):
            raise ValueError("another value needs its own evidence, and evidence needs a value")
        return self


class ConflictIn(Strict):
    slug: Slug
    description: Text
    claims: Annotated[list[ConflictClaimIn], Field(min_length=2)]

    @model_validator(mode="after")
    def _sides_differ(self) -> "ConflictIn":
        seen: set[tuple[str, str]] = set()
        for claim in self.claims:
            if claim.value is None:
                side = (claim.record, claim.field)
                if side in seen:
                    raise ValueError(f"{claim.record} {claim.field} is listed twice")
                seen.add(side)
        return self


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
DECISIONS = FileSpec("decisions", DecisionIn)
STRENGTH = FileSpec("strength", StrengthIn)
PLEDGES = FileSpec("pledges", PledgeIn)
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
    DECISIONS,
    STRENGTH,
    PLEDGES,
    EVENTS,
    CONTINGENTS,
    QUOTES,
    CONFLICTS,
)
