import datetime as dt
from typing import Any, Literal, get_args

from pydantic import Field as PField
from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

from app.models.base import Public, record_object
from app.models.common import FuzzyDate, Qualifier
from app.models.evidence import ConflictPublic, CorroborationPublic, EvidencePublic
from app.models.links import Link, NationLink
from app.models.mission import MissionPublic
from app.models.nation import NationPublic

# The services a figure may count, when it counts one.
Service = Literal["police", "military"]
SERVICES: tuple[str, ...] = get_args(Service)
# What a figure counts: every nation, one nation, or one nation's service.
Scope = Literal["mission", "nation", "service"]
SCOPES: tuple[str, ...] = get_args(Scope)


def scope_of(nation: str | None, service: str | None) -> str:
    if nation is None:
        return "mission"
    return "nation" if service is None else "service"


class Strength(SQLModel, table=True):
    """A reported number of personnel as of a date, its qualifier kept: the whole
    mission's (no nation), one nation's, or one service's; a figure about one nation's
    part in the mission names that participation."""

    # The default order of /v1/strength (the time series), read from one index.
    __table_args__ = (
        Index("ix_strength_default_order", "as_of_earliest_on", "as_of_latest_on", "slug"),
    )

    slug: str = Field(primary_key=True)
    mission_slug: str = Field(foreign_key="mission.slug", index=True)
    nation_code: str | None = Field(default=None, foreign_key="nation.code", index=True)
    participation_slug: str | None = Field(
        default=None, foreign_key="participation.slug", index=True
    )
    service: str | None = Field(default=None, index=True)
    scope: str = Field(index=True)
    value: int = Field(index=True)
    qualifier: str = Field(index=True)
    unit: str
    basis: str | None = None
    as_of: dict[str, Any] = Field(sa_type=JSON(none_as_null=True))
    as_of_earliest_on: dt.date | None = Field(default=None, index=True)
    as_of_latest_on: dt.date | None = Field(default=None, index=True)


# --- Public (response) models -------------------------------------------------------


class StrengthPublic(Public):
    """A reported number of personnel, as of a date: one point of the strength series."""

    object: Literal["figure"] = record_object("figure")

    slug: str = PField(examples=["mss-haiti-ke-police-over-600"])
    url: str
    mission: Link | MissionPublic = PField(
        discriminator="object",
        description="A link; the full mission record with `include=mission`.",
    )
    nation: NationLink | NationPublic | None = PField(
        discriminator="object",
        description="The nation counted, or null for the whole mission; the full nation "
        "record with `include=nation`.",
    )
    scope: Scope = PField(
        description="What is counted: `mission` (every nation), `nation` or `service` "
        "(one nation's police or military).",
        examples=["nation"],
    )
    service: Service | None = PField(description="The service counted, if one.")
    participation: str | None = PField(
        description="Slug of the participation (a nation's part in the mission) it counts."
    )
    value: int = PField(examples=[600])
    qualifier: Qualifier = PField(
        description="How the number relates to the true figure: `more_than` 600 is a lower "
        "bound that 600 itself does not meet."
    )
    unit: str = PField(examples=["police officers"])
    basis: str | None = PField(description="What the source counts, in its terms.")
    as_of: FuzzyDate
    evidence: list[EvidencePublic]
    conflicts: list[ConflictPublic]
    corroboration: CorroborationPublic
