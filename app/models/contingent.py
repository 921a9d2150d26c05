import datetime as dt
from typing import Annotated, Any, Literal, get_args

from pydantic import Field as PField
from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

from app.models.base import Public, record_object
from app.models.common import FuzzyDate, Quantity
from app.models.evidence import ConflictPublic, CorroborationPublic, EvidencePublic
from app.models.links import Link, NationLink
from app.models.mission import MissionPublic
from app.models.nation import NationPublic
from app.models.official import OfficialPublic

# What became of a deployment, as far as the sources go.
ContingentStatus = Literal["planned", "deployed", "departed", "arrived", "returned"]
STATUSES: tuple[str, ...] = get_args(ContingentStatus)


class Contingent(SQLModel, table=True):
    """A deployment of personnel: planned, deployed (arrival not reported), departed or arrived.

    Each date is kept whole as JSON (words, bounds, precision, inference) beside indexed
    copies of its bounds for filtering and sorting.
    """

    # The default order of /v1/contingents, read from one index without a full sort.
    __table_args__ = (
        Index(
            "ix_contingent_default_order",
            "arrived_earliest_on",
            "arrived_latest_on",
            "deployed_earliest_on",
            "deployed_latest_on",
            "slug",
        ),
    )

    slug: str = Field(primary_key=True)
    mission_slug: str = Field(foreign_key="mission.slug", index=True)
    nation_code: str = Field(foreign_key="nation.code", index=True)
    ordinal: int | None = Field(default=None, index=True)
    personnel_value: int | None = Field(default=None, index=True)
    personnel_qualifier: str | None = Field(default=None, index=True)
    personnel_unit: str | None = None
    personnel_breakdown: dict[str, int] | None = Field(
        default=None, sa_type=JSON(none_as_null=True)
    )
    status: str = Field(index=True)
    departed: dict[str, Any] | None = Field(default=None, sa_type=JSON(none_as_null=True))
    departed_earliest_on: dt.date | None = Field(default=None, index=True)
    departed_latest_on: dt.date | None = Field(default=None, index=True)
    deployed: dict[str, Any] | None = Field(default=None, sa_type=JSON(none_as_null=True))
    deployed_earliest_on: dt.date | None = Field(default=None, index=True)
    deployed_latest_on: dt.date | None = Field(default=None, index=True)
    arrived: dict[str, Any] | None = Field(default=None, sa_type=JSON(none_as_null=True))
    arrived_earliest_on: dt.date | None = Field(default=None, index=True)
    arrived_latest_on: dt.date | None = Field(default=None, index=True)
    returned: dict[str, Any] | None = Field(default=None, sa_type=JSON(none_as_null=True))
    returned_earliest_on: dt.date | None = Field(default=None, index=True)
    returned_latest_on: dt.date | None = Field(default=None, index=True)
    departure_place: str | None = None
    arrival_place: str | None = None
    received_by: str | None = None


class ContingentEscort(SQLModel, table=True):
    """An official who escorted a contingent, in the order the source names them."""

    __tablename__ = "contingent_escort"

    contingent_slug: str = Field(foreign_key="contingent.slug", primary_key=True)
    official_slug: str = Field(foreign_key="official.slug", primary_key=True, index=True)
    ordinal: int


# --- Public (response) models -------------------------------------------------------


class ContingentPublic(Public):
    """A deployment: who, how many (with qualifier), when (as the sources word it), where."""

    object: Literal["contingent"] = record_object("contingent")

    slug: str = PField(examples=["ke-217-january-2025"])
    url: str
    mission: Link | MissionPublic = PField(
        discriminator="object",
        description="A link; the full mission record with `include=mission`.",
    )
    nation: NationLink | NationPublic = PField(
        discriminator="object", description="A link; the full nation record with `include=nation`."
    )
    ordinal: int | None = PField(
        description="Its place in the nation's sequence of contingents (3 = third).",
        examples=[3],
    )
    personnel: Quantity | None
    status: ContingentStatus = PField(
        description="deployed: sent, arrival not reported; returned: home again."
    )
    departed: FuzzyDate | None
    deployed: FuzzyDate | None
    arrived: FuzzyDate | None
    returned: FuzzyDate | None = PField(description="When it came home, if it has.")
    departure_place: str | None
    arrival_place: str | None
    received_by: str | None
    escorts: list[Annotated[Link | OfficialPublic, PField(discriminator="object")]] = PField(
        description="Officials who escorted it, in the source's order; full records with "
        "`include=escorts`."
    )
    events: list[Link]
    evidence: list[EvidencePublic]
    conflicts: list[ConflictPublic]
    corroboration: CorroborationPublic
