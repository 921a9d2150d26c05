from pydantic import BaseModel
from pydantic import Field as PField
from sqlmodel import Field, SQLModel

from app.models.evidence import ConflictPublic, EvidencePublic
from app.models.links import Link
from app.models.mission import ParticipationPublic


class Nation(SQLModel, table=True):
    """A nation, keyed by its ISO 3166-1 alpha-2 code."""

    code: str = Field(primary_key=True, max_length=2)
    name: str = Field(index=True)


# --- Public (response) models -------------------------------------------------------


class NationPublic(BaseModel):
    """A nation and every part it plays, with personnel figures and related records."""

    code: str = PField(examples=["KE"])
    url: str
    name: str = PField(examples=["Kenya"])
    roles: list[str] = PField(
        description="Its roles across missions, in the order the data gives them.",
        examples=[["lead", "police_contributor"]],
    )
    participations: list[ParticipationPublic]
    contingents: list[Link]
    officials: list[Link]
    organisations: list[Link]
    events: list[Link]
    evidence: list[EvidencePublic]
    conflicts: list[ConflictPublic]
