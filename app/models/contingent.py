import datetime as dt
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel


class Contingent(SQLModel, table=True):
    """A deployment of personnel: arrived, deployed (arrival not reported) or planned.

    Each date is kept whole as JSON (words, bounds, precision, inference) beside indexed
    copies of its bounds for filtering and sorting.
    """

    slug: str = Field(primary_key=True)
    mission_slug: str = Field(foreign_key="mission.slug", index=True)
    nation_code: str = Field(foreign_key="nation.code", index=True)
    ordinal: int | None = Field(default=None, index=True)
    personnel_value: int | None = Field(default=None, index=True)
    personnel_qualifier: str | None = None
    personnel_unit: str | None = None
    personnel_breakdown: dict[str, int] | None = Field(
        default=None, sa_type=JSON(none_as_null=True)
    )
    status: str = Field(index=True)
    departed: dict[str, Any] | None = Field(default=None, sa_type=JSON(none_as_null=True))
    departed_earliest_on: dt.date | None = Field(default=None, index=True)
    departed_latest_on: dt.date | None = None
    deployed: dict[str, Any] | None = Field(default=None, sa_type=JSON(none_as_null=True))
    deployed_earliest_on: dt.date | None = Field(default=None, index=True)
    deployed_latest_on: dt.date | None = None
    arrived: dict[str, Any] | None = Field(default=None, sa_type=JSON(none_as_null=True))
    arrived_earliest_on: dt.date | None = Field(default=None, index=True)
    arrived_latest_on: dt.date | None = None
    arrival_place: str | None = None
    received_by: str | None = None


class ContingentEscort(SQLModel, table=True):
    """A person who escorted a contingent, in the order the source names them."""

    __tablename__ = "contingent_escort"

    contingent_slug: str = Field(foreign_key="contingent.slug", primary_key=True)
    person_slug: str = Field(foreign_key="person.slug", primary_key=True, index=True)
    ordinal: int
