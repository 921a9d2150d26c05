import datetime as dt
from typing import Any

from pydantic import BaseModel
from pydantic import Field as PField
from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from app.models.common import FuzzyDate, Qualifier
from app.models.evidence import ConflictPublic, EvidencePublic
from app.models.links import Link, ListLink, NationLink


class Mission(SQLModel, table=True):
    slug: str = Field(primary_key=True)
    name: str
    acronym: str | None = None
    purpose: str | None = None
    host_nation_code: str | None = Field(default=None, foreign_key="nation.code")
    lead_nation_code: str | None = Field(default=None, foreign_key="nation.code")
    authorised_by_slug: str | None = Field(default=None, foreign_key="organisation.slug")
    partner_organisation_slug: str | None = Field(default=None, foreign_key="organisation.slug")


class Participation(SQLModel, table=True):
    """The part one nation plays in one mission: one row per role."""

    slug: str = Field(primary_key=True)
    mission_slug: str = Field(foreign_key="mission.slug", index=True)
    nation_code: str = Field(foreign_key="nation.code", index=True)
    role: str = Field(index=True)
    description: str | None = None


class PersonnelFigure(SQLModel, table=True):
    """A personnel figure for a participation, as of a date, with its qualifier kept."""

    __tablename__ = "personnel_figure"

    slug: str = Field(primary_key=True)
    participation_slug: str = Field(foreign_key="participation.slug", index=True)
    value: int
    qualifier: str
    unit: str
    as_of: dict[str, Any] = Field(sa_type=JSON(none_as_null=True))
    as_of_earliest_on: dt.date | None = Field(default=None, index=True)
    as_of_latest_on: dt.date | None = None


# --- Public (response) models -------------------------------------------------------


class FigurePublic(BaseModel):
    """A personnel figure as its source gives it: a number, its qualifier, as of a date."""

    slug: str = PField(examples=["mss-haiti-ke-police-over-600"])
    value: int = PField(examples=[600])
    qualifier: Qualifier = PField(
        description="How the number relates to the true figure: `more_than` 600 is a lower "
        "bound that 600 itself does not meet."
    )
    unit: str = PField(examples=["police officers"])
    as_of: FuzzyDate
    evidence: list[EvidencePublic]


class ParticipationPublic(BaseModel):
    """The part one nation plays in one mission, with its personnel figures."""

    slug: str = PField(examples=["mss-haiti-ke-police"])
    mission: Link
    nation: NationLink
    role: str = PField(
        description="lead, police_contributor, personnel_contributor, military_contributor, "
        "supporter or host.",
        examples=["police_contributor"],
    )
    description: str | None
    figures: list[FigurePublic]
    evidence: list[EvidencePublic]


class CurrentFigurePublic(BaseModel):
    """The latest figure (by as-of date) of one participation."""

    nation: NationLink
    role: str
    participation: str = PField(description="Slug of the participation the figure belongs to.")
    figure: FigurePublic


class MissionPublic(BaseModel):
    """A mission: purpose, authorisation, lead and host nations, and who takes part."""

    slug: str = PField(examples=["mss-haiti"])
    url: str
    name: str = PField(examples=["Multinational Security Support"])
    acronym: str | None = PField(examples=["MSS"])
    purpose: str | None
    host_nation: NationLink | None
    lead_nation: NationLink | None
    authorised_by: Link | None = PField(description="The organisation that authorised it.")
    partner_organisation: Link | None
    participations: list[ParticipationPublic]
    current_figures: list[CurrentFigurePublic] = PField(
        description="For each participation with figures, the one with the latest as-of date."
    )
    contingents: ListLink = PField(description="Its contingents: /v1/contingents?mission=")
    events: list[Link]
    evidence: list[EvidencePublic]
    conflicts: list[ConflictPublic]
