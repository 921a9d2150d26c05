from typing import Literal

from pydantic import Field as PField
from sqlmodel import Field, SQLModel

from app.models.base import Public, record_object
from app.models.evidence import ConflictPublic, CorroborationPublic, EvidencePublic
from app.models.links import Link, NationLink
from app.models.nation import NationPublic


class Organisation(SQLModel, table=True):
    slug: str = Field(primary_key=True)
    name: str = Field(index=True)
    acronym: str | None = None
    nation_code: str | None = Field(default=None, foreign_key="nation.code", index=True)


# --- Public (response) models -------------------------------------------------------


class MemberPublic(Public):
    """An official holding (or having held) a position in the organisation."""

    official: Link
    position: str = PField(description="Slug of the position, `<official>-<n>`.")
    title: str = PField(examples=["Deputy Inspector General"])
    current: bool


class MissionRolePublic(Public):
    """The part an organisation plays in a mission."""

    mission: Link
    role: Literal["authorised_by", "partner_organisation"]


class OrganisationPublic(Public):
    """An organisation: its nation, its members' positions, its missions and statements."""

    object: Literal["organisation"] = record_object("organisation")

    slug: str = PField(examples=["national-police-service-kenya"])
    url: str
    name: str = PField(examples=["National Police Service of Kenya"])
    acronym: str | None
    nation: NationLink | NationPublic | None = PField(
        discriminator="object", description="A link; the full nation record with `include=nation`."
    )
    members: list[MemberPublic]
    missions: list[MissionRolePublic]
    quotes: list[Link]
    events: list[Link]
    evidence: list[EvidencePublic]
    conflicts: list[ConflictPublic]
    corroboration: CorroborationPublic
