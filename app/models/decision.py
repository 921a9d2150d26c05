import datetime as dt
from typing import Any, Literal, get_args

from pydantic import Field as PField
from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

from app.models.base import Public, record_object
from app.models.common import FuzzyDate, Quantity
from app.models.evidence import ConflictPublic, CorroborationPublic, EvidencePublic
from app.models.links import Link, NationLink
from app.models.mission import MissionPublic
from app.models.organisation import OrganisationPublic

# What kind of decision it is.
DecisionKind = Literal[
    "resolution",
    "cabinet_approval",
    "parliamentary_approval",
    "court_order",
    "court_ruling",
    "agreement",
]
DECISION_KINDS: tuple[str, ...] = get_args(DecisionKind)


class Decision(SQLModel, table=True):
    """A formal decision about a mission: a resolution, an approval, a ruling, an agreement."""

    __table_args__ = (
        Index("ix_decision_default_order", "date_earliest_on", "date_latest_on", "slug"),
    )

    slug: str = Field(primary_key=True)
    mission_slug: str = Field(foreign_key="mission.slug", index=True)
    kind: str = Field(index=True)
    title: str
    body_slug: str | None = Field(default=None, foreign_key="organisation.slug", index=True)
    number: str | None = Field(default=None, index=True)
    date: dict[str, Any] = Field(sa_type=JSON(none_as_null=True))
    date_earliest_on: dt.date | None = Field(default=None, index=True)
    date_latest_on: dt.date | None = Field(default=None, index=True)
    vote: dict[str, Any] | None = Field(default=None, sa_type=JSON(none_as_null=True))
    unanimous: bool | None = Field(default=None, index=True)
    authorises: str | None = None
    duration: str | None = None
    until: dict[str, Any] | None = Field(default=None, sa_type=JSON(none_as_null=True))
    until_earliest_on: dt.date | None = None
    until_latest_on: dt.date | None = None
    personnel_ceiling_value: int | None = None
    personnel_ceiling_qualifier: str | None = None
    personnel_ceiling_unit: str | None = None


class DecisionAbstention(SQLModel, table=True):
    """A nation that abstained in a decision's vote."""

    __tablename__ = "decision_abstention"

    decision_slug: str = Field(foreign_key="decision.slug", primary_key=True)
    nation_code: str = Field(foreign_key="nation.code", primary_key=True, index=True)
    ordinal: int


# --- Public (response) models -------------------------------------------------------


class VotePublic(Public):
    """A recorded vote; counts the sources do not report are null."""

    in_favour: int | None = PField(examples=[13])
    against: int | None = PField(examples=[0])
    abstentions: int | None = PField(examples=[2])
    abstaining: list[NationLink] = PField(description="The nations that abstained.")
    unanimous: bool


class DecisionPublic(Public):
    """A decision: who took it, when, the vote, what it authorised and until when."""

    object: Literal["decision"] = record_object("decision")

    slug: str = PField(examples=["unsc-resolution-2699"])
    url: str
    mission: Link | MissionPublic = PField(
        discriminator="object",
        description="A link; the full mission record with `include=mission`.",
    )
    kind: DecisionKind = PField(examples=["resolution"])
    title: str
    body: Link | OrganisationPublic | None = PField(
        discriminator="object",
        description="The organisation that took it; the full record with `include=body`.",
    )
    number: str | None = PField(examples=["2699"])
    date: FuzzyDate
    vote: VotePublic | None
    authorises: str | None = PField(description="What it authorised or decided.")
    duration: str | None = PField(description="For how long, in the sources' words.")
    until: FuzzyDate | None = PField(description="When what it authorised ends, if stated.")
    personnel_ceiling: Quantity | None
    events: list[Link]
    evidence: list[EvidencePublic]
    conflicts: list[ConflictPublic]
    corroboration: CorroborationPublic
