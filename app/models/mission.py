import datetime as dt
from typing import Any, Literal, get_args

from pydantic import Field as PField
from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from app.models.base import Public, record_object
from app.models.common import FuzzyDate, Qualifier
from app.models.evidence import ConflictPublic, CorroborationPublic, EvidencePublic
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
    # The loader checks that it names a mission; no database key, so that adding it to
    # a filled SQLite table needs no rebuild of the table others point at.
    predecessor_slug: str | None = Field(default=None, index=True)
    authorised: dict[str, Any] | None = Field(default=None, sa_type=JSON(none_as_null=True))
    authorised_earliest_on: dt.date | None = Field(default=None, index=True)
    authorised_latest_on: dt.date | None = None
    authorisation_ended: dict[str, Any] | None = Field(
        default=None, sa_type=JSON(none_as_null=True)
    )
    authorisation_ended_earliest_on: dt.date | None = Field(default=None, index=True)
    authorisation_ended_latest_on: dt.date | None = None


# The parts a nation plays in a mission, in the order participations are listed.
Role = Literal[
    "lead",
    "police_contributor",
    "personnel_contributor",
    "military_contributor",
    "supporter",
    "host",
]
ROLES: tuple[str, ...] = get_args(Role)


class Participation(SQLModel, table=True):
    """The part one nation plays in one mission: one row per role."""

    slug: str = Field(primary_key=True)
    mission_slug: str = Field(foreign_key="mission.slug", index=True)
    nation_code: str = Field(foreign_key="nation.code", index=True)
    role: str = Field(index=True)
    description: str | None = None


# --- Public (response) models -------------------------------------------------------


class FigurePublic(Public):
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


class ParticipationPublic(Public):
    """The part one nation plays in one mission, with its personnel figures."""

    slug: str = PField(examples=["mss-haiti-ke-police"])
    mission: Link
    nation: NationLink
    role: Role = PField(examples=["police_contributor"])
    description: str | None
    figures: list[FigurePublic]
    evidence: list[EvidencePublic]


class CurrentFigurePublic(Public):
    """The latest figure (by as-of date) of one participation."""

    nation: NationLink
    role: Role
    participation: str = PField(description="Slug of the participation the figure belongs to.")
    figure: FigurePublic


class MissionPublic(Public):
    """A mission: purpose, authorisation, lead and host nations, and who takes part."""

    object: Literal["mission"] = record_object("mission")

    slug: str = PField(examples=["mss-haiti"])
    url: str
    name: str = PField(examples=["Multinational Security Support"])
    acronym: str | None = PField(examples=["MSS"])
    purpose: str | None
    host_nation: NationLink | None
    lead_nation: NationLink | None
    authorised_by: Link | None = PField(description="The organisation that authorised it.")
    partner_organisation: Link | None
    predecessor: Link | None = PField(description="The mission it succeeded, if any.")
    successors: list[Link] = PField(description="The missions that succeeded it.")
    authorised: FuzzyDate | None = PField(description="When it was first authorised.")
    authorisation_ended: FuzzyDate | None = PField(
        description="When its authorisation ended, if it has."
    )
    decisions: ListLink = PField(description="Decisions about it: /v1/decisions?mission=")
    strength: ListLink = PField(
        description="Its reported strength over time: /v1/strength?mission="
    )
    pledges: ListLink = PField(description="Pledges of personnel to it: /v1/pledges?mission=")
    participations: list[ParticipationPublic]
    current_figures: list[CurrentFigurePublic] = PField(
        description="For each participation with figures, the one with the latest as-of date."
    )
    contingents: ListLink = PField(description="Its contingents: /v1/contingents?mission=")
    events: list[Link]
    evidence: list[EvidencePublic]
    conflicts: list[ConflictPublic]
    corroboration: CorroborationPublic
