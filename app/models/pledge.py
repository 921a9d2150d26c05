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
from app.models.nation import NationPublic

PledgeKind = Literal["pledge", "notification", "offer"]
PLEDGE_KINDS: tuple[str, ...] = get_args(PledgeKind)


class Pledge(SQLModel, table=True):
    """A nation's promise, offer or formal notification of personnel for a mission."""

    __table_args__ = (
        Index("ix_pledge_default_order", "made_earliest_on", "made_latest_on", "slug"),
    )

    slug: str = Field(primary_key=True)
    mission_slug: str = Field(foreign_key="mission.slug", index=True)
    nation_code: str = Field(foreign_key="nation.code", index=True)
    kind: str = Field(index=True)
    personnel_value: int | None = Field(default=None, index=True)
    personnel_qualifier: str | None = None
    personnel_unit: str | None = None
    personnel_breakdown: dict[str, int] | None = Field(
        default=None, sa_type=JSON(none_as_null=True)
    )
    made: dict[str, Any] = Field(sa_type=JSON(none_as_null=True))
    made_earliest_on: dt.date | None = Field(default=None, index=True)
    made_latest_on: dt.date | None = Field(default=None, index=True)
    made_by_slug: str | None = Field(default=None, foreign_key="official.slug", index=True)
    description: str | None = None


# --- Public (response) models -------------------------------------------------------


class PledgePublic(Public):
    """Who promised how many, and when."""

    object: Literal["pledge"] = record_object("pledge")

    slug: str = PField(examples=["bs-pledge-150"])
    url: str
    mission: Link | MissionPublic = PField(
        discriminator="object",
        description="A link; the full mission record with `include=mission`.",
    )
    nation: NationLink | NationPublic = PField(
        discriminator="object", description="A link; the full nation record with `include=nation`."
    )
    kind: PledgeKind = PField(examples=["pledge"])
    personnel: Quantity | None
    made: FuzzyDate
    made_by: Link | None = PField(description="The official who made it, if named.")
    description: str | None
    evidence: list[EvidencePublic]
    conflicts: list[ConflictPublic]
    corroboration: CorroborationPublic
