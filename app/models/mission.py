import datetime as dt
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel


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
